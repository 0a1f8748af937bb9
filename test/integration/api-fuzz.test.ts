/**
 * Fuzzing the running API (fast-check): generated paths, query strings, headers and bodies for every
 * documented route, with every kind of caller. Whatever arrives, the API never answers 5xx, never leaks a
 * stack trace, always rejects with problem+json, and is still up afterwards. Runs are bounded so the file
 * stays well under a minute.
 */
import fc from 'fast-check';
import { apiAs, useTestSystem } from '../support/system';

const system = useTestSystem();
let operations: Array<{ method: string; template: string }>;
/** Real ids, so generated requests also reach the code behind the not-found checks. */
const known: string[] = [];
beforeAll(async () => {
  const doc = (await apiAs(system.url, '').get('/openapi.json')).body;
  operations = Object.entries(doc.paths as Record<string, object>).flatMap(([template, item]) =>
    Object.keys(item).map((method) => ({ method: method.toUpperCase(), template })),
  );
  const opened = await apiAs(system.url, 'dev-intake').post('/cases', {
    channel: 'web',
    customer: { id: 'cu-fuzz' },
    subject: 'Cannot log in',
  });
  known.push(opened.body.id, ...((opened.body.tasks ?? []) as Array<{ id: string }>).map((t) => t.id));
  const inbox = await apiAs(system.url, 'dev-admin').get('/tasks');
  known.push(...inbox.body.items.map((t: { id: string }) => t.id));
});

const tokens = ['', 'dev-intake', 'dev-frontline', 'dev-designer', 'dev-auditor', 'dev-admin', 'nope'];
const visible = fc.string({ unit: fc.constantFrom(...'abz09-_.:~!*()/%?&=# ü中'.split('')), maxLength: 24 });
const asciiHeader = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 40,
});

const pathSegment = fc.oneof(
  fc.nat().map((n) => known[n % Math.max(known.length, 1)] ?? 'none'),
  fc.constantFrom('1', 'x', 'customer-issue', '00000000-0000-4000-8000-000000000000', '..', '%zz', '%'),
  visible.map(encodeURIComponent),
  visible, // raw: bad percent-encodings and slashes included
);
const queryString = fc.oneof(
  fc.constant(''),
  fc
    .array(
      fc.tuple(
        fc.constantFrom(
          'limit',
          'offset',
          'status',
          'department',
          'from',
          'to',
          'raw',
          'format',
          'groupBy',
          'x',
        ),
        fc.oneof(visible, fc.integer().map(String), fc.constantFrom('-1', '1e999', 'NaN', 'true', '')),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
  visible.map((v) => `?${v}`),
);
/** Bodies close to valid ones, to get past the schemas into the handlers. */
const nearValid = fc
  .record(
    {
      channel: fc.constantFrom('web', 'phone', 'pigeon'),
      customer: fc.record({ id: visible, name: visible, tier: fc.constantFrom('vip', 'gold', 'x') }),
      subject: visible,
      description: visible,
      template: fc.constantFrom('customer-issue', 'nope'),
      version: fc.integer({ min: -1, max: 3 }),
      attributes: fc.dictionary(visible, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
      outcome: fc.constantFrom('resolved', 'route', 'needs-info', 'zzz'),
      form: fc.dictionary(visible, visible, { maxKeys: 2 }),
      department: fc.constantFrom('billing', 'frontline', 'mars'),
      reason: visible,
      from: fc.constantFrom('customer', 'agent', 'robot'),
      text: visible,
      mode: fc.constantFrom('refuse', 'flag', 'x'),
      source: fc.constantFrom('name: x\n', 'kind: CaseTemplate\n', ''),
    },
    { requiredKeys: [] },
  )
  .map((v) => JSON.stringify(v));
const body = fc.oneof(
  nearValid,
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 60 }), // usually not JSON at all
  fc.constantFrom(
    '{"channel":',
    '{}',
    '[]',
    'null',
    '"x"',
    '{"outcome":"resolved"}',
    'name: x\nversion: 1\n',
  ),
);
const contentType = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=latin1',
  'text/yaml',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/problem+json',
  'garbage',
);

it('never answers 5xx, never crashes, always rejects with problem+json', async () => {
  const failures: string[] = [];
  await fc.assert(
    fc.asyncProperty(
      fc.nat({ max: 1000 }),
      fc.array(pathSegment, { minLength: 3, maxLength: 3 }),
      queryString,
      fc.constantFrom(...tokens),
      contentType,
      body,
      fc.option(asciiHeader),
      fc.option(asciiHeader),
      async (pick, segments, query, token, type, payload, idempotencyKey, requestId) => {
        const op = operations[pick % operations.length]!;
        let i = 0;
        const path = op.template.replace(/\{[^}]+\}/g, () => segments[i++ % segments.length]!) + query;
        const method = op.method;
        const headers: Record<string, string> = {
          ...(type ? { 'content-type': type } : {}),
          ...(idempotencyKey !== null ? { 'idempotency-key': idempotencyKey } : {}),
          ...(requestId !== null ? { 'x-request-id': requestId } : {}),
        };
        const sendsBody = method !== 'GET' && method !== 'HEAD' && payload !== undefined;
        const found: string[] = [];
        const res = await apiAs(system.url, token).raw(
          method,
          path,
          sendsBody ? payload : undefined,
          headers,
        );
        const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');
        const where = `${method} ${path} (${type ?? 'no type'}, token ${token || 'none'}) → ${res.status}`;
        if (res.status >= 500) found.push(`${where}: ${text.slice(0, 200)}`);
        if (/\n\s+at .+:\d+:\d+/.test(text)) found.push(`${where}: stack trace in the answer`);
        if (res.status >= 400) {
          const isProblem = /^application\/problem\+json/.test(res.headers.get('content-type') ?? '');
          if (!isProblem || res.body?.status !== res.status || typeof res.body?.title !== 'string')
            found.push(`${where}: not a problem document: ${text.slice(0, 120)}`);
        }
        failures.push(...found);
        if (found.length) throw new Error(found.join('\n'));
      },
    ),
    {
      numRuns: Number(process.env.FUZZ_RUNS ?? 1000),
      seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31),
    },
  );
  expect([...new Set(failures)].slice(0, 20)).toEqual([]);
  expect((await apiAs(system.url, '').get('/health')).status).toBe(200);
});
