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
import { apiAs, eventually, useTestSystem } from '../support/system';

const callers = {
  intake: 'dev-intake',
  frontline: 'dev-frontline', // an agent of the case's department
  billing: 'dev-billing', // an agent of another department
  designer: 'dev-designer',
  auditor: 'dev-auditor',
  manager: 'dev-manager', // reports and templates only
  admin: 'dev-admin',
  none: '',
  bad: 'not-a-known-token',
} as const;
type Caller = keyof typeof callers;
const order = Object.keys(callers) as Caller[];

// prettier-ignore
const matrix: Array<[route: string, body: unknown, expected: string]> = [
  //                                                               intake front billing design audit manager admin none bad
  ['GET /health',                                undefined,        'ok    ok    ok      ok     ok    ok      ok    ok   ok'],
  ['GET /ready',                                 undefined,        'ok    ok    ok      ok     ok    ok      ok    ok   ok'],
  ['GET /metrics',                               undefined,        'ok    ok    ok      ok     ok    ok      ok    ok   ok'],
  ['GET /openapi.json',                          undefined,        'ok    ok    ok      ok     ok    ok      ok    ok   ok'],
  ['GET /',                                      undefined,        'ok    ok    ok      ok     ok    ok      ok    ok   ok'],
  ['GET /console',                               undefined,        'ok    ok    ok      ok     ok    ok      ok    ok   ok'],
  ['GET /console/assets/none.js',                undefined,        '404   404   404     404    404   404     404   404  404'],
  ['GET /me',                                    undefined,        'ok    ok    ok      ok     ok    ok      ok    401  401'],
  ['GET /docs',                                  undefined,        'ok    ok    ok      ok     ok    ok      ok    ok   ok'],
  ['GET /docs/swagger-ui.css',                   undefined,        'ok    ok    ok      ok     ok    ok      ok    ok   ok'],
  ['GET /templates',                             undefined,        'ok    ok    ok      ok     ok    ok      ok    401  401'],
  ['GET /templates/customer-issue',              undefined,        'ok    ok    ok      ok     ok    ok      ok    401  401'],
  ['GET /templates/customer-issue/versions/1',   undefined,        'ok    ok    ok      ok     ok    ok      ok    401  401'],
  ['GET /templates/customer-issue/versions/1/graph', undefined,    'ok    ok    ok      ok     ok    ok      ok    401  401'],
  ['GET /templates/customer-issue/diff?from=1&to=1', undefined,    'ok    ok    ok      ok     ok    ok      ok    401  401'],
  ['POST /templates/validate',                   {},               '403   403   403     ok     403   403     ok    401  401'],
  ['POST /templates',                            {},               '403   403   403     ok     403   403     ok    401  401'],
  ['POST /templates/customer-issue/versions/x/retire', {},         '403   403   403     ok     403   403     ok    401  401'],
  // Past authorization a move of v1 to v1 is 422; an unknown migration is 404 to those who may ask.
  ['POST /templates/customer-issue/versions/1/migrate', { from: 1 }, '403 403 403 ok 403 403 ok 401 401'],
  // A candidate check past authorization: the YAML is not a template, so 422.
  ['POST /templates/migration-check',             { source: 'x', from: 1 }, '403 403 403 422 403 403 422 401 401'],
  ['GET /migrations/none',                       undefined,        '403   403   403     404    403   403     404   401  401'],
  ['POST /migrations/none/pause',                {},               '403   403   403     404    403   403     404   401  401'],
  ['POST /migrations/none/resume',               {},               '403   403   403     404    403   403     404   401  401'],
  ['POST /templates/backtest',                   {},               '403   403   403     ok     403   403     ok    401  401'],
  ['POST /cases',                                {},               'ok    403   403     403    403   403     ok    401  401'],
  ['GET /cases',                                 undefined,        'ok    ok    ok      403    ok    403     ok    401  401'],
  ['GET /cases/{case}',                          undefined,        'ok    ok    404     403    ok    403     ok    401  401'],
  ['POST /cases/{case}/messages',                { from: 'agent', text: 'matrix' }, 'ok ok 404 403 403 403 ok 401 401'],
  ['GET /cases/{case}/messages',                 undefined,        'ok    ok    404     403    ok    403     ok    401  401'],
  ['GET /cases/{case}/similar',                  undefined,        'ok    ok    404     403    ok    403     ok    401  401'],
  ['GET /cases/{case}/notifications',            undefined,        '403   403   403     403    ok    403     ok    401  401'],
  ['GET /cases/{case}/history',                  undefined,        '403   ok    404     403    ok    403     ok    401  401'],
  ['GET /cases/{case}/timeline',                 undefined,        '403   ok    404     403    ok    403     ok    401  401'],
  // A dry run to the version the case runs: 200 with ok false for those who may ask.
  ['POST /cases/{case}/migrate',                 { version: 1, dryRun: true }, '403 403 403 ok 403 403 ok 401 401'],
  ['POST /cases/{case}/replay',                  {},               '403   403   403     403    ok    403     ok    401  401'],
  ['GET /audit-log',                             undefined,        '403   403   403     403    ok    403     ok    401  401'],
  ['GET /tasks',                                 undefined,        '403   ok    ok      403    ok    403     ok    401  401'],
  ['GET /tasks?department=frontline',            undefined,        '403   ok    403     403    ok    403     ok    401  401'],
  ['GET /tasks/{task}',                          undefined,        '403   ok    404     403    ok    403     ok    401  401'],
  ['POST /tasks/{task}/claim',                   {},               '403   ok    404     403    403   403     ok    401  401'],
  ['POST /tasks/{task}/release',                 {},               '403   ok    404     403    403   403     ok    401  401'],
  ['POST /tasks/{task}/complete',                {},               '403   ok    404     403    403   403     ok    401  401'],
  ['POST /tasks/{task}/handoff',                 {},               '403   ok    404     403    403   403     ok    401  401'],
  ['POST /tasks/{task}/reassign',                {},               '403   ok    404     403    403   403     ok    401  401'],
  ['GET /blocklist',                             undefined,        '403   403   403     403    ok    403     ok    401  401'],
  ['GET /blocklist/cu-matrix-blocked',           undefined,        '403   403   403     403    ok    403     ok    401  401'],
  ['PUT /blocklist/cu-matrix-other',             {},               '403   403   403     403    403   403     ok    401  401'],
  ['DELETE /blocklist/cu-matrix-blocked',        undefined,        '403   403   403     403    403   403     ok    401  401'],
  // The survey link is the credential; a bearer token adds nothing to a forged link.
  ['GET /survey/forged.link',                    undefined,        '403   403   403     403    403   403     403   403  403'],
  ['POST /survey/forged.link',                   { speed: 5 },     '403   403   403     403    403   403     403   403  403'],
  ['GET /reports/sla',                           undefined,        '403   403   403     403    ok    ok      ok    401  401'],
  ['GET /reports/backlog',                       undefined,        '403   403   403     403    ok    ok      ok    401  401'],
  ['GET /reports/satisfaction',                  undefined,        '403   403   403     403    ok    ok      ok    401  401'],
  ['GET /reports/workload',                      undefined,        '403   403   403     403    ok    ok      ok    401  401'],
  // Decoding reveals customer data of every case: auditors and admins only.
  ['POST /codec/encode',                         { payloads: [] }, '403   403   403     403    ok    403     ok    401  401'],
  ['POST /codec/decode',                         { payloads: [] }, '403   403   403     403    ok    403     ok    401  401'],
  // Erasure is the admin's alone; without a reason it is 400 past authorization, and nothing is erased.
  ['POST /customers/cu-matrix/erase',            {},               '403   403   403     403    403   403     ok    401  401'],
  // Training reads every recorded case's text: admins only; past authorization a bad body is 400, nothing trained.
  ['POST /triage/model',                         { template: 5 },  '403   403   403     403    403   403     ok    401  401'],
  ['GET /triage/model?template=matrix-none',     undefined,        '403   403   403     404    403   403     404   401  401'],
  // Last: it changes the case (an allowed cancel ends it; a second one is 409, still past authorization).
  ['POST /cases/{case}/cancel',                  { reason: 'matrix' }, 'ok ok 404 403 403 403 ok 401 401'],
];

