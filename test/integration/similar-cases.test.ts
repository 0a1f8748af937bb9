/**
 * Similar resolved cases (issue 17, SPEC §12) on the real system: cases resolved through the API in
 * Chinese and English, then new cases in similar words ask GET /cases/{id}/similar. The right resolved
 * case comes first with its resolution and resolver; Chinese finds Chinese without a Chinese parser; an
 * unrelated case is not ranked above it; erased, purged, unresolved cases and the case itself never appear.
 */
import { findSimilarCases } from '../../db/similar-cases';
import { caseTokens } from '../../triage/tokens';
import { apiAs, eventually, useTestSystem } from '../support/system';

const system = useTestSystem();
const as = (token: string) => apiAs(system.url, token);
let customers = 0;

interface Item {
  caseId: string;
  subject: string;
  resolution: string;
  resolvedBy?: string;
  score: number;
}

async function open(subject: string, description: string): Promise<string> {
  customers += 1;
  const res = await as('dev-intake').post('/cases', {
    channel: 'web',
    customer: { id: `cu-similar-${customers}-${Date.now()}` },
    subject,
    description,
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function openTask(caseId: string, step: string): Promise<string> {
  return eventually(async () => {
    const view = await as('dev-admin').get(`/cases/${caseId}`);
    const tasks = (view.body.tasks ?? []) as Array<{ id: string; step: string; status: string }>;
    return tasks.find((t) => t.step === step && t.status === 'open')?.id;
  }, `the ${step} task of ${caseId}`);
}

async function complete(token: string, taskId: string, outcome: string, form: Record<string, unknown>) {
  expect((await as(token).post(`/tasks/${taskId}/claim`)).status).toBe(200);
  expect((await as(token).post(`/tasks/${taskId}/complete`, { outcome, form })).status).toBe(200);
}

/** A case resolved at triage by the front line, once the projection has indexed it. */
async function resolved(subject: string, description: string, resolution: string): Promise<string> {
  const id = await open(subject, description);
  await complete('dev-frontline', await openTask(id, 'triage'), 'resolved', { resolution });
  await indexed(id);
  return id;
}

async function indexed(caseId: string): Promise<void> {
  await eventually(async () => {
    const row = await system.pool.query('SELECT 1 FROM case_search WHERE case_id = $1', [caseId]);
    return row.rowCount === 1 ? true : undefined;
  }, `case ${caseId} in the search`);
}

async function similar(caseId: string, token = 'dev-frontline', query = ''): Promise<Item[]> {
  const res = await as(token).get(`/cases/${caseId}/similar${query}`);
  expect(res.status).toBe(200);
  return res.body.items as Item[];
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  ids.refund = await resolved(
    'Refund not received',
    'I returned the headphones two weeks ago and the refund has still not reached my card.',
    'Refund reissued to the original card; it arrives within 3-5 working days.',
  );
  ids.login = await resolved(
    'Cannot log in',
    'The password reset email never arrives, so I cannot log in to my account.',
    'Sent the password reset link by SMS instead.',
  );
  ids.zhRefund = await resolved(
    '退款没有到账',
    '我两周前退货了，退款到现在还没有到银行卡。',
    '已重新发起退款，三到五个工作日到账。',
  );
  ids.zhLogin = await resolved(
    '无法登录',
    '收不到密码重置邮件，无法登录账户。',
    '已通过短信发送密码重置链接。',
  );
  // Resolved by the billing department after the front line routed it.
  ids.invoice = await open('Wrong company name on invoice', 'The invoice shows the wrong company name.');
  await complete('dev-frontline', await openTask(ids.invoice, 'triage'), 'route', { reason: 'billing' });
  await complete('dev-billing', await openTask(ids.invoice, 'department-work'), 'resolved', {
    resolution: 'Reissued the invoice with the corrected company name.',
  });
  await indexed(ids.invoice);
  // The very words of the refund query, resolved, then scrubbed: never shown again.
  ids.erased = await resolved(
    'Refund for returned headphones not received on my card',
    'The refund for my returned headphones has not reached my card.',
    'Erased customer: refund reissued.',
  );
  ids.purged = await resolved(
    'Refund for returned headphones not received on my card',
    'The refund for my returned headphones has not reached my card.',
    'Purged case: refund reissued.',
  );
  await system.pool.query('UPDATE cases SET erased_at = now() WHERE id = $1', [ids.erased]);
  await system.pool.query('UPDATE cases SET purged_at = now() WHERE id = $1', [ids.purged]);
}, 180_000);

it('ranks the resolved case in the same words first, with its resolution and who resolved it', async () => {
  const query = await open(
    'Where is my refund?',
    'The refund for my returned headphones has not reached my card yet.',
  );
  const items = await similar(query);
  expect(items[0]).toMatchObject({
    caseId: ids.refund,
    subject: 'Refund not received',
    resolution: 'Refund reissued to the original card; it arrives within 3-5 working days.',
    resolvedBy: 'frontline',
  });
  expect(items[0]!.score).toBeGreaterThan(0);
  expect(items[0]!.score).toBeLessThanOrEqual(1);
  // The unrelated login case shares no word: absent, or below.
  const login = items.findIndex((i) => i.caseId === ids.login);
  expect(login === -1 || login > 0).toBe(true);
  const shown = items.map((i) => i.caseId);
  expect(shown).not.toContain(query);
  expect(shown).not.toContain(ids.erased);
  expect(shown).not.toContain(ids.purged);
  // Scores fall from the best.
  expect(items.map((i) => i.score)).toEqual([...items.map((i) => i.score)].sort((a, b) => b - a));
});

it('finds the Chinese case for a Chinese question, with no Chinese text-search parser', async () => {
  const query = await open('退款还没到账', '退货以后退款一直没有到银行卡。');
  const items = await similar(query);
  expect(items[0]).toMatchObject({
    caseId: ids.zhRefund,
    resolution: '已重新发起退款，三到五个工作日到账。',
    resolvedBy: 'frontline',
  });
  expect(items.map((i) => i.caseId)).not.toContain(ids.zhLogin);
});

it('names the department agent who resolved a routed case', async () => {
  const query = await open('Invoice has the wrong company name', 'Please correct the company name.');
  const [first] = await similar(query, 'dev-admin');
  expect(first).toMatchObject({ caseId: ids.invoice, resolvedBy: 'billing' });
});

it('shows an unresolved case none of the open ones, and `limit` bounds the answer', async () => {
  const first = await open('Login problem', 'I cannot log in, the password reset email never arrives.');
  const second = await open(
    'Login problem again',
    'I cannot log in, the password reset email never arrives.',
  );
  const items = await similar(second, 'dev-frontline', '?limit=1');
  expect(items).toHaveLength(1);
  expect(items[0]!.caseId).toBe(ids.login);
  expect((await similar(second)).map((i) => i.caseId)).not.toContain(first);
  const bad = await as('dev-frontline').get(`/cases/${second}/similar?limit=0`);
  expect(bad.status).toBe(400);
});

it('answers no items, not an error, for a case without words', async () => {
  const query = await open('12345', '!!! 2026-01-01 ???');
  expect(await similar(query)).toEqual([]);
});

it('leaves an erased or purged case out of the index itself, not just out of the answer', async () => {
  const rows = await system.pool.query('SELECT case_id FROM case_search WHERE case_id = ANY($1)', [
    [ids.erased, ids.purged],
  ]);
  expect(rows.rows).toEqual([]);
});

it("shows an agent only resolved cases their departments were involved in (the index's scope)", async () => {
  const words = caseTokens('Cannot log in', 'refund not received');
  const ask = (departments: string[] | undefined) =>
    findSimilarCases(system.pool, {
      caseId: 'none',
      template: 'customer-issue',
      category: undefined,
      tokens: words,
      departments,
      limit: 10,
      now: new Date(),
    });
  // The login case was classified technical and triaged by the front line; the refund case never involved technical.
  expect((await ask(['technical'])).map((i) => i.caseId)).toEqual([ids.login]);
  const everyone = (await ask(undefined)).map((i) => i.caseId);
  expect(everyone).toEqual(expect.arrayContaining([ids.login, ids.refund]));
  expect(await ask(['quality'])).toEqual([]);
});

it('is not found to an agent who may not read the case, as GET /cases/{id} is', async () => {
  const query = await open('Cannot log in', 'The password reset email never arrives.');
  expect((await as('dev-billing').get(`/cases/${query}/similar`)).status).toBe(404);
});
