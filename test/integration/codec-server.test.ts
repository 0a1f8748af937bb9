/**
 * The codec endpoints for the Temporal UI and CLI (SPEC §9): Temporal's remote codec protocol on the API.
 * The raw history of a real case (read without the codec) decodes to the customer's text through
 * POST /codec/decode; encode and decode are inverse; only auditors and admins may call them; CORS answers
 * the Temporal UI's origin only; bad bodies and payloads the API cannot open are 400s naming the field;
 * and the real Temporal CLI shows the decoded history with `--codec-endpoint` and `--codec-auth`.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { codecEndpointOf } from '../../api/routes/codec';
import { AesGcmCodec } from '../../codec/aes-gcm';
import { connectClient, type ApiServer } from '../../api/server';
import { findTemporalCli } from '../../stack/temporal-cli';
import { apiAs, eventually, startApiBeside, useTestSystem } from '../support/system';

const uiOrigin = 'http://temporal-ui.test:8080';
const secrets = { subject: 'Kettle K-77 leaks, refund please', description: '水壶漏水，发票号 88-1234' };

const system = useTestSystem({ uiOrigins: [uiOrigin] });
let raw: Client;
let caseId: string;
/** The case's start input as Temporal stores it: sealed by the codec. */
let storedInput: Payload[];

beforeAll(async () => {
  raw = new Client({ connection: await Connection.connect({ address: system.temporalAddress }) });
  const opened = await apiAs(system.url, 'dev-intake').post('/cases', {
    channel: 'web',
    customer: { id: 'cu-codec-server', name: 'Ouyang Mingyue' },
    ...secrets,
  });
  expect(opened.status).toBe(201);
  caseId = opened.body.id;
  await eventually(async () => {
    const inbox = await apiAs(system.url, 'dev-frontline').get('/tasks?department=frontline');
    return inbox.body.items.find((t: { caseId: string }) => t.caseId === caseId);
  }, 'the triage task');
  const history = await raw.workflow.getHandle(`case-${caseId}`).fetchHistory();
  storedInput = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
});
afterAll(async () => {
  await raw?.connection.close();
});

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');
const text = (base64: string | undefined) => Buffer.from(base64 ?? '', 'base64').toString('utf8');

/** Payloads in protobuf JSON form, as the Temporal UI and CLI send them. */
function asJson(payloads: Payload[]) {
  return {
    payloads: payloads.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
      data: b64(p.data ?? new Uint8Array()),
    })),
  };
}

const namespace = { 'x-namespace': 'default' };
const decodeAs = (
  token: string,
  body: unknown,
  headers: Record<string, string> = namespace,
  url = system.url,
) => apiAs(url, token).post('/codec/decode', body, headers);
const encodeAs = (
  token: string,
  body: unknown,
  headers: Record<string, string> = namespace,
  url = system.url,
) => apiAs(url, token).post('/codec/encode', body, headers);

describe('decode', () => {
  it("opens the raw history's sealed payloads to the customer's text, for an auditor", async () => {
    expect(storedInput.length).toBeGreaterThan(0);
    const sealed = asJson(storedInput);
    expect(text(sealed.payloads[0]!.metadata.encoding)).toBe('binary/encrypted');
    expect(sealed.payloads.map((p) => text(p.data)).join()).not.toContain(secrets.subject);

    const res = await decodeAs('dev-auditor', sealed);
    expect(res.status).toBe(200);
    expect(res.body.payloads).toHaveLength(storedInput.length);
    const [input] = res.body.payloads;
    expect(text(input.metadata.encoding)).toBe('json/plain');
    const plain = text(input.data);
    expect(plain).toContain(secrets.subject);
    expect(plain).toContain(secrets.description);
  });

  it('is for auditors and admins: intake, agents and designers are refused, no token is 401', async () => {
    const body = asJson(storedInput);
    expect((await decodeAs('dev-admin', body)).status).toBe(200);
    for (const token of ['dev-intake', 'dev-frontline', 'dev-designer']) {
      const res = await decodeAs(token, body);
      expect({ token, status: res.status }).toEqual({ token, status: 403 });
      expect(JSON.stringify(res.body)).not.toContain(secrets.subject);
    }
    const anonymous = await decodeAs('', body);
    expect(anonymous.status).toBe(401);
    expect((await encodeAs('dev-intake', body)).status).toBe(403);
    expect((await encodeAs('', body)).status).toBe(401);
  });

  it('writes every call to the audit log, without the data', async () => {
    const before = await apiAs(system.url, 'dev-auditor').get('/audit-log?resource=codec/default&limit=1000');
    await decodeAs('dev-auditor', asJson(storedInput));
    await encodeAs('dev-admin', { payloads: [] });
    const after = await apiAs(system.url, 'dev-auditor').get('/audit-log?resource=codec/default&limit=1000');
    // Newest first: what the two calls added is at the top, the newest (encode) first.
    const added = after.body.items.slice(0, after.body.items.length - before.body.items.length).reverse();
    expect(added).toEqual([
      expect.objectContaining({
        principal: 'auditor',
        action: 'codec.decode',
        detail: { payloads: storedInput.length },
      }),
      expect.objectContaining({ principal: 'admin', action: 'codec.encode', detail: { payloads: 0 } }),
    ]);
    expect(JSON.stringify(after.body)).not.toContain(secrets.subject);
  });
});