const system = useTestSystem();
const ids: Record<string, string> = {};

beforeAll(async () => {
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

/** Opens a case for `customer` and answers its id and the id of its triage task (front line). */
async function openWithTriage(customer: string, description: string): Promise<{ id: string; task: string }> {
  const opened = await apiAs(system.url, 'dev-intake').post('/cases', {
    channel: 'web',
    customer: { id: customer },
    subject: 'Authorization',
    description,
  });
  expect(opened.status).toBe(201);
  const task = await eventually(async () => {
    const inbox = await apiAs(system.url, 'dev-frontline').get('/tasks?department=frontline');
    return inbox.body.items.find((t: { caseId: string }) => t.caseId === opened.body.id)?.id as
      string | undefined;
  }, 'the triage task');
  return { id: opened.body.id as string, task };
}

const isProblem = (res: { headers: Headers }) =>
  /application\/problem\+json/.test(res.headers.get('content-type') ?? '');

// Issue 11, item 3 (docs/security.md, "Who may reassign a task"): the case decides, with the caller's
// departments and leads and the assignee's departments from the principals file. One caller after another.
it('reassign: the holder, the queue’s agents while unclaimed, a lead or an admin; to known agents and allowed departments', async () => {
  const { task } = await openWithTriage('cu-reassign', 'reassign rules');
  const reassign = async (token: string, body: object) => {
    const res = await apiAs(system.url, token).post(`/tasks/${task}/reassign`, body);
    const errors = (res.body?.errors ?? []) as Array<{ field: string }>;
    return {
      status: res.status,
      problem: res.status < 400 || isProblem(res),
      fields: errors.map((e) => e.field),
      body: res.body,
    };
  };
  expect((await apiAs(system.url, 'dev-admin').post(`/tasks/${task}/claim`)).status).toBe(200);
  // A colleague of the front line may not take a task someone else holds.
  expect(await reassign('dev-frontline', { assignee: 'frontline' })).toMatchObject({
    status: 403,
    problem: true,
    body: { detail: expect.stringMatching(/claimed by admin; only they, a lead of frontline or an admin/) },
  });
  // The lead may, but only to a known agent of the department the task ends up in, and only where the step allows.
  expect(await reassign('dev-frontline-lead', { assignee: 'nobody' })).toMatchObject({
    status: 422,
    problem: true,
    fields: ['body.assignee'],
  });
  expect(await reassign('dev-frontline-lead', { assignee: 'billing' })).toMatchObject({
    status: 422,
    fields: ['body.assignee'],
    body: { detail: 'billing is not an agent of frontline, where task ' + task + ' goes' },
  });
  expect(await reassign('dev-frontline-lead', { department: 'quality' })).toMatchObject({
    status: 422,
    problem: true,
    fields: ['body.department'],
  });
  expect(await reassign('dev-frontline-lead', { assignee: 'frontline' })).toMatchObject({
    status: 200,
    body: { assignee: 'frontline', status: 'claimed' },
  });
  // The holder now moves it to billing's agent; the admin brings it back to the front line's queue.
  expect(await reassign('dev-frontline', { department: 'billing', assignee: 'billing' })).toMatchObject({
    status: 200,
    body: { department: 'billing', assignee: 'billing' },
  });
  expect(await reassign('dev-admin', { department: 'frontline' })).toMatchObject({
    status: 200,
    body: { department: 'frontline', status: 'open' },
  });
  // Unclaimed: an agent of the holding department may move it.
  expect(await reassign('dev-frontline', { department: 'technical' })).toMatchObject({
    status: 200,
    body: { department: 'technical', status: 'open' },
  });
});

// Follow-up of item 3 (docs/security.md, "Who may claim, complete or hand off a task"): a claim belongs to the
// department holding the task, and so does completing it while unclaimed; a handoff to whoever may reassign it;
// the case decides. One caller after another.
it('claim, completion and handoff: the coordinating department sees a handed-off task but may neither take it, complete it nor hand it on', async () => {
  const { task } = await openWithTriage('cu-claim-handoff', 'claim and handoff rules');
  const act = async (token: string, action: 'claim' | 'handoff' | 'complete', body?: object) => {
    const res = await apiAs(system.url, token).post(`/tasks/${task}/${action}`, body);
    const errors = (res.body?.errors ?? []) as Array<{ field: string }>;
    return {
      status: res.status,
      problem: res.status < 400 || isProblem(res),
      fields: errors.map((e) => e.field),
      body: res.body,
    };
  };
  // The front line claims its triage task; a lead of the front line may hand off what a colleague holds.
  expect(await act('dev-frontline', 'claim')).toMatchObject({ status: 200, body: { assignee: 'frontline' } });
  expect(
    await act('dev-frontline-lead', 'handoff', { department: 'billing', reason: 'a refund' }),
  ).toMatchObject({ status: 200, body: { department: 'billing', coordinator: 'frontline', status: 'open' } });
  // The front line coordinates: it still sees the task, but claiming it (and then reassigning it as its
  // holder) or handing it on is billing's.
  expect((await apiAs(system.url, 'dev-frontline').get(`/tasks/${task}`)).status).toBe(200);
  expect(await act('dev-frontline', 'claim')).toMatchObject({
    status: 403,
    problem: true,
    body: {
      detail: `task ${task} is with billing (handed off by frontline, which coordinates it); only agents of billing or an admin may claim it`,
    },
  });
  expect(
    await act('dev-frontline-lead', 'handoff', { department: 'frontline', reason: 'mine' }),
  ).toMatchObject({
    status: 403,
    problem: true,
    body: {
      detail: expect.stringMatching(/in the queue of billing; only its agents, its leads or an admin/),
    },
  });
  // Nor may it complete the task while nobody holds it (follow-up of items 3/4: completion follows the claim).
  expect(
    await act('dev-frontline', 'complete', { outcome: 'route', form: { reason: 'billing matter' } }),
  ).toMatchObject({
    status: 403,
    problem: true,
    body: {
      detail: `task ${task} is with billing (handed off by frontline, which coordinates it); only agents of billing or an admin may complete it`,
    },
  });
  // Billing claims it; where it may go is still the step's handoff list (422 naming the field).
  expect(await act('dev-billing', 'claim')).toMatchObject({ status: 200, body: { assignee: 'billing' } });
  expect(await act('dev-billing', 'handoff', { department: 'quality', reason: 'review' })).toMatchObject({
    status: 422,
    problem: true,
    fields: ['body.department'],
  });
  // An admin may hand off whoever holds it, and claim it wherever it is (as Zendesk lets admins take any ticket).
  expect(await act('dev-admin', 'handoff', { department: 'frontline', reason: 'back' })).toMatchObject({
    status: 200,
    body: { department: 'frontline', status: 'open' },
  });
  expect(await act('dev-admin', 'claim')).toMatchObject({ status: 200, body: { assignee: 'admin' } });
});

// Issue 11, item 4: a department that once had a task keeps reading the case, but only the departments
// holding it (or an open task of it) may change it.
it('messages and cancel: only while the department holds the case or an open task; read access stays', async () => {
  const { id, task } = await openWithTriage('cu-involved', 'Refund please, 我要退款');
  const done = await apiAs(system.url, 'dev-frontline').post(`/tasks/${task}/complete`, {
    outcome: 'route',
    form: { reason: 'billing matter' },
  });
  expect({ status: done.status, body: done.body }).toMatchObject({ status: 200 });
  await eventually(async () => {
    const view = await apiAs(system.url, 'dev-billing').get(`/cases/${id}`);
    return view.status === 200 ? true : undefined;
  }, 'the case with billing');
  const frontline = apiAs(system.url, 'dev-frontline');
  expect((await frontline.get(`/cases/${id}`)).status).toBe(200);
  for (const [path, body] of [
    [`/cases/${id}/messages`, { from: 'agent', text: 'still mine?' }],
    [`/cases/${id}/cancel`, { reason: 'not mine any more' }],
  ] as const) {
    const res = await frontline.post(path, body);
    expect({ path, status: res.status, problem: isProblem(res), detail: res.body?.detail }).toMatchObject({
      path,
      status: 403,
      problem: true,
      detail: expect.stringMatching(/not held by your departments now \(frontline\): you may read it/),
    });
  }
  // A department never involved is not told the case exists; the holding department and intake may write.
  expect(
    (await apiAs(system.url, 'dev-technical').post(`/cases/${id}/messages`, { from: 'agent', text: 'x' }))
      .status,
  ).toBe(404);
  expect(
    (await apiAs(system.url, 'dev-billing').post(`/cases/${id}/messages`, { from: 'agent', text: 'on it' }))
      .status,
  ).toBe(201);
  expect(
    (
      await apiAs(system.url, 'dev-intake').post(`/cases/${id}/messages`, {
        from: 'customer',
        text: 'thanks',
      })
    ).status,
  ).toBe(201);
  const cancelled = await apiAs(system.url, 'dev-billing').post(`/cases/${id}/cancel`, {
    reason: 'duplicate',
  });
  expect({ status: cancelled.status, body: cancelled.body }).toMatchObject({
    status: 200,
    body: { status: 'cancelled' },
  });
});
