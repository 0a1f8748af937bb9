/**
 * The Temporal connection settings (TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY, TEMPORAL_TLS_CA, TEMPORAL_API_KEY)
 * and CASEFLOW_WORKFLOW_BUNDLE: validated at start with one line naming the variable, and turned into the
 * options both Temporal connections take. Real connections: test/integration/temporal-tls.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadEnv } from '../../../config/env';
import { describeTemporalConnection, temporalConnectOptions } from '../../../config/temporal-connection';

const dir = mkdtempSync(join(tmpdir(), 'caseflow-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
// Only the PEM framing matters to the settings check; real certificates are made in the integration test.
const pem = (label: string, body: string) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
const cert = file('client.pem', pem('CERTIFICATE', 'Y2xpZW50'));
const key = file('client.key', pem('PRIVATE KEY', 'a2V5'));
const ca = file('ca.pem', pem('CERTIFICATE', 'Y2E='));

/** The problems loadEnv reports, one line each. */
function problems(settings: Record<string, string>): string[] {
  try {
    loadEnv(settings);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('TLS and API key settings', () => {
  it('accepts a CA, a client certificate with its key, and an API key', () => {
    const env = loadEnv({
      TEMPORAL_TLS_CA: ca,
      TEMPORAL_TLS_CERT: cert,
      TEMPORAL_TLS_KEY: key,
      TEMPORAL_API_KEY: 'k1',
    });
    expect(env).toMatchObject({ TEMPORAL_TLS_CA: ca, TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_KEY: key });
  });

  it('wants the certificate and its key together, naming the one that is set', () => {
    expect(problems({ TEMPORAL_TLS_CERT: cert })).toEqual([
      `TEMPORAL_TLS_CERT: set only together with TEMPORAL_TLS_KEY (its private key) (got "${cert}")`,
    ]);
    expect(problems({ TEMPORAL_TLS_KEY: key })).toEqual([
      `TEMPORAL_TLS_KEY: set only together with TEMPORAL_TLS_CERT (the client certificate) (got "${key}")`,
    ]);
  });

  it('lists a missing pair together with other bad settings, all at once', () => {
    const lines = problems({ TEMPORAL_TLS_CERT: cert, PORT: 'eighty' });
    expect(lines.map((l) => l.split(':')[0]).sort()).toEqual(['PORT', 'TEMPORAL_TLS_CERT']);
  });

  it('refuses a path that is not a readable file', () => {
    mkdirSync(join(dir, 'a-directory'));
    for (const path of [join(dir, 'missing.pem'), join(dir, 'a-directory')]) {
      expect(problems({ TEMPORAL_TLS_CA: path })).toEqual([
        expect.stringMatching(
          /^TEMPORAL_TLS_CA: expected the path of a readable PEM file: the CA that signed/,
        ),
      ]);
    }
  });

  it('refuses a file of the wrong kind: a key for a certificate, DER, an encrypted key', () => {
    const der = file('ca.der', '\u0030\u0082\u0001\u000a binary');
    const encrypted = file('encrypted.key', pem('ENCRYPTED PRIVATE KEY', 'c2VjcmV0'));
    expect(problems({ TEMPORAL_TLS_CA: key })).toEqual([
      expect.stringMatching(/^TEMPORAL_TLS_CA: expected a PEM certificate \(-----BEGIN CERTIFICATE-----\)/),
    ]);
    expect(problems({ TEMPORAL_TLS_CA: der })).toEqual([
      expect.stringMatching(/^TEMPORAL_TLS_CA: expected a PEM certificate/),
    ]);
    expect(problems({ TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_KEY: encrypted })).toEqual([
      expect.stringMatching(/^TEMPORAL_TLS_KEY: expected an unencrypted PEM private key/),
    ]);
    expect(problems({ TEMPORAL_TLS_CERT: key, TEMPORAL_TLS_KEY: cert })).toHaveLength(2);
  });

  it('refuses an API key with spaces or line breaks without printing it', () => {
    const secret = 'abc def-very-secret';
    const lines = problems({ TEMPORAL_API_KEY: secret });
    expect(lines).toEqual([
      'TEMPORAL_API_KEY: expected an API key: one line of printable characters, no spaces (got 19 characters, not shown)',
    ]);
    expect(lines.join('\n')).not.toContain('secret');
  });

  it('CASEFLOW_WORKFLOW_BUNDLE must name a readable file', () => {
    expect(loadEnv({ CASEFLOW_WORKFLOW_BUNDLE: ca }).CASEFLOW_WORKFLOW_BUNDLE).toBe(ca);
    expect(problems({ CASEFLOW_WORKFLOW_BUNDLE: join(dir, 'nope.js') })).toEqual([
      expect.stringMatching(/^CASEFLOW_WORKFLOW_BUNDLE: expected the path of a readable file: /),
    ]);
  });
});

describe('temporalConnectOptions', () => {
  const address = 'temporal.example.com:7233';

  it('is plaintext with no TLS setting and no API key, as the dev server speaks', () => {
    const options = temporalConnectOptions({ TEMPORAL_ADDRESS: address });
    expect(options).toEqual({ address });
    expect(describeTemporalConnection(options)).toBe('plaintext');
  });

  it('reads the CA, the certificate and the key for TLS and mTLS', () => {
    const options = temporalConnectOptions({
      TEMPORAL_ADDRESS: address,
      TEMPORAL_TLS_CA: ca,
      TEMPORAL_TLS_CERT: cert,
      TEMPORAL_TLS_KEY: key,
    });
    expect(options.address).toBe(address);
    expect(Buffer.from(options.tls!.serverRootCACertificate!).toString()).toContain('Y2E=');
    expect(Buffer.from(options.tls!.clientCertPair!.crt).toString()).toContain('Y2xpZW50');
    expect(Buffer.from(options.tls!.clientCertPair!.key).toString()).toContain('a2V5');
    expect(options.apiKey).toBeUndefined();
    expect(describeTemporalConnection(options)).toBe('TLS (CA from TEMPORAL_TLS_CA), client certificate');
  });

  it('turns TLS on with the system CAs for a CA-less certificate or an API key alone', () => {
    expect(temporalConnectOptions({ TEMPORAL_ADDRESS: address, TEMPORAL_API_KEY: 'k1' })).toEqual({
      address,
      tls: {},
      apiKey: 'k1',
    });
    const withKey = temporalConnectOptions({
      TEMPORAL_ADDRESS: address,
      TEMPORAL_API_KEY: 'k1',
      TEMPORAL_TLS_CA: ca,
    });
    expect(describeTemporalConnection(withKey)).toBe('TLS (CA from TEMPORAL_TLS_CA), API key');
    const mtls = temporalConnectOptions({
      TEMPORAL_ADDRESS: address,
      TEMPORAL_TLS_CERT: cert,
      TEMPORAL_TLS_KEY: key,
    });
    expect(mtls.tls?.serverRootCACertificate).toBeUndefined();
    expect(describeTemporalConnection(mtls)).toBe('TLS (system CAs), client certificate');
  });

  it('refuses half a client certificate pair when called without config/env.ts', () => {
    expect(() => temporalConnectOptions({ TEMPORAL_ADDRESS: address, TEMPORAL_TLS_CERT: cert })).toThrow(
      'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY: set both',
    );
  });
});
