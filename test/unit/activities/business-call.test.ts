/**
 * The business-call activity against a real local HTTP server: secrets by reference (sent, never shown),
 * the allow-list on the first URL and on every redirect hop, the cap on answers, one deadline for the
 * whole call.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/activity';
import { createBusinessCall, MAX_ANSWER_BYTES } from '../../../activities/business-call';
import type { BusinessCallRequest } from '../../../activities/types';
import { parseCallAllow, type CallAllowList } from '../../../config/call-allow';

const TOKEN = 's3cr3t-token-4f9a0c';
const API_KEY = 'k3y+with/odd=chars';
const secrets = (name: string) => ({ CRM_TOKEN: TOKEN, CRM_KEY: API_KEY })[name];

interface Seen {
  method: string;
  url: string;
  host: string;
  headers: IncomingHttpHeaders;
  body: string;
}
let seen: Seen[] = [];
let server: Server;
let base: string;
let port: number;

/** Each path is one behaviour of the business system. */
function handle(path: string, res: import('node:http').ServerResponse, req: Seen): void {
  const url = new URL(req.url, base);
  if (path === '/echo') {
    // A system that echoes what it got, credentials included: the echo must not reach vars.
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ authorization: req.headers.authorization, url: req.url }));
  } else if (path === '/reject') {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `bad request ${req.url}` }));
  } else if (path === '/to-elsewhere') {
    res.writeHead(302, { location: 'http://evil.example/steal' }).end();
  } else if (path === '/to-localhost') {
    res.writeHead(307, { location: `http://localhost:${port}/echo` }).end();
  } else if (path === '/see-other') {
    res.writeHead(303, { location: '/echo' }).end();
  } else if (path === '/loop') {
    const n = Number(url.searchParams.get('n') ?? 0);
    res.writeHead(302, { location: `/loop?n=${n + 1}` }).end();
  } else if (path === '/slow-hops') {
    const n = Number(url.searchParams.get('n') ?? 0);
    setTimeout(() => res.writeHead(302, { location: `/slow-hops?n=${n + 1}` }).end(), 300);
  } else if (path === '/huge') {
    // Chunked, no content-length: the cap is enforced while reading.
    res.writeHead(200, { 'content-type': 'text/plain' });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const more = (): void => {
      while (sent <= MAX_ANSWER_BYTES * 4) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', more);
      }
      res.end();
    };
    res.on('error', () => undefined);
    more();
  } else if (path === '/huge-declared') {
    res.writeHead(200, { 'content-length': String(MAX_ANSWER_BYTES + 1) });
    res.end(Buffer.alloc(MAX_ANSWER_BYTES + 1, 'b'));
  } else if (path === '/just-under') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end(Buffer.alloc(MAX_ANSWER_BYTES, 'c'));
  } else {
    res.writeHead(404).end();
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const entry = {
        method: req.method ?? '',
        url: req.url ?? '',
        host: req.headers.host ?? '',
        headers: req.headers,
        body,
      };
      seen.push(entry);
      handle(new URL(entry.url, base).pathname, res, entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  seen = [];
});

const request = (over: Partial<BusinessCallRequest>): BusinessCallRequest => ({
  key: 'case-1/lookup/1',
  method: 'GET',
  url: `${base}/echo`,
  headers: {},
  timeoutMs: 5_000,
  ...over,
});

const call = createBusinessCall({ secrets });

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApplicationFailure) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('secrets by reference', () => {
  it('sends the value the worker holds, and keeps it out of the answer stored in vars', async () => {
    const result = await call(
      request({
        headers: { Authorization: { secret: 'CRM_TOKEN' }, 'X-Client': 'caseflow' },
        query: { key: { secret: 'CRM_KEY' }, q: 'gold' },
      }),
    );
    expect(seen[0]?.headers.authorization).toBe(TOKEN);
    expect(seen[0]?.headers['x-client']).toBe('caseflow');
    expect(new URL(seen[0]!.url, base).searchParams.get('key')).toBe(API_KEY);
    expect(new URL(seen[0]!.url, base).searchParams.get('q')).toBe('gold');
    const stored = JSON.stringify(result);
    expect(stored).not.toContain(TOKEN);
    expect(stored).not.toContain(encodeURIComponent(API_KEY));
    expect(result.body).toMatchObject({ authorization: '[secret CRM_TOKEN]' });
  });

  it('names the secret, never its value, when the call fails', async () => {
    const failure = await failureOf(
      call(
        request({
          method: 'POST',
          url: `${base}/reject`,
          headers: { 'X-Api-Key': { secret: 'CRM_TOKEN' } },
          query: { key: { secret: 'CRM_KEY' } },
          body: { ask: 'level' },
        }),
      ),
    );
    expect(seen[0]?.headers['x-api-key']).toBe(TOKEN);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toBe(`POST ${base}/reject?key=[secret CRM_KEY] answered 400`);
    const everything = JSON.stringify({ message: failure.message, details: failure.details });
    for (const form of [
      TOKEN,
      API_KEY,
      encodeURIComponent(API_KEY),
      new URLSearchParams({ k: API_KEY }).toString(),
    ])
      expect(everything).not.toContain(form.replace(/^k=/, ''));
  });

  it('fails at once, without calling, when a referenced secret is not set', async () => {
    const failure = await failureOf(call(request({ headers: { Authorization: { secret: 'ERP_TOKEN' } } })));
    expect(failure.nonRetryable).toBe(true);
    expect(failure.type).toBe('BusinessCallSecretMissing');
    expect(failure.message).toBe(
      `GET ${base}/echo: secret ERP_TOKEN is not set: set CASEFLOW_SECRET_ERP_TOKEN on the worker`,
    );
    expect(seen).toEqual([]);
  });

  it('reads the environment at call time by default', async () => {
    const fromEnv = createBusinessCall();
    delete process.env.CASEFLOW_SECRET_LATE_TOKEN;
    const before = await failureOf(
      fromEnv(request({ headers: { Authorization: { secret: 'LATE_TOKEN' } } })),
    );
    expect(before.type).toBe('BusinessCallSecretMissing');
    process.env.CASEFLOW_SECRET_LATE_TOKEN = 'set-after-start-1234';
    try {
      await fromEnv(request({ headers: { Authorization: { secret: 'LATE_TOKEN' } } }));
      expect(seen[0]?.headers.authorization).toBe('set-after-start-1234');
    } finally {
      delete process.env.CASEFLOW_SECRET_LATE_TOKEN;
    }
  });
});

