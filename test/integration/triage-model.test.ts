/**
 * Learned triage's model (issue 17, SPEC §12) through the real API and PostgreSQL: recorded cases written as
 * projections (a generated bilingual corpus with known labels, bench/triage-corpus.ts), POST /triage/model
 * trains and answers the evaluation against the template's rules, GET /triage/model reads it back. Too few
 * cases: the model is stored but refuses, and says which departments and why.
 */
import { insertTriageCorpus, triageCorpus } from '../../bench/triage-corpus';
import { latestTriageModel } from '../../db/triage-models';
import type { TriageModel } from '../../triage/model';
import { suggest } from '../../triage/suggest';
import { apiAs, useTestSystem } from '../support/system';

const system = useTestSystem();
const admin = () => apiAs(system.url, 'dev-admin');
const DEPARTMENTS = ['after-sales', 'billing', 'frontline', 'management', 'technical'];

async function template() {
  const { rows } = await system.pool.query<{ sha256: string }>(
    `SELECT sha256 FROM templates WHERE name = 'customer-issue' AND version = 1`,
  );
  return { name: 'customer-issue', version: 1, sha256: rows[0]!.sha256 };
}

it('says there is nothing to learn from before any case was recorded (422 naming the template)', async () => {
  const res = await admin().post('/triage/model', {});
  expect(res.status).toBe(422);
  expect(res.body.errors).toEqual([
    {
      field: 'body.template',
      message: expect.stringContaining('no recorded case of template customer-issue'),
    },
  ]);
  expect((await admin().get('/triage/model')).status).toBe(404);
});

it('trains on too few cases, stores the model, and refuses to suggest for every department, saying why', async () => {
  await insertTriageCorpus(
    system.pool,
    triageCorpus({ count: 60, seed: 1, prefix: 'FEW-' }),
    await template(),
  );
  const res = await admin().post('/triage/model', { template: 'customer-issue' });
  expect([res.status, res.body.detail]).toEqual([200, undefined]);
  expect(res.body).toMatchObject({ template: 'customer-issue', trainedOn: 60, suggests: false });
  expect(res.body.refused.map((r: { department: string }) => r.department).sort()).toEqual(DEPARTMENTS);
  for (const refusal of res.body.refused)
    expect(refusal.reason).toMatch(new RegExp(`only ${refusal.cases} recorded cases? (was|were) sent to`));
  const stored = await latestTriageModel<TriageModel>(system.pool, 'customer-issue');
  expect(suggest(stored!, 'Refund request', '我要退款 发票')).toEqual({
    none: expect.stringContaining('suggests nothing'),
  });
});

it('learns from a few hundred routed cases: beats the rules on held-out cases, per department, a new version', async () => {
  const before = (await admin().get('/triage/model')).body.version as number;
  await insertTriageCorpus(
    system.pool,
    triageCorpus({ count: 800, seed: 2, prefix: 'MANY-' }),
    await template(),
  );
  // Erased and purged cases, and subjects the scrub replaced, are not learnt from.
  await insertTriageCorpus(
    system.pool,
    triageCorpus({ count: 3, seed: 3, prefix: 'GONE-' }),
    await template(),
  );
  await system.pool.query(`UPDATE cases SET erased_at = now() WHERE id = 'GONE-0'`);
  await system.pool.query(`UPDATE cases SET purged_at = now() WHERE id = 'GONE-1'`);
  await system.pool.query(
    `UPDATE cases SET view = jsonb_set(view, '{subject}', '"[erased]"') WHERE id = 'GONE-2'`,
  );

  const res = await admin().post('/triage/model', {});
  expect(res.status).toBe(200);
  const { body } = res;
  expect(body.version).toBe(before + 1);
  expect(body.trainedOn).toBe(860);
  expect(body.suggests).toBe(true);
  expect(body.refused).toBeUndefined();
  expect(body.evaluation.heldOut).toBeGreaterThan(100);
  expect(body.evaluation.accuracy).toBeGreaterThan(0.8);
  expect(body.evaluation.accuracy).toBeGreaterThan(body.evaluation.rulesAccuracy);
  expect(Object.keys(body.evaluation.perDepartment).sort()).toEqual(DEPARTMENTS);
  for (const figures of Object.values<Record<string, number>>(body.evaluation.perDepartment)) {
    expect(figures.support).toBeGreaterThan(0);
    expect(figures.precision).toBeGreaterThan(0.5);
    expect(figures.recall).toBeGreaterThan(0.5);
  }

  const read = await admin().get('/triage/model?template=customer-issue');
  expect(read.status).toBe(200);
  expect(read.body).toEqual(body);
  expect((await apiAs(system.url, 'dev-designer').get('/triage/model')).body.version).toBe(body.version);

  // The stored model scores a new case in the same words, with its reasons.
  const stored = await latestTriageModel<TriageModel>(system.pool, 'customer-issue');
  const scored = suggest(stored!, '宽带连不上', '路由器 一直 断网，登录 也 报错');
  expect(scored).toEqual({
    suggestion: {
      department: 'technical',
      category: 'technical',
      confidence: expect.any(Number),
      because: expect.arrayContaining(['登录']),
      model: body.version,
    },
  });
  expect(suggest(stored!, '', '')).toEqual({ none: 'no text to go on' });
});

it('answers 400 naming the field for a body that is not one, and 403 to a designer', async () => {
  const bad = await admin().post('/triage/model', { template: 5 });
  expect(bad.status).toBe(400);
  expect(bad.body.errors[0].field).toBe('body.template');
  expect((await apiAs(system.url, 'dev-designer').post('/triage/model', {})).status).toBe(403);
});

it('the daily training workflow (the schedule caseflow-triage-training starts it) stores the next version', async () => {
  const before = (await admin().get('/triage/model')).body.version as number;
  const result = await system.client.workflow.execute('triageTrainingWorkflow', {
    taskQueue: system.taskQueue,
    workflowId: `triage-training-${before}`,
    args: [{ templates: ['customer-issue', 'no-such-template'] }],
  });
  expect(result).toEqual({
    'customer-issue': expect.objectContaining({ version: before + 1, trainedOn: 860, suggests: true }),
    'no-such-template': {
      trainedOn: 0,
      suggests: false,
      skipped: expect.stringContaining('no recorded case'),
    },
  });
  expect((await admin().get('/triage/model')).body.version).toBe(before + 1);
});
