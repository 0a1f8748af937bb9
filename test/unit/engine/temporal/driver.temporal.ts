import { WorkflowUpdateFailedError } from '@temporalio/client';
import {
  caseStateQuery,
  claimTaskUpdate,
  completeTaskUpdate,
  releaseTaskUpdate,
  type StartCaseArgs,
} from '../../../../workflows/messages';
import { anna, ben, intake, makeInput, makePlan } from '../fixture';
import { makeWorker, recorder, useLocalTemporal } from './env';

const env = useLocalTemporal();

const args = (caseId: string, extra: Partial<StartCaseArgs> = {}): StartCaseArgs => ({
  caseId,
  plan: makePlan(),
  input: makeInput({ description: 'outage' }),
  openedBy: intake,
  openedAt: new Date().toISOString(),
  ...extra,
});

it('runs a case through claim and complete; exactly one of two completions wins', async () => {
  const rec = recorder();
  const worker = await makeWorker(env(), 'driver-1', rec);
  await worker.runUntil(async () => {
    const handle = await env().client.workflow.start('caseWorkflow', {
      taskQueue: 'driver-1',
      workflowId: 'case-D1',
      args: [args('D1')],
    });
    const view = await handle.query(caseStateQuery);
    expect(view.tasks[0]).toMatchObject({ id: 'D1-t1', status: 'open', department: 'frontline' });
    const claimed = await handle.executeUpdate(claimTaskUpdate, {
      args: [{ taskId: 'D1-t1', principal: anna }],
    });
    // A task action answers the task after it and the case's revision, not the whole view (issue 13).
    expect(claimed).toMatchObject({ caseId: 'D1', task: { status: 'claimed', assignee: 'anna' } });
    expect(rec.projections.some((p) => p.revision >= claimed.revision)).toBe(true);
    await expect(
      handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: 'D1-t1', principal: ben }] }),
    ).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    const results = await Promise.allSettled([
      handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: 'D1-t1', outcome: 'route', principal: anna }],
      }),
      handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: 'D1-t1', outcome: 'route', principal: anna }],
      }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'CaseConflict' });
    await handle.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: 'D1-t2', outcome: 'resolved', principal: ben }],
    });
    const final = await handle.result();
    expect(final).toMatchObject({ status: 'resolved' });
    const description = await handle.describe();
    expect(description.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value])).toEqual(
      expect.arrayContaining([
        ['CaseStatus', 'resolved'],
        ['CaseCategory', 'technical'],
        ['CasePriority', 'P2'],
      ]),
    );
    expect(rec.projections[rec.projections.length - 1]?.status).toBe('resolved');
  });
});

it('continues as new past a small history limit and keeps the case', async () => {
  const rec = recorder();
  const worker = await makeWorker(env(), 'driver-2', rec);
  await worker.runUntil(async () => {
    const handle = await env().client.workflow.start('caseWorkflow', {
      taskQueue: 'driver-2',
      workflowId: 'case-D2',
      args: [args('D2', { continueAsNewAtHistoryLength: 30 })],
    });
    const firstRun = handle.firstExecutionRunId;
    for (let i = 0; i < 8; i += 1) {
      await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: 'D2-t1', principal: anna }] });
      await handle.executeUpdate(releaseTaskUpdate, { args: [{ taskId: 'D2-t1', principal: anna }] });
    }
    const latest = env().client.workflow.getHandle('case-D2');
    const description = await latest.describe();
    expect(description.runId).not.toBe(firstRun);
    const view = await latest.query(caseStateQuery);
    expect(view.revision).toBeGreaterThanOrEqual(17);
    expect(view.decisions.filter((d) => d.what === 'task D2-t1 claimed')).toHaveLength(8);
    await latest.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: 'D2-t1', outcome: 'route', principal: anna }],
    });
    await latest.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: 'D2-t2', outcome: 'resolved', principal: anna }],
    });
    expect(await latest.result()).toMatchObject({ status: 'resolved', caseId: 'D2' });
  });
});

it('a Temporal cancellation ends the case as cancelled and projects it', async () => {
  const rec = recorder();
  const worker = await makeWorker(env(), 'driver-3', rec);
  await worker.runUntil(async () => {
    const handle = await env().client.workflow.start('caseWorkflow', {
      taskQueue: 'driver-3',
      workflowId: 'case-D3',
      args: [args('D3')],
    });
    await handle.query(caseStateQuery);
    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();
    const description = await handle.describe();
    expect(description.status.name).toBe('CANCELLED');
    expect(rec.projections[rec.projections.length - 1]).toMatchObject({ status: 'cancelled' });
    expect(description.typedSearchAttributes.getAll().find((p) => p.key.name === 'CaseStatus')?.value).toBe(
      'cancelled',
    );
  });
});
