/**
 * The authorization matrix: every route × every kind of caller, against the running API. One table holds
 * every expectation; a route the API serves but the table lacks fails the test, so a new route cannot
 * ship without deciding who may call it.
 *
 * `ok`  the caller got past authorization (2xx, or a 400/409/422 about the request itself: the mutating
 *       rows send bodies that are refused after the authorization checks, so the matrix changes nothing)
 * `401` no or unknown bearer token · `403` role not allowed · `404` hidden: an agent asking for another
 *       department's case or task is told it does not exist, so ids are not confirmed.
 */
import { apiAs, eventually, startTestSystem, type TestSystem } from '../support/system';

const callers = {
  intake: 'dev-intake',
  frontline: 'dev-frontline', // an agent of the case's department
  billing: 'dev-billing', // an agent of another department
  designer: 'dev-designer',
  auditor: 'dev-auditor',
  admin: 'dev-admin',
  none: '',
  bad: 'not-a-known-token',
} as const;
type Caller = keyof typeof callers;
const order = Object.keys(callers) as Caller[];

// prettier-ignore
const matrix: Array<[route: string, body: unknown, expected: string]> = [
  //                                                               intake front billing design audit admin none bad
  ['GET /health',                                undefined,        'ok    ok    ok      ok     ok    ok    ok   ok'],
  ['GET /ready',                                 undefined,        'ok    ok    ok      ok     ok    ok    ok   ok'],
  ['GET /metrics',                               undefined,        'ok    ok    ok      ok     ok    ok    ok   ok'],
  ['GET /openapi.json',                          undefined,        'ok    ok    ok      ok     ok    ok    ok   ok'],
  ['GET /docs',                                  undefined,        'ok    ok    ok      ok     ok    ok    ok   ok'],
  ['GET /templates',                             undefined,        'ok    ok    ok      ok     ok    ok    401  401'],
  ['GET /templates/customer-issue',              undefined,        'ok    ok    ok      ok     ok    ok    401  401'],
  ['GET /templates/customer-issue/versions/1',   undefined,        'ok    ok    ok      ok     ok    ok    401  401'],
  ['GET /templates/customer-issue/versions/1/graph', undefined,    'ok    ok    ok      ok     ok    ok    401  401'],
  ['GET /templates/customer-issue/diff?from=1&to=1', undefined,    'ok    ok    ok      ok     ok    ok    401  401'],
  ['POST /templates/validate',                   {},               '403   403   403     ok     403   ok    401  401'],
  ['POST /templates',                            {},               '403   403   403     ok     403   ok    401  401'],
  ['POST /templates/customer-issue/versions/x/retire', {},         '403   403   403     ok     403   ok    401  401'],
  ['POST /cases',                                {},               'ok    403   403     403    403   ok    401  401'],
  ['GET /cases',                                 undefined,        'ok    ok    ok      403    ok    ok    401  401'],
  ['GET /cases/{case}',                          undefined,        'ok    ok    404     403    ok    ok    401  401'],
  ['POST /cases/{case}/messages',                { from: 'agent', text: 'matrix' }, 'ok ok 404 403 403 ok 401 401'],
  ['GET /cases/{case}/notifications',            undefined,        '403   403   403     403    ok    ok    401  401'],
  ['GET /cases/{case}/history',                  undefined,        '403   ok    404     403    ok    ok    401  401'],
  ['GET /cases/{case}/timeline',                 undefined,        '403   ok    404     403    ok    ok    401  401'],
  ['POST /cases/{case}/replay',                  {},               '403   403   403     403    ok    ok    401  401'],
  ['GET /audit-log',                             undefined,        '403   403   403     403    ok    ok    401  401'],
  ['GET /tasks',                                 undefined,        '403   ok    ok      403    ok    ok    401  401'],
  ['GET /tasks?department=frontline',            undefined,        '403   ok    403     403    ok    ok    401  401'],
  ['GET /tasks/{task}',                          undefined,        '403   ok    404     403    ok    ok    401  401'],
  ['POST /tasks/{task}/claim',                   {},               '403   ok    404     403    403   ok    401  401'],
  ['POST /tasks/{task}/release',                 {},               '403   ok    404     403    403   ok    401  401'],
  ['POST /tasks/{task}/complete',                {},               '403   ok    404     403    403   ok    401  401'],
  ['POST /tasks/{task}/handoff',                 {},               '403   ok    404     403    403   ok    401  401'],
  ['POST /tasks/{task}/reassign',                {},               '403   ok    404     403    403   ok    401  401'],
  ['GET /blocklist',                             undefined,        '403   403   403     403    ok    ok    401  401'],
  ['GET /blocklist/cu-matrix-blocked',           undefined,        '403   403   403     403    ok    ok    401  401'],
  ['PUT /blocklist/cu-matrix-other',             {},               '403   403   403     403    403   ok    401  401'],
  ['DELETE /blocklist/cu-matrix-blocked',        undefined,        '403   403   403     403    403   ok    401  401'],
  // The survey link is the credential; a bearer token adds nothing to a forged link.
  ['GET /survey/forged.link',                    undefined,        '403   403   403     403    403   403   403  403'],
  ['POST /survey/forged.link',                   { speed: 5 },     '403   403   403     403    403   403   403  403'],
  ['GET /reports/sla',                           undefined,        '403   403   403     403    ok    ok    401  401'],
  ['GET /reports/backlog',                       undefined,        '403   403   403     403    ok    ok    401  401'],
  ['GET /reports/satisfaction',                  undefined,        '403   403   403     403    ok    ok    401  401'],
  ['GET /reports/workload',                      undefined,        '403   403   403     403    ok    ok    401  401'],
  // Decoding reveals customer data of every case: auditors and admins only.
  ['POST /codec/encode',                         { payloads: [] }, '403   403   403     403    ok    ok    401  401'],
  ['POST /codec/decode',                         { payloads: [] }, '403   403   403     403    ok    ok    401  401'],
  // Last: it changes the case (an allowed cancel ends it; a second one is 409, still past authorization).
  ['POST /cases/{case}/cancel',                  { reason: 'matrix' }, 'ok ok 404 403 403 ok 401 401'],
];

