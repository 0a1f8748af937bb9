/**
 * TEMPORAL_TLS_CERT / TEMPORAL_TLS_KEY / TEMPORAL_TLS_CA and TEMPORAL_API_KEY on real connections. A CA, a
 * server and client certificates are made with openssl; a TLS-terminating proxy that requires a client
 * certificate (mTLS) stands in front of the run's Temporal dev server. The compiled worker and API reach
 * Temporal through it and run a case; clients without the CA or the certificate are refused. A stand-in
 * gRPC frontend shows the API key is really sent, by the client and by the worker, and only over TLS.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import type { Pool } from 'pg';
import { loadEnv } from '../../config/env';
import { projectRoot } from '../../config/paths';
import { temporalConnectOptions } from '../../config/temporal-connection';
import { createPool, quoteIdent } from '../../db/pool';
import { freePort, startNode, type Started } from '../support/processes';
import {
  makePki,
  startPlainListener,
  startRecordingFrontend,
  startTlsProxy,
  type Pki,
  type TlsProxy,
} from '../support/tls';
import { walkCaseToResolved } from '../support/walk-case';

const suffix = randomBytes(4).toString('hex');
const database = `cf_tls_${suffix}`;
const adminUrl = process.env.DATABASE_URL!;
const dir = mkdtempSync(join(tmpdir(), 'caseflow-tls-'));
const codecKey = randomBytes(32).toString('hex');
const apiKey = `cf-test-key-${randomBytes(12).toString('hex')}`;

const databaseUrl = (): string => {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

const processEnv = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  DATABASE_URL: databaseUrl(),
  CASEFLOW_TASK_QUEUE: `caseflow-tls-${suffix}`,
  CASEFLOW_CODEC_KEY: codecKey,
  CASEFLOW_RATE_LIMIT: '0',
  // The development tokens are accepted on loopback only (api/dev-tokens.ts).
  CASEFLOW_API_HOST: '127.0.0.1',
  // The run's bundle (test/setup/global-setup.ts): the worker starts without bundling.
  CASEFLOW_WORKFLOW_BUNDLE: process.env.CASEFLOW_TEST_WORKFLOW_BUNDLE,
  LOG_LEVEL: 'info',
  ...extra,
});

/**
 * Runs a compiled entry point to its end (for one that must stop). Asynchronously: the proxy and the
 * stand-in frontend it talks to live in this process and must keep answering.
 */
function runEntry(entry: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, [join(projectRoot, 'dist', entry)], {
    env: processEnv(env),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.once('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stderr });
    }),
  );
}

/** A client connection from settings, as the API and the CLI make it; short timeout for expected refusals. */
const connectWith = (settings: { TEMPORAL_ADDRESS: string } & Record<string, string>) =>
  Connection.connect({
    ...temporalConnectOptions({ ...loadEnv(settings), TEMPORAL_ADDRESS: settings.TEMPORAL_ADDRESS }),
    connectTimeout: 3_000,
  });

/** 'connected' or 'refused', closing what connected. */
const outcome = (settings: { TEMPORAL_ADDRESS: string } & Record<string, string>) =>
  connectWith(settings).then(
    async (connection) => {
      await connection.close();
      return 'connected';
    },
    () => 'refused',
  );

let pki: Pki;
let proxy: TlsProxy;
let admin: Pool;
const running: Started[] = [];

beforeAll(async () => {
  pki = makePki(dir);
  proxy = await startTlsProxy({
    target: process.env.CASEFLOW_TEST_TEMPORAL_ADDRESS!,
    pki,
    clientCa: pki.ca,
  });
  admin = createPool(adminUrl, { max: 1 });
  await admin.query(`CREATE DATABASE ${quoteIdent(database)}`);
});

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  await proxy?.close();
  await admin?.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
  await admin?.end();
  rmSync(dir, { recursive: true, force: true });
});

