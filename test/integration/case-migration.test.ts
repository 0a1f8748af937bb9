/**
 * Moving one open case to another version of its template (issue 15, docs/migration.md) on the real API,
 * Temporal and PostgreSQL: a dry run changes nothing; the move keeps the claimed task and the clocks' time,
 * shows in the timeline with who did it, the case then follows v2's flow and its history replays; a case
 * continued as new after the move loads v2. Refusals: a step with no counterpart, an unknown step in
 * stepMap, a finished case, an unknown and a retired version.
 */
import { readFileSync } from 'node:fs';
import { useWorkflowBundle } from '../../audit/replay';
import type { CaseMigration } from '../../contract';
import { getTemplateVersion } from '../../db/templates';
import type { caseWorkflow } from '../../workflows/case.workflow';
import {
  caseStateQuery,
  caseWorkflowId,
  claimTaskUpdate,
  releaseTaskUpdate,
  type CaseView,
  type StartCaseArgs,
} from '../../workflows/messages';
import { apiAs, useTestSystem } from '../support/system';
import { openTaskAt } from '../support/case-tasks';
import { movingTemplate } from '../support/moving-template';

const system = useTestSystem();
const as = (token: string) => apiAs(system.url, token);
const designer = () => as('dev-designer');

/** v1: work → done, or → review → done (or → ask, which this file does not use). */
const v1 = movingTemplate('moving-one');
/** v2 (and v3): a shorter resolution target; work is now `handle` and review `second-look`. */
const version = (n: number) =>
  v1
    .replace('version: 1', `version: ${n}`)
    .replace('resolution: 2d', 'resolution: 1d')
    .replace('escalate: review', 'escalate: second-look')
    .replace('  - id: work\n', '  - id: handle\n')
    .replace('    next: work\n', '    next: handle\n')
    .replace('  - id: review\n', '  - id: second-look\n');
const stepMap = { work: 'handle', review: 'second-look' };

async function openCase(customer: string): Promise<string> {
  const opened = await as('dev-intake').post('/cases', {
    template: 'moving-one',
    version: 1,
    channel: 'web',
    customer: { id: customer },
    subject: 'Moving',
  });
  expect(opened.status).toBe(201);
  return opened.body.id as string;
}

const view = async (caseId: string): Promise<CaseView> =>
  (await as('dev-admin').get(`/cases/${caseId}`)).body as CaseView;

/** The case's open task at `step`, once the case has it. */
const taskAt = async (caseId: string, step: string): Promise<string> =>
  (await openTaskAt(system.url, caseId, step)).id;

const migrate = (caseId: string, body: Record<string, unknown>) =>
  designer().post(`/cases/${caseId}/migrate`, body);

beforeAll(async () => {
  useWorkflowBundle(readFileSync(process.env.CASEFLOW_TEST_WORKFLOW_BUNDLE!, 'utf8'));
  expect((await designer().post('/templates', { source: v1 })).status).toBe(201);
  expect((await designer().post('/templates', { source: version(2) })).status).toBe(201);
});

it('dry run, then the move: the claimed task, the clocks and the timeline carry over; v2 flows on', async () => {
  const id = await openCase('cu-moving-one');
  const task = await taskAt(id, 'work');
  expect((await as('dev-frontline').post(`/tasks/${task}/claim`)).status).toBe(200);
  const before = await view(id);
  const resolution = before.clocks.find((c) => c.name === 'resolution')!;

  const dry = await migrate(id, { version: 2, stepMap, dryRun: true });
  expect(dry.status).toBe(200);
  expect(dry.body).toEqual({
    id,
    from: { version: 1, step: 'work' },
    to: { version: 2, step: 'handle' },
    ok: true,
    changes: ['step work kept as handle', `task ${task} kept (claimed by frontline)`, expect.any(String)],
  });
  const unchanged = await view(id);
  expect(unchanged).toMatchObject({ revision: before.revision, template: { version: 1 }, step: 'work' });

  const moved = await migrate(id, { version: 2, stepMap });
  expect(moved.status).toBe(200);
  expect(moved.body as CaseMigration).toMatchObject({ ok: true, to: { version: 2, step: 'handle' } });

  const after = await view(id);
  expect(after).toMatchObject({ template: { name: 'moving-one', version: 2 }, step: 'handle' });
  expect(after.tasks.find((t) => t.id === task)).toMatchObject({
    step: 'handle',
    status: 'claimed',
    assignee: 'frontline',
  });
  const clock = after.clocks.find((c) => c.name === 'resolution')!;
  // The same clock (its start), on v2's target, with the time it had used.
  expect(clock).toMatchObject({ startedAt: resolution.startedAt, target: 'PT24H' });
  expect(clock.usedMs).toBeGreaterThanOrEqual(resolution.usedMs);
  expect(after.decisions).toContainEqual(
    expect.objectContaining({ what: 'resolution clock re-targeted', by: 'designer' }),
  );

  const timeline = await as('dev-auditor').get(`/cases/${id}/timeline`);
  expect(timeline.status).toBe(200);
  expect(timeline.body.entries).toContainEqual(
    expect.objectContaining({
      kind: 'case.migrated',
      what: 'case migrated v1 → v2',
      who: { kind: 'principal', name: 'designer' },
    }),
  );
  expect(timeline.body.entries).toContainEqual(
    expect.objectContaining({
      kind: 'request.accepted',
      what: 'migrateCase: to v2',
      who: { kind: 'principal', name: 'designer' },
    }),
  );

  // v2's flow: escalate leads to second-look, a step only v2 has.
  expect((await as('dev-frontline').post(`/tasks/${task}/complete`, { outcome: 'escalate' })).status).toBe(
    200,
  );
  await taskAt(id, 'second-look');

  const replay = await as('dev-auditor').post(`/cases/${id}/replay`);
  expect(replay.status).toBe(200);
  expect(replay.body).toMatchObject({ caseId: id, deterministic: true });
});

