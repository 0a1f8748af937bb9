import { WithStartWorkflowOperation } from '@temporalio/client';
import type { customerWorkflow } from '../../../../workflows/customer.workflow';
import {
  caseStateQuery,
  completeTaskUpdate,
  customerWorkflowId,
  openCasesQuery,
  openOrJoinCaseUpdate,
  type OpenOrJoinCaseArgs,
} from '../../../../workflows/messages';
import { waitFor } from '../../../support/eventually';
import { registerPlan } from '../../../support/fake-activities';
import { ben, intake, makeInput, makePlan } from '../fixture';
import { makeWorker, recorder, useLocalTemporal } from './env';

const env = useLocalTemporal();

/** The plan by reference, as the API sends it (the case loads it from the fake registry). */
const plan = makePlan();
const template = registerPlan(plan);

const contact = (caseId: string, subject: string): OpenOrJoinCaseArgs => ({
  caseId,
  template,
  mergeOpenCase: plan.continuity.mergeOpenCase,
  input: makeInput({ subject, customer: { id: 'cust-7' } }),
  openedBy: intake,
  openedAt: new Date().toISOString(),
});

const openOrJoin = (request: OpenOrJoinCaseArgs) =>
  env().client.workflow.executeUpdateWithStart(openOrJoinCaseUpdate, {
    args: [request],
    startWorkflowOperation: new WithStartWorkflowOperation<typeof customerWorkflow>('customerWorkflow', {
      workflowId: customerWorkflowId('cust-7'),
      taskQueue: 'customer-1',
      args: [{ customerId: 'cust-7' }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  });

it('two simultaneous contacts open one case; a later one joins it and goes to the last handler', async () => {
  const rec = recorder();
  const worker = await makeWorker(env(), 'customer-1', rec);
  await worker.runUntil(async () => {
    const [a, b] = await Promise.all([
      openOrJoin(contact('K1', 'first')),
      openOrJoin(contact('K2', 'second')),
    ]);
    const results = [a, b].sort((x, y) => Number(x.merged) - Number(y.merged));
    expect(results[0]?.merged).toBe(false);
    expect(results[1]).toEqual({ caseId: results[0]?.caseId, merged: true });
    const caseId = results[0]!.caseId;
    expect(await openOrJoin(contact(caseId, 'retry'))).toEqual({ caseId, merged: false });
    const handle = env().client.workflow.getHandle(`case-${caseId}`);
    let view = await handle.query(caseStateQuery);
    expect(view.decisions.some((d) => d.what === 'repeat contact joined the case')).toBe(true);
    // needs-info → waiting; ben handled it; the next contact resumes it and the triage task goes to ben.
    await handle.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: `${caseId}-t1`, outcome: 'needs-info', principal: ben }],
    });
    expect(await openOrJoin(contact('K3', 'here is the info'))).toEqual({ caseId, merged: true });
    view = await handle.query(caseStateQuery);
    expect(view.tasks[1]).toMatchObject({ assignee: 'ben', status: 'claimed' });
    await handle.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: `${caseId}-t2`, outcome: 'resolved', form: { summary: 'ok' }, principal: ben }],
    });
    await handle.result();
    const customer = env().client.workflow.getHandle(customerWorkflowId('cust-7'));
    await waitFor(
      () => customer.query(openCasesQuery),
      (open) => open.length === 0,
      'the customer workflow to forget the finished case',
      { timeoutMs: 5_000, intervalMs: 100 },
    );
    expect(await openOrJoin(contact('K4', 'new problem'))).toEqual({ caseId: 'K4', merged: false });
  });
});

it('a contact carrying the plan inline, as before issue 13, still opens a case that runs it', async () => {
  const rec = recorder();
  const worker = await makeWorker(env(), 'customer-2', rec);
  await worker.runUntil(async () => {
    const result = await env().client.workflow.executeUpdateWithStart(openOrJoinCaseUpdate, {
      args: [
        {
          caseId: 'K9',
          plan,
          input: makeInput({ subject: 'inline', customer: { id: 'cust-8' } }),
          openedBy: intake,
          openedAt: new Date().toISOString(),
        },
      ],
      startWorkflowOperation: new WithStartWorkflowOperation<typeof customerWorkflow>('customerWorkflow', {
        workflowId: customerWorkflowId('cust-8'),
        taskQueue: 'customer-2',
        args: [{ customerId: 'cust-8' }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    });
    expect(result).toEqual({ caseId: 'K9', merged: false });
    const view = await env().client.workflow.getHandle('case-K9').query(caseStateQuery);
    expect(view.template).toEqual(template);
  });
});