describe('encode', () => {
  it('seals with the key the workers use, and decode gives back the same payload', async () => {
    const original = {
      payloads: [
        { metadata: { encoding: b64('json/plain') }, data: b64(JSON.stringify({ note: 'round trip 往返' })) },
        { metadata: { encoding: b64('binary/null') }, data: '' },
      ],
    };
    const sealed = await encodeAs('dev-auditor', original);
    expect(sealed.status).toBe(200);
    expect(sealed.body.payloads).toHaveLength(2);
    for (const p of sealed.body.payloads) {
      expect(text(p.metadata.encoding)).toBe('binary/encrypted');
      expect(text(p.metadata['encryption-key-id'])).toBe(system.codec.keyId);
      expect(text(p.data)).not.toContain('round trip');
    }
    // The workers' own codec opens what the endpoint sealed.
    const [opened] = await system.codec.decode([
      {
        metadata: {
          encoding: Buffer.from('binary/encrypted'),
          'encryption-key-id': Buffer.from(system.codec.keyId),
        },
        data: Buffer.from(sealed.body.payloads[0].data, 'base64'),
      },
    ]);
    expect(Buffer.from(opened!.data!).toString()).toBe(JSON.stringify({ note: 'round trip 往返' }));

    const back = await decodeAs('dev-auditor', sealed.body);
    expect(back.status).toBe(200);
    expect(back.body).toEqual(original);
  });

  it('takes the namespace from X-Namespace, absent or empty (as the CLI sends it), and refuses another', async () => {
    expect((await encodeAs('dev-auditor', { payloads: [] }, {})).status).toBe(200);
    expect((await decodeAs('dev-auditor', asJson(storedInput), { 'x-namespace': '' })).status).toBe(200);
    const other = await decodeAs('dev-auditor', asJson(storedInput), { 'x-namespace': 'payments' });
    expect(other.status).toBe(400);
    expect(other.body.errors).toEqual([{ field: 'headers.x-namespace', message: 'expected default' }]);
  });
});

describe('bad requests are 400s naming the field, never a 5xx', () => {
  it('refuses bodies that are not Payloads in protobuf JSON form', async () => {
    const notAList = await decodeAs('dev-auditor', { payloads: 'abc' });
    expect(notAList.status).toBe(400);
    expect(notAList.body.errors[0].field).toBe('body.payloads');

    const notBase64 = await decodeAs('dev-auditor', { payloads: [{ metadata: { encoding: 'json:plain' } }] });
    expect(notBase64.status).toBe(400);
    expect(notBase64.body.errors[0]).toEqual({
      field: 'body.payloads.0.metadata.encoding',
      message: 'expected base64 bytes (protobuf JSON)',
    });

    const badData = await encodeAs('dev-auditor', { payloads: [{ data: 'not base64!' }] });
    expect(badData.status).toBe(400);
    expect(badData.body.errors[0].field).toBe('body.payloads.0.data');

    const notJson = await decodeAs('dev-auditor', '{"payloads": [', namespace);
    expect(notJson.status).toBe(400);
  });

  it('says which payload was sealed with a key the API does not have, and how to fix it', async () => {
    const stranger = new AesGcmCodec([randomBytes(32)]);
    const foreign = await stranger.encode([
      { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"x"') },
    ]);
    const res = await decodeAs('dev-auditor', asJson([...storedInput.slice(0, 1), ...foreign]));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        field: 'body.payloads.1',
        message: expect.stringMatching(
          new RegExp(`sealed with key ${stranger.keyId}, which is not configured.*CASEFLOW_CODEC_OLD_KEYS`),
        ),
      },
    ]);

    const altered = asJson(storedInput.slice(0, 1));
    const bytes = Buffer.from(altered.payloads[0]!.data, 'base64');
    bytes[bytes.length - 1]! ^= 1;
    altered.payloads[0]!.data = bytes.toString('base64');
    const tampered = await decodeAs('dev-auditor', altered);
    expect(tampered.status).toBe(400);
    expect(tampered.body.errors[0].message).toMatch(/integrity check/);
  });
});

