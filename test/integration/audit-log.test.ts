/**
 * The audit log on the real system (issue 11, item 8): every read of case data, tasks, the blocklist and
 * reports, and every change, is recorded with principal, action, resource, case, status and request id —
 * never bodies or tokens; GET /audit-log answers newest first, paged by an opaque cursor, filtered by
 * principal, case, action, resource and time, and refuses bad filters with problem+json naming the field.
 */
import type { AuditRow } from '../../db/audit-log';
import { apiAs, eventually, useTestSystem } from '../support/system';

const system = useTestSystem();
let caseId: string;
let taskId: string;

const as = (token: string) => apiAs(system.url, token);
const auditor = () => as('dev-auditor');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function log(query: string): Promise<{ items: AuditRow[]; nextCursor?: string }> {
  const res = await auditor().get(`/audit-log?${query}`);
  expect(res.status).toBe(200);
  return res.body;
}

/** Every page of a query, following nextCursor. */
async function allPages(query: string, limit: number): Promise<{ pages: number; items: AuditRow[] }> {
  const items: AuditRow[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await log(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 100);
  return { pages, items };
}

beforeAll(async () => {
  const opened = await as('dev-intake').post('/cases', {
    channel: 'web',
    customer: { id: `cu-audit-log-${Date.now()}`, name: 'Zhang Min' },
    subject: 'Invoice twice',
    description: 'I was charged twice for March',
  });
  expect(opened.status).toBe(201);
  caseId = opened.body.id;
  taskId = await eventually(async () => {
    const view = await as('dev-admin').get(`/cases/${caseId}`);
    return view.body.tasks?.find((t: { step: string }) => t.step === 'triage')?.id as string | undefined;
  }, 'the triage task');
});

describe('what is recorded', () => {
  it('records a read of a case by an agent: who, what, which case, the status and the request id', async () => {
    const read = await as('dev-frontline').raw('GET', `/cases/${caseId}`, undefined, {
      'x-request-id': 'audit-read-1',
    });
    expect(read.status).toBe(200);
    const page = await log(`principal=frontline&action=case.read&case=${caseId}`);
    expect(page.items[0]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      principal: 'frontline',
      roles: ['agent'],
      action: 'case.read',
      resource: `case/${caseId}`,
      caseId,
      status: 200,
      requestId: 'audit-read-1',
      detail: {},
    });
  });

  it('records the reads of case data, notifications, tasks, the blocklist and reports', async () => {
    expect((await as('dev-intake').get('/cases?status=open')).status).toBe(200);
    expect((await auditor().get(`/cases/${caseId}/notifications`)).status).toBe(200);
    expect((await auditor().get(`/cases/${caseId}/timeline`)).status).toBe(200);
    expect((await auditor().get(`/cases/${caseId}/history`)).status).toBe(200);
    expect((await as('dev-frontline').get('/tasks?department=frontline')).status).toBe(200);
    expect((await as('dev-frontline').get(`/tasks/${taskId}`)).status).toBe(200);
    expect((await auditor().get('/blocklist')).status).toBe(200);
    expect((await auditor().get('/blocklist/cu-nobody')).status).toBe(404);
    expect((await auditor().get('/reports/backlog')).status).toBe(200);

    const seen = (await log('limit=1000')).items.map(
      (e) => `${e.principal} ${e.action} ${e.resource} ${e.status}${e.caseId ? ` case=${e.caseId}` : ''}`,
    );
    expect(seen).toEqual(
      expect.arrayContaining([
        'intake case.list cases 200',
        `auditor case.notifications case/${caseId} 200 case=${caseId}`,
        `auditor case.timeline case/${caseId} 200 case=${caseId}`,
        `auditor case.history case/${caseId} 200 case=${caseId}`,
        'frontline task.list tasks 200',
        `frontline task.read task/${taskId} 200 case=${caseId}`,
        'auditor blocklist.list blocklist 200',
        'auditor blocklist.read blocklist/cu-nobody 404',
        'auditor report.backlog reports/backlog 200',
      ]),
    );
    // A list records which filters were used, never their values.
    const list = (await log('principal=intake&action=case.list')).items[0];
    expect(list?.detail).toEqual({ query: ['status'] });
  });

  it('records every change, refused ones too, with ids and outcome only — never bodies or tokens', async () => {
    const text = 'my card number is 4111 1111 1111 1111';
    const reason = 'Shouted at staff on 3 March, see ticket of Wang Fang';
    expect((await as('dev-billing').post(`/tasks/${taskId}/claim`)).status).toBe(404);
    expect((await as('dev-frontline').post(`/tasks/${taskId}/claim`)).status).toBe(200);
    const message = await as('dev-frontline').post(`/cases/${caseId}/messages`, { from: 'agent', text });
    expect(message.status).toBe(201);
    const blocklistPath = '/blocklist/cu-audit-blocked';
    const put = await as('dev-admin').raw('PUT', blocklistPath, { mode: 'flag', reason });
    expect(put.status).toBe(201);
    expect((await as('dev-auditor').raw('PUT', blocklistPath, { mode: 'flag', reason })).status).toBe(403);
    expect((await as('dev-admin').raw('DELETE', blocklistPath)).status).toBe(204);
    const validated = await as('dev-designer').post('/templates/validate', { source: 'name: [' });
    expect(validated.status).toBe(200);

    const items = (await log('limit=1000')).items;
    const seen = items.map((e) => `${e.principal} ${e.action} ${e.resource} ${e.status}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        `intake case.open case/${caseId} 201`,
        `billing task.claim task/${taskId} 404`,
        `frontline task.claim task/${taskId} 200`,
        `frontline case.message case/${caseId} 201`,
        'admin blocklist.put blocklist/cu-audit-blocked 201',
        'auditor blocklist.put blocklist/cu-audit-blocked 403',
        'admin blocklist.delete blocklist/cu-audit-blocked 204',
        'designer template.validate templates 200',
      ]),
    );
    const claim = items.find((e) => e.action === 'task.claim' && e.principal === 'frontline');
    expect(claim?.caseId).toBe(caseId);
    const added = items.find((e) => e.action === 'blocklist.put' && e.principal === 'admin');
    expect(added?.detail).toEqual({ mode: 'flag', created: true });
    const everything = JSON.stringify(items);
    for (const secret of [text, reason, 'Wang Fang', 'Zhang Min', 'dev-frontline', 'dev-admin', 'Bearer'])
      expect(everything).not.toContain(secret);
  });
});

describe('GET /audit-log', () => {
  it('answers newest first, and its own reads are recorded too', async () => {
    const { items } = await log(`case=${caseId}&limit=1000`);
    expect(items.length).toBeGreaterThan(5);
    const keys = items.map((e) => [Date.parse(e.at), BigInt(e.id)] as const);
    for (let i = 1; i < keys.length; i += 1) {
      const [at, id] = keys[i]!;
      const [prevAt, prevId] = keys[i - 1]!;
      expect(at < prevAt || (at === prevAt && id < prevId)).toBe(true);
    }
    // The case's first entry (its opening) is the last one listed.
    expect(items[items.length - 1]).toMatchObject({ action: 'case.open', principal: 'intake' });
    expect((await log('action=audit.list&limit=1')).items[0]).toMatchObject({
      principal: 'auditor',
      resource: 'audit-log',
      status: 200,
    });
  });

  it('pages through more than one page with the cursor: every entry exactly once, in order', async () => {
    for (let i = 0; i < 23; i += 1)
      expect((await as('dev-quality').get(`/cases/${caseId}`)).status).toBe(404);
    const whole = (await log('principal=quality&limit=1000')).items;
    expect(whole.length).toBe(23);
    expect(whole.every((e) => e.action === 'case.read' && e.status === 404)).toBe(true);
    const paged = await allPages('principal=quality', 5);
    expect(paged.pages).toBe(5);
    expect(paged.items.map((e) => e.id)).toEqual(whole.map((e) => e.id));
    expect(new Set(paged.items.map((e) => e.id)).size).toBe(23);
    // A page that ends exactly at the last entry has no nextCursor.
    expect((await allPages('principal=quality', 23)).pages).toBe(1);
  });

  it('filters by principal, case, action (or a family), resource and time range', async () => {
    const byPrincipal = (await log('principal=frontline&limit=1000')).items;
    expect(byPrincipal.length).toBeGreaterThan(0);
    expect(byPrincipal.every((e) => e.principal === 'frontline')).toBe(true);

    const byCase = (await log(`case=${caseId}&limit=1000`)).items;
    expect(byCase.every((e) => e.caseId === caseId)).toBe(true);
    // A case's entries include those of its tasks.
    expect(byCase.map((e) => e.resource)).toEqual(
      expect.arrayContaining([`case/${caseId}`, `task/${taskId}`]),
    );

    const claims = (await log('action=task.claim&limit=1000')).items;
    expect(claims.length).toBe(2);
    expect(claims.every((e) => e.action === 'task.claim')).toBe(true);
    const taskFamily = (await log('action=task.*&limit=1000')).items;
    expect(new Set(taskFamily.map((e) => e.action))).toEqual(
      new Set(['task.claim', 'task.list', 'task.read']),
    );

    const byResource = (await log('resource=blocklist/cu-audit-blocked&limit=1000')).items;
    expect(byResource.map((e) => `${e.principal} ${e.action}`)).toEqual([
      'admin blocklist.delete',
      'auditor blocklist.put',
      'admin blocklist.put',
    ]);

    await sleep(50);
    const from = new Date();
    for (let i = 0; i < 3; i += 1) expect((await as('dev-management').get('/tasks')).status).toBe(200);
    await sleep(50);
    const to = new Date();
    expect((await as('dev-management').get('/tasks')).status).toBe(200);
    const window = `from=${from.toISOString()}&to=${to.toISOString()}`;
    const inWindow = (await log(`principal=management&${window}`)).items;
    expect(inWindow).toHaveLength(3);
    expect(inWindow.every((e) => Date.parse(e.at) >= from.getTime() && Date.parse(e.at) < to.getTime())).toBe(
      true,
    );
    expect((await log(`principal=management&from=${to.toISOString()}`)).items).toHaveLength(1);
    expect((await log(`principal=management&to=${from.toISOString()}`)).items).toHaveLength(0);
  });

  it('refuses a bad cursor or filter with problem+json naming the field', async () => {
    const forged = Buffer.from('yesterday|1').toString('base64url');
    const cases: Array<[string, string]> = [
      ['cursor=not*a*cursor', 'query.cursor'],
      [`cursor=${forged}`, 'query.cursor'],
      ['from=last%20week', 'query.from'],
      ['from=2026-03-02&to=2026-03-01', 'query.from'],
      ['limit=5000', 'query.limit'],
      ['action=DROP%20TABLE', 'query.action'],
    ];
    for (const [query, field] of cases) {
      const res = await auditor().get(`/audit-log?${query}`);
      expect({ query, status: res.status, type: res.headers.get('content-type') }).toEqual({
        query,
        status: 400,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('is for auditors and admins only (the rule kept from before)', async () => {
    expect((await as('dev-admin').get('/audit-log?limit=1')).status).toBe(200);
    for (const token of ['dev-intake', 'dev-frontline', 'dev-designer'])
      expect((await as(token).get('/audit-log')).status).toBe(403);
  });
});