describe('Temporal behind mTLS', () => {
  it('a worker and an API with the TLS settings reach it and run a case', async () => {
    const tls = {
      TEMPORAL_ADDRESS: proxy.address,
      TEMPORAL_TLS_CA: pki.ca,
      TEMPORAL_TLS_CERT: pki.clientCert,
      TEMPORAL_TLS_KEY: pki.clientKey,
    };
    const worker = await startNode(
      join(projectRoot, 'dist', 'worker', 'main.js'),
      processEnv(tls),
      /worker running/,
    );
    running.push(worker);
    expect(worker.output()).toContain('"temporal":"TLS (CA from TEMPORAL_TLS_CA), client certificate"');
    const port = await freePort();
    const api = await startNode(
      join(projectRoot, 'dist', 'api', 'main.js'),
      processEnv({ ...tls, PORT: String(port) }),
      /api listening/,
    );
    running.push(api);

    await walkCaseToResolved(
      `http://127.0.0.1:${port}`,
      'cu-tls',
      'the triage task, written by the worker that reached Temporal over mTLS',
    );
    expect(proxy.accepted()).toBeGreaterThanOrEqual(2);
  });

  it('refuses a client that does not trust the CA, one without a certificate, a stranger, and plaintext', async () => {
    const refusedBefore = proxy.refused();
    const attempts = {
      'no CA (system CAs only)': { TEMPORAL_TLS_CERT: pki.clientCert, TEMPORAL_TLS_KEY: pki.clientKey },
      'no client certificate': { TEMPORAL_TLS_CA: pki.ca },
      "another CA's certificate": {
        TEMPORAL_TLS_CA: pki.ca,
        TEMPORAL_TLS_CERT: pki.strangerCert,
        TEMPORAL_TLS_KEY: pki.strangerKey,
      },
      plaintext: {},
    };
    const outcomes: Record<string, string> = {};
    for (const [what, settings] of Object.entries(attempts)) {
      outcomes[what] = await outcome({ TEMPORAL_ADDRESS: proxy.address, ...settings });
    }
    expect(outcomes).toEqual({
      'no CA (system CAs only)': 'refused',
      'no client certificate': 'refused',
      "another CA's certificate": 'refused',
      plaintext: 'refused',
    });
    // The same settings with the CA and the client certificate connect.
    expect(
      await outcome({
        TEMPORAL_ADDRESS: proxy.address,
        TEMPORAL_TLS_CA: pki.ca,
        TEMPORAL_TLS_CERT: pki.clientCert,
        TEMPORAL_TLS_KEY: pki.clientKey,
      }),
    ).toBe('connected');
    // The three TLS clients failed their handshakes at the proxy (plaintext never got that far).
    expect(proxy.refused() - refusedBefore).toBeGreaterThanOrEqual(3);
  });

  it('a worker without its client certificate stops with one line, no stack trace', async () => {
    const res = await runEntry('worker/main.js', {
      TEMPORAL_ADDRESS: proxy.address,
      TEMPORAL_TLS_CA: pki.ca,
    });
    expect(res.status).toBe(1);
    expect(res.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^caseflow worker: /)]);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('TEMPORAL_API_KEY', () => {
  it('the client and the worker send it as authorization: Bearer <key>, over TLS', async () => {
    const frontend = await startRecordingFrontend(pki);
    try {
      const settings = {
        TEMPORAL_ADDRESS: frontend.address,
        TEMPORAL_API_KEY: apiKey,
        TEMPORAL_TLS_CA: pki.ca,
      };
      // The stand-in answers UNAUTHENTICATED: the client's first call, then the worker's, fail after sending.
      await expect(connectWith(settings)).rejects.toThrow('Failed to connect to Temporal server');
      const worker = await runEntry('worker/main.js', settings);
      expect(worker.status).toBe(1);
      expect(worker.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^caseflow worker: /)]);
      expect(worker.stderr).not.toContain(apiKey);

      expect(frontend.calls.length).toBeGreaterThanOrEqual(2);
      for (const headers of frontend.calls) {
        expect(headers[':path']).toMatch(/^\/temporal\.api\.workflowservice\.v1\.WorkflowService\//);
        expect(headers.authorization).toBe(`Bearer ${apiKey}`);
      }
      // Both the client (grpc-js) and the worker (the SDK's core) made calls.
      const agents = new Set(frontend.calls.map((h) => String(h['user-agent'] ?? '').split('/')[0]));
      expect(agents.size).toBeGreaterThanOrEqual(2);
    } finally {
      await frontend.close();
    }
  });

  it('alone, it turns TLS on (system CAs): a plaintext endpoint gets a TLS handshake and never the key', async () => {
    const listener = await startPlainListener();
    try {
      const connecting = connectWith({ TEMPORAL_ADDRESS: listener.address, TEMPORAL_API_KEY: apiKey });
      await expect(connecting).rejects.toThrow();
      const received = listener.received();
      expect(received[0]).toBe(0x16); // a TLS handshake record (ClientHello), not HTTP/2's plaintext preface
      expect(received.includes(apiKey)).toBe(false);
    } finally {
      await listener.close();
    }
  });
});