describe('CORS for the Temporal UI', () => {
  const preflight = (origin: string) =>
    fetch(`${system.url}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-namespace',
      },
    });

  it('answers the preflight from CASEFLOW_UI_ORIGIN with what the UI sends', async () => {
    const res = await preflight(uiOrigin);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-namespace']));
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });

  it('refuses the preflight from any other origin, with no CORS header', async () => {
    const res = await preflight('http://evil.test:8080');
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-headers')).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('names the UI origin on its answers (refusals too, so the UI can read them), and no other', async () => {
    const body = asJson(storedInput);
    const fromUi = await decodeAs('dev-auditor', body, { ...namespace, origin: uiOrigin });
    expect(fromUi.status).toBe(200);
    expect(fromUi.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    const refused = await decodeAs('', body, { ...namespace, origin: uiOrigin });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    const elsewhere = await decodeAs('dev-auditor', body, { ...namespace, origin: 'http://evil.test:8080' });
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    // Other routes never answer cross-origin callers.
    const cases = await apiAs(system.url, 'dev-auditor').raw('GET', '/cases', undefined, {
      origin: uiOrigin,
    });
    expect(cases.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('an API without CASEFLOW_CODEC_KEY', () => {
  let plainApi: ApiServer;
  let plainClient: Client;
  beforeAll(async () => {
    plainClient = await connectClient({
      address: system.temporalAddress,
      namespace: 'default',
      taskQueue: system.taskQueue,
    });
    plainApi = await startApiBeside(system, {
      client: plainClient,
    });
  });
  afterAll(async () => {
    await plainApi?.close();
    await plainClient?.connection.close();
  });

  it('passes unencrypted payloads through both ways, as its workers would', async () => {
    const plain = { payloads: [{ metadata: { encoding: b64('json/plain') }, data: b64('"hello"') }] };
    const encoded = await encodeAs('dev-auditor', plain, namespace, plainApi.url);
    expect(encoded).toMatchObject({ status: 200, body: plain });
    const decoded = await decodeAs('dev-auditor', plain, namespace, plainApi.url);
    expect(decoded).toMatchObject({ status: 200, body: plain });
    // And it does not answer cross-origin calls: CASEFLOW_UI_ORIGIN is unset there.
    const res = await fetch(`${plainApi.url}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: uiOrigin, 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('says a sealed payload needs the key, instead of handing back ciphertext as if decoded', async () => {
    const res = await decodeAs('dev-auditor', asJson(storedInput), namespace, plainApi.url);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toEqual({
      field: 'body.payloads.0',
      message: expect.stringMatching(/no CASEFLOW_CODEC_KEY/),
    });
  });
});

describe('the Temporal CLI', () => {
  const run = promisify(execFile);
  const show = (...extra: string[]) =>
    run(
      findTemporalCli()!,
      [
        'workflow',
        'show',
        '--address',
        system.temporalAddress,
        // No --namespace: the CLI then sends an empty X-Namespace, which must mean the default one.
        '--workflow-id',
        `case-${caseId}`,
        '--output',
        'json',
        '--codec-endpoint',
        codecEndpointOf(system.url),
        ...extra,
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );

  /** The start input of the case as `temporal workflow show -o json` prints it (payload bytes in base64). */
  const startInput = (stdout: string) => {
    const history = JSON.parse(stdout);
    const [payload] = history.events[0].workflowExecutionStartedEventAttributes.input.payloads;
    return { encoding: text(payload.metadata.encoding), data: text(payload.data) };
  };

  it("shows the case's history decoded with an auditor's token", async () => {
    const { stdout } = await show('--codec-auth', 'Bearer dev-auditor');
    const input = startInput(stdout);
    expect(input.encoding).toBe('json/plain');
    expect(input.data).toContain(secrets.subject);
    expect(input.data).toContain(secrets.description);
  });

  it('shows nothing decoded without a token (the CLI retries the refused call until its timeout)', async () => {
    const refused = await show('--command-timeout', '3s').then(
      ({ stdout }) => ({ exit: 0, out: stdout }),
      (err: { code?: number; stdout?: string; stderr?: string }) => ({
        exit: err.code,
        out: `${err.stdout ?? ''}${err.stderr ?? ''}`,
      }),
    );
    expect(refused.exit).not.toBe(0);
    expect(refused.out).not.toContain(secrets.subject);
    expect(refused.out).not.toContain('"json/plain"');
  });
});