let system: TestSystem;
const ids: Record<string, string> = {};

beforeAll(async () => {
  system = await startTestSystem();
  const opened = await apiAs(system.url, 'dev-intake').post('/cases', {
    channel: 'web',
    customer: { id: 'cu-matrix' },
    subject: 'Cannot log in',
    description: 'matrix',
  });
  expect(opened.status).toBe(201);
  ids.case = opened.body.id;
  ids.task = await eventually(async () => {
    const inbox = await apiAs(system.url, 'dev-frontline').get('/tasks?department=frontline');
    return inbox.body.items.find((t: { caseId: string }) => t.caseId === ids.case)?.id as string | undefined;
  }, 'the triage task');
  const blocked = await apiAs(system.url, 'dev-admin').raw('PUT', '/blocklist/cu-matrix-blocked', {
    mode: 'flag',
    reason: 'matrix',
  });
  expect(blocked.status).toBe(201);
});
afterAll(async () => {
  await system?.stop();
});

it('covers every route the API documents', async () => {
  const doc = (await apiAs(system.url, '').get('/openapi.json')).body;
  const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, item]) =>
    Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
  );
  const inTable = new Set(
    matrix.map(([route]) => {
      const [method, path] = route.split(' ') as [string, string];
      const bare = path.split('?')[0]!;
      const template = Object.keys(doc.paths)
        .filter((t) => doc.paths[t][method.toLowerCase()])
        .filter((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(bare))
        .sort((a, b) => a.split('{').length - b.split('{').length)[0];
      return `${method} ${template ?? bare}`;
    }),
  );
  expect(documented.filter((op) => !inTable.has(op))).toEqual([]);
});

it('answers each caller as the table says', async () => {
  const mismatches: string[] = [];
  for (const [route, body, expected] of matrix) {
    const want = expected.trim().split(/\s+/);
    expect(want).toHaveLength(order.length);
    const [method, rawPath] = route.split(' ') as [string, string];
    const path = rawPath.replace(/\{(\w+)\}/g, (_m, name: string) => ids[name] ?? name);
    // Callers of one row run together; rows run in order (the last one changes the case). Task actions are
    // the exception: when two callers may act (the agent and the admin claiming one task), whoever won the
    // race would decide the next row (release), so their callers act one after another, in table order.
    const oneByOne = method === 'POST' && rawPath.startsWith('/tasks/');
    const ask = (caller: (typeof order)[number]) =>
      apiAs(system.url, callers[caller]).raw(method, path, body);
    const answers = [];
    if (oneByOne) for (const caller of order) answers.push(await ask(caller));
    else answers.push(...(await Promise.all(order.map(ask))));
    answers.forEach((res, i) => {
      const got = res.status;
      const w = want[i]!;
      const fine = w === 'ok' ? got < 500 && ![401, 403, 404].includes(got) : got === Number(w);
      const problem = got < 400 || /application\/problem\+json/.test(res.headers.get('content-type') ?? '');
      if (!fine || !problem) mismatches.push(`${route} as ${order[i]}: expected ${w}, got ${got}`);
    });
  }
  expect(mismatches).toEqual([]);
});