it('a case continued as new after its move loads v2', async () => {
  const one = await getTemplateVersion(system.pool, 'moving-one', 1);
  const caseId = `moving-can-${Date.now()}`;
  const args: StartCaseArgs = {
    caseId,
    template: { name: 'moving-one', version: 1, sha256: one!.sha256 },
    input: {
      channel: 'web',
      customer: { id: 'cu-moving-can' },
      subject: 'long',
      description: '',
      attributes: {},
    },
    openedBy: { name: 'test', roles: ['admin'] },
    openedAt: new Date().toISOString(),
    continueAsNewAtHistoryLength: 40,
  };
  const handle = await system.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
    workflowId: caseWorkflowId(caseId),
    taskQueue: system.taskQueue,
    args: [args],
  });
  const task = await taskAt(caseId, 'work');
  expect((await migrate(caseId, { version: 2, stepMap })).status).toBe(200);
  const agent = { name: 'frontline', roles: ['agent'], departments: ['frontline'] };
  for (let i = 0; i < 10; i += 1) {
    await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task, principal: agent }] });
    await handle.executeUpdate(releaseTaskUpdate, { args: [{ taskId: task, principal: agent }] });
  }
  const latest = system.client.workflow.getHandle(caseWorkflowId(caseId));
  expect((await latest.describe()).runId).not.toBe(handle.firstExecutionRunId);
  expect(await latest.query(caseStateQuery)).toMatchObject({ template: { version: 2 }, step: 'handle' });
  // The new run runs v2: its outcome leads to second-look.
  expect((await as('dev-frontline').post(`/tasks/${task}/complete`, { outcome: 'escalate' })).status).toBe(
    200,
  );
  await taskAt(caseId, 'second-look');
});

describe('refusals', () => {
  it('a step with no counterpart is 409 with the reason; a dry run says so with 200', async () => {
    const id = await openCase('cu-moving-refused');
    await taskAt(id, 'work');
    const refused = await migrate(id, { version: 2 });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body.detail).toBe('step work has no counterpart in v2: map it to a step of v2 in stepMap');
    const dry = await migrate(id, { version: 2, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ ok: false, reason: refused.body.detail });

    const unknown = await migrate(id, { version: 2, stepMap: { nope: 'handle' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'body.stepMap.nope' })]);

    expect((await migrate(id, { version: 9 })).status).toBe(404);
    expect((await designer().post('/templates', { source: version(3) })).status).toBe(201);
    expect((await designer().post('/templates/moving-one/versions/3/retire')).status).toBe(200);
    const retired = await migrate(id, { version: 3, stepMap });
    expect(retired.status).toBe(409);
    expect(retired.body.detail).toMatch(/retired/);
    expect((await as('dev-frontline').post(`/cases/${id}/migrate`, { version: 2, stepMap })).status).toBe(
      403,
    );
    expect((await view(id)).template.version).toBe(1);
  });

  it('a finished case is 409: the case is cancelled', async () => {
    const id = await openCase('cu-moving-finished');
    await taskAt(id, 'work');
    expect((await as('dev-admin').post(`/cases/${id}/cancel`, { reason: 'withdrawn' })).status).toBe(200);
    await system.client.workflow.getHandle(caseWorkflowId(id)).result();
    const refused = await migrate(id, { version: 2, stepMap });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe('the case is cancelled');
  });
});
