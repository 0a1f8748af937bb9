/**
 * CEL `matches()` with RE2 inside the workflow sandbox (issue 11, item 7): the case workflow bundles with
 * re2js, a catastrophic pattern on customer text classifies at once (a backtracking RegExp would hold the
 * workflow task past Temporal's deadlock timeout, again on every retry), the history carries the patch
 * marker that keeps older histories on the old code, and it replays. The update validator evaluates without
 * asking patched() (validators do not run on replay), so the handler records the one marker. A case whose
 * expressions never call `matches` gets no marker.
 */
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { CEL_LIMITS_PATCH } from '../../../../definitions/expressions';
import {
  cancelCaseUpdate,
  caseStateQuery,
  claimTaskUpdate,
  completeTaskUpdate,
  type StartCaseArgs,
} from '../../../../workflows/messages';
import { bundleCaseWorkflows } from '../../../support/temporal-server';
import { admin, anna, intake, makeInput, makePlan, triageTask } from '../fixture';
import { makeWorker, recorder, useLocalTemporal } from './env';

const env = useLocalTemporal();

/** The ids of the patch markers in a history. */
function patchMarkers(history: temporal.api.history.v1.IHistory): string[] {
  const ids: string[] = [];
  for (const event of history.events ?? []) {
    const data = event.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
    if (data) ids.push((JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id);
  }
  return ids;
}

async function runCase(caseId: string, args: Partial<StartCaseArgs>, taskQueue: string) {
  const rec = recorder();
  const worker = await makeWorker(env(), taskQueue, rec);
  return worker.runUntil(async () => {
    const handle = await env().client.workflow.start('caseWorkflow', {
      taskQueue,
      workflowId: `case-${caseId}`,
      args: [
        {
          caseId,
          plan: makePlan(),
          input: makeInput(),
          openedBy: intake,
          openedAt: new Date().toISOString(),
          ...args,
        } satisfies StartCaseArgs,
      ],
    });
    const view = await handle.query(caseStateQuery);
    await handle.executeUpdate(cancelCaseUpdate, { args: [{ reason: 'test over', principal: admin }] });
    await handle.result();
    return { view, history: await handle.fetchHistory() };
  });
}

it('classifies with RE2 in the sandbox, marks the history and replays it', async () => {
  const plan = makePlan({
    classify: [
      { when: 'case.text.matches("(a+)+$")', category: 'billing', department: 'billing', tags: [], index: 0 },
      {
        when: 'case.text.matches("(?i)\\\\bOUTAGE\\\\b")',
        category: 'technical',
        department: 'technical',
        tags: ['outage'],
        index: 1,
      },
      { category: 'other', department: 'frontline', tags: [], index: 2 },
    ],
  });
  // (a+)+$ on this text backtracks for years in a JavaScript RegExp; RE2 answers false at once.
  const input = makeInput({ description: `Outage ${'a'.repeat(50)}!` });
  const { view, history } = await runCase('RE2-1', { plan, input }, 'cel-limits-1');
  expect(view).toMatchObject({ category: 'technical' });
  expect(patchMarkers(history)).toContain(CEL_LIMITS_PATCH);
  await expect(
    Worker.runReplayHistory({ workflowBundle: await bundleCaseWorkflows() }, history, 'RE2-1'),
  ).resolves.toBeUndefined();
});

it('decides with RE2 when a task is completed (in the update validator and its handler): one marker, and it replays', async () => {
  const plan = makePlan(
    {},
    {
      triage: triageTask({ route: 'check' }),
      check: {
        id: 'check',
        kind: 'decide',
        branches: [
          { when: 'case.text.matches("(x+x+)+y")', next: 'closed', index: 0 },
          { next: 'done', index: 1 },
        ],
      },
    },
  );
  const input = makeInput({ description: 'x'.repeat(50) });
  const rec = recorder();
  const worker = await makeWorker(env(), 'cel-limits-3', rec);
  const history = await worker.runUntil(async () => {
    const handle = await env().client.workflow.start('caseWorkflow', {
      taskQueue: 'cel-limits-3',
      workflowId: 'case-RE2-3',
      args: [{ caseId: 'RE2-3', plan, input, openedBy: intake, openedAt: new Date().toISOString() }],
    });
    await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: 'RE2-3-t1', principal: anna }] });
    await handle.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: 'RE2-3-t1', outcome: 'route', principal: anna }],
    });
    expect(await handle.result()).toMatchObject({ status: 'resolved' });
    return handle.fetchHistory();
  });
  expect(patchMarkers(history).filter((id) => id === CEL_LIMITS_PATCH)).toHaveLength(1);
  await expect(
    Worker.runReplayHistory({ workflowBundle: await bundleCaseWorkflows() }, history, 'RE2-3'),
  ).resolves.toBeUndefined();
});

it('leaves the history of a case without matches() unmarked', async () => {
  const { view, history } = await runCase(
    'RE2-2',
    { input: makeInput({ description: 'outage' }) },
    'cel-limits-2',
  );
  expect(view).toMatchObject({ category: 'technical' });
  expect(patchMarkers(history)).not.toContain(CEL_LIMITS_PATCH);
});
