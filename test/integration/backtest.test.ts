/**
 * The backtest's round trip (issue 15, SPEC §11) on the real API, Temporal dev server and PostgreSQL: cases
 * run through the standard template (a copy whose waits last seconds), then backtested — on the very YAML
 * they ran on (nothing differs, every event placed), on a candidate with a changed priority matrix cell
 * (exactly the case it touches differs in priority, with the cell named), and on a candidate whose triage
 * step is renamed (the triage events are reported not placed). And the route's refusals.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { BacktestReport } from '../../contract';
import { runBacktest } from '../../cli/backtest';
import { caseWorkflowId } from '../../workflows/messages';
import { writeFastStandardTemplate } from '../support/fast-template';
import { apiAs, eventually, useTestSystem } from '../support/system';
import { openTaskAt } from '../support/case-tasks';

const templateFile = writeFastStandardTemplate(3);
const v1 = readFileSync(templateFile, 'utf8');
const system = useTestSystem({ files: [templateFile] });

type Api = ReturnType<typeof apiAs>;
const as = (token: string): Api => apiAs(system.url, token);
let customers = 0;

async function openCase(subject: string, description: string, customer: Record<string, unknown> = {}) {
  customers += 1;
  const res = await as('dev-intake').post('/cases', {
    channel: 'email',
    customer: { id: `cu-bt-${customers}-${Date.now()}`, email: 'x@example.com', ...customer },
    subject,
    description,
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const taskAt = (caseId: string, step: string) => openTaskAt(system.url, caseId, step);

async function act(token: string, path: string, body: Record<string, unknown>) {
  const res = await as(token).post(path, body);
  // The whole answer in the expectation, so a failure shows the problem's detail.
  expect({ status: res.status < 300 ? 'ok' : res.status, body: res.body }).toMatchObject({ status: 'ok' });
}

async function finished(caseId: string): Promise<void> {
  // The last projection is written before the workflow completes (the engine orders its commands so).
  await system.client.workflow.getHandle(caseWorkflowId(caseId)).result();
}

async function answerSurvey(caseId: string, answers: Record<string, number>): Promise<void> {
  const token = await eventually(async () => {
    const sent = await as('dev-admin').get(`/cases/${caseId}/notifications`);
    return sent.body.items?.find((n: { data?: { kind?: string } }) => n.data?.kind === 'survey')?.data
      .token as string | undefined;
  }, 'the survey link');
  expect((await apiAs(system.url, '').post(`/survey/${token}`, answers)).status).toBe(200);
}

const backtest = (yaml: string, query = '') =>
  as('dev-designer').post(`/templates/backtest${query}`, { source: yaml, fileName: 'candidate.yaml' });

const ids: Record<string, string> = {};

beforeAll(async () => {
  const walks = {
    // Resolved at triage, the survey answered.
    async resolved() {
      const id = await openCase('How do I change my address?', 'a question about my account');
      const triage = await taskAt(id, 'triage');
      await act('dev-frontline', `/tasks/${triage.id}/claim`, {});
      await act('dev-frontline', `/tasks/${triage.id}/complete`, {
        outcome: 'resolved',
        form: { resolution: 'explained' },
      });
      await answerSurvey(id, { speed: 5, ability: 4, attitude: 5 });
      return id;
    },
    // Routed to billing by the front line, resolved there; the survey times out.
    async routed() {
      const id = await openCase('Refund please', '我要退款');
      await act('dev-frontline', `/tasks/${(await taskAt(id, 'triage')).id}/complete`, {
        outcome: 'route',
        form: { reason: 'billing matter' },
      });
      await act('dev-billing', `/tasks/${(await taskAt(id, 'department-work')).id}/complete`, {
        outcome: 'resolved',
        form: { resolution: 'refunded' },
      });
      return id;
    },
    // Needs information: the agent asks, the customer replies, triage resolves it.
    async needsInfo() {
      const id = await openCase('Login question', 'how do I log in');
      await act('dev-frontline', `/cases/${id}/messages`, { from: 'agent', text: 'Which account is it?' });
      await act('dev-frontline', `/tasks/${(await taskAt(id, 'triage')).id}/complete`, {
        outcome: 'needs-info',
      });
      await eventually(async () => {
        const view = await as('dev-admin').get(`/cases/${id}`);
        return view.body.status === 'waiting' ? true : undefined;
      }, 'status waiting');
      await act('dev-intake', `/cases/${id}/messages`, {
        from: 'customer',
        text: 'it is li.wei@example.com',
      });
      await act('dev-frontline', `/tasks/${(await taskAt(id, 'triage')).id}/complete`, {
        outcome: 'resolved',
        form: { resolution: 'password reset link sent' },
      });
      return id;
    },
    // Cancelled by intake before anyone looked at it.
    async cancelled() {
      const id = await openCase('Wrong form', 'sent by mistake');
      await taskAt(id, 'triage');
      await act('dev-intake', `/cases/${id}/cancel`, { reason: 'opened by mistake' });
      return id;
    },
    // A gold customer: impact medium × urgency low, the matrix cell the changed candidate moves.
    async gold() {
      const id = await openCase('Address change', 'please update my address', { tier: 'gold' });
      await act('dev-frontline', `/tasks/${(await taskAt(id, 'triage')).id}/complete`, {
        outcome: 'resolved',
        form: { resolution: 'updated' },
      });
      return id;
    },
  };
  const entries = await Promise.all(
    Object.entries(walks).map(async ([name, walk]) => [name, await walk()] as const),
  );
  for (const [name, id] of entries) ids[name] = id;
  await Promise.all(Object.values(ids).map(finished));
}, 120_000);

it('finds no difference and places every event on the YAML the cases ran on', async () => {
  const res = await backtest(v1);
  expect(res.status).toBe(200);
  const report = res.body as BacktestReport;
  expect(report.differing).toEqual([]);
  expect(report).toMatchObject({ cases: 5, changed: 0, unchanged: 5, withUnplacedEvents: 0 });
});

it('names the matrix cell behind a changed priority, for exactly the case it touches', async () => {
  const changed = v1.replace(
    'medium: { high: P2, medium: P3, low: P3 }',
    'medium: { high: P2, medium: P3, low: P2 }',
  );
  expect(changed).not.toBe(v1);
  const report = (await backtest(changed)).body as BacktestReport;
  const byPriority = report.differing.filter((c) => c.differences.some((d) => d.field === 'priority'));
  expect(byPriority.map((c) => c.id)).toEqual([ids.gold]);
  expect(byPriority[0]!.differences).toContainEqual({
    field: 'priority',
    recorded: 'P3',
    candidate: 'P2',
    why: expect.stringContaining('priority P2 (impact medium × urgency low)'),
  });
  expect(report.byField.priority).toBe(1);

  // The CLI prints the same report for people.
  let out = '';
  const file = `${templateFile}.changed.yaml`;
  writeFileSync(file, changed);
  const code = await runBacktest(
    [file],
    { stdout: (t) => void (out += t), stderr: (t) => void (out += t) },
    { CASEFLOW_API_URL: system.url, CASEFLOW_TOKEN: 'dev-designer' },
  );
  expect(code).toBe(1);
  expect(out).toContain(`${ids.gold} (v1, opened`);
  expect(out).toContain('  priority: P3 → P2');
});

it('reports the events of a renamed step as not placed, never guessed', async () => {
  const renamed = v1.replace(/(: |id: )triage$/gm, '$1first-look');
  const report = (await backtest(renamed)).body as BacktestReport;
  const resolved = report.differing.find((c) => c.id === ids.resolved);
  expect(resolved?.unplaced.map((u) => u.event)).toEqual([
    'claim triage',
    'complete triage: resolved',
    'survey',
  ]);
  expect(resolved?.unplaced[0]?.reason).toContain('the candidate has no step triage');
  // The cancelled case's one event is not about triage: it is placed.
  expect(report.differing.find((c) => c.id === ids.cancelled)?.unplaced ?? []).toEqual([]);
});

it('takes from, to and limit: the newest cases first', async () => {
  const report = (await backtest(v1, '?limit=2')).body as BacktestReport;
  expect(report.cases).toBe(2);
  const none = (
    await backtest(v1, `?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)
  ).body as BacktestReport;
  expect(none.cases).toBe(0);
});

it('refuses invalid YAML with file:line:col, a bad query field by name, and an agent', async () => {
  const bad = await backtest('kind: CaseTemplate\nname: x\nsteps: [');
  expect(bad.status).toBe(422);
  expect(bad.body.errors[0].field).toMatch(/^candidate\.yaml:\d+:\d+$/);
  const badFrom = await backtest(v1, '?from=yesterday');
  expect(badFrom.status).toBe(422);
  expect(badFrom.body.errors.map((e: { field: string }) => e.field)).toEqual(['query.from']);
  const agent = await as('dev-frontline').post('/templates/backtest', { source: v1 });
  expect(agent.status).toBe(403);
});