describe('where calls may go', () => {
  const allowOnly = (text: string): CallAllowList => {
    const parsed = parseCallAllow(text);
    if (!parsed.ok) throw new Error(`bad list ${text}`);
    return parsed.list;
  };

  it('refuses a host outside the allow-list before connecting', async () => {
    const failure = await failureOf(createBusinessCall({ allow: allowOnly('crm.example.com') })(request({})));
    expect(failure.nonRetryable).toBe(true);
    expect(failure.type).toBe('BusinessCallRefused');
    expect(failure.message).toBe(
      `GET ${base}/echo: host 127.0.0.1 is not allowed; call steps may reach crm.example.com`,
    );
    expect(seen).toEqual([]);
  });

  it('refuses a URL that does not parse, without retries', async () => {
    const failure = await failureOf(call(request({ url: 'http://exa mple.com/', query: { q: 'x' } })));
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toBe('GET http://exa mple.com/: not a valid URL');
  });

  it('checks every redirect hop: a redirect to a host outside the list fails the step', async () => {
    const failure = await failureOf(call(request({ url: `${base}/to-elsewhere` })));
    expect(failure.nonRetryable).toBe(true);
    expect(failure.type).toBe('BusinessCallRefused');
    expect(failure.message).toBe(
      `GET ${base}/to-elsewhere: host evil.example is not allowed (redirect 1 to http://evil.example/steal); call steps may reach loopback hosts only (CASEFLOW_CALL_ALLOW is unset)`,
    );
    expect(seen).toHaveLength(1);
  });

  it('follows an allowed redirect, without secret headers when the origin changes', async () => {
    const result = await call(
      request({
        method: 'PUT',
        url: `${base}/to-localhost`,
        headers: { Authorization: { secret: 'CRM_TOKEN' }, 'X-Client': 'caseflow' },
        body: { a: 1 },
      }),
    );
    expect(result.status).toBe(200);
    expect(seen.map((s) => [s.method, s.host])).toEqual([
      ['PUT', `127.0.0.1:${port}`],
      ['PUT', `localhost:${port}`],
    ]);
    expect(seen[1]?.body).toBe('{"a":1}');
    expect(seen[1]?.headers.authorization).toBeUndefined();
    expect(seen[1]?.headers['x-client']).toBe('caseflow');
    expect(seen[1]?.headers['idempotency-key']).toBe('case-1/lookup/1');
  });

  it('continues a 303 with GET and no body', async () => {
    await call(request({ method: 'POST', url: `${base}/see-other`, body: { a: 1 } }));
    expect(seen.map((s) => [s.method, s.body])).toEqual([
      ['POST', '{"a":1}'],
      ['GET', ''],
    ]);
  });

  it('stops after 5 redirects', async () => {
    const failure = await failureOf(call(request({ url: `${base}/loop` })));
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toBe(`GET ${base}/loop: more than 5 redirects`);
    expect(seen).toHaveLength(6);
  });

  it('keeps one deadline over all hops', async () => {
    const started = Date.now();
    const failure = await failureOf(call(request({ url: `${base}/slow-hops`, timeoutMs: 1_000 })));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(failure.nonRetryable).toBe(false);
    expect(failure.type).toBe('BusinessCallTimedOut');
    expect(failure.message).toMatch(
      /took longer than 1 s \(the step's timeout, redirects and answer included\)$/,
    );
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });
});

describe('the answer is capped at 1 MiB', () => {
  it('refuses a streamed answer over the cap, without reading it all', async () => {
    const failure = await failureOf(call(request({ url: `${base}/huge` })));
    expect(failure.nonRetryable).toBe(true);
    expect(failure.type).toBe('BusinessCallTooLarge');
    expect(failure.message).toBe(`GET ${base}/huge: answered more than 1 MiB, the limit of a call's answer`);
  });

  it('refuses an answer whose declared length is over the cap', async () => {
    const failure = await failureOf(call(request({ url: `${base}/huge-declared` })));
    expect(failure.type).toBe('BusinessCallTooLarge');
  });

  it('keeps an answer of exactly the cap', async () => {
    const result = await call(request({ url: `${base}/just-under` }));
    expect((result.body as string).length).toBe(MAX_ANSWER_BYTES);
  });
});
