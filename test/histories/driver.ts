/**
 * Drives one case workflow on a real Temporal server the way the API would (updates and signals carrying
 * the acting principal), for the history generator (generate.ts). Task actions name the step, and the
 * driver finds that step's open task through the caseState query, so scenarios read like the flow.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Plan } from '../../definitions/plan';
import {
  cancelCaseUpdate,
  caseSignal,
  caseStateQuery,
  claimTaskUpdate,
  completeTaskUpdate,
  customerMessageSignal,
  handoffTaskUpdate,
  isCaseView,
  reassignTaskUpdate,
  releaseTaskUpdate,
  submitSurveyUpdate,
  type CaseInput,
  type CaseView,
  type Principal,
  type TaskView,
} from '../../workflows/messages';
import { waitFor } from '../support/eventually';
import { registerPlan } from '../support/fake-activities';

export const intake: Principal = { name: 'intake', roles: ['intake'] };
export const admin: Principal = { name: 'admin', roles: ['admin'] };
export const customer: Principal = { name: 'customer', roles: ['customer'] };
/** The dev principals are named after their department (config/dev-auth.yaml), and are agents of it. */
export const agentOf = (department: string): Principal => ({
  name: department,
  roles: ['agent'],
  departments: [department],
});

export function caseInput(id: string, fields: Partial<CaseInput> = {}): CaseInput {
  return {
    channel: 'email',
    customer: { id: `cu-${id}`, name: 'Li Wei', tier: 'standard', email: 'li.wei@example.com' },
    subject: 'A question',
    description: '',
    attributes: { affectedCustomers: 1, businessImpact: 'none' },
    flags: [],
    ...fields,
  };
}


export class CaseRun {
  constructor(
    readonly id: string,
    readonly handle: WorkflowHandle,
  ) {}

  /**
   * Starts the case with its plan inline, or by reference (`byReference`: as the API starts cases since
   * issue 13, the plan published to the fake activities' registry and loaded by the case).
   */
  static async start(client: Client, taskQueue: string, id: string, plan: Plan, input: CaseInput, byReference = false) {
    const handle = await client.workflow.start('caseWorkflow', {
      taskQueue,
      workflowId: `case-${id}`,
      args: [
        {
          caseId: id,
          ...(byReference ? { template: registerPlan(plan) } : { plan }),
          input,
          openedBy: intake,
          openedAt: new Date().toISOString(),
        },
      ],
    });
    return new CaseRun(id, handle);
  }

  /** The case's state; asked again while a case started by reference is still loading its plan. */
  async view(): Promise<CaseView> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.handle.query(caseStateQuery);
      } catch (error) {
        if (attempt >= 100 || !String(error).includes('is starting')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  /** Polls the case until `test` holds (timers and activities move it on their own). */
  until(test: (view: CaseView) => boolean, what: string, timeoutMs = 30_000): Promise<CaseView> {
    return waitFor(() => this.view(), test, `case ${this.id}: ${what}`, { timeoutMs, intervalMs: 100 });
  }

  /** The open (or claimed) task of a step, once the case is there. */
  async task(step: string): Promise<TaskView> {
    const view = await this.until(
      (v) => v.tasks.some((t) => t.step === step && (t.status === 'open' || t.status === 'claimed')),
      `a task at ${step}`,
    );
    return view.tasks.find((t) => t.step === step && (t.status === 'open' || t.status === 'claimed'))!;
  }

  private async act(step: string, as: Principal | undefined, send: (t: TaskView, p: Principal) => Promise<unknown>) {
    const task = await this.task(step);
    const principal = as ?? (task.assignee ? agentOf(task.assignee) : agentOf(task.department));
    await send(task, principal);
  }

  claim(step: string, as?: Principal) {
    return this.act(step, as, (t, principal) =>
      this.handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: t.id, principal }] }),
    );
  }
  release(step: string, as?: Principal) {
    return this.act(step, as, (t, principal) =>
      this.handle.executeUpdate(releaseTaskUpdate, { args: [{ taskId: t.id, principal }] }),
    );
  }
  complete(step: string, outcome: string, form?: Record<string, unknown>, as?: Principal) {
    return this.act(step, as, (t, principal) =>
      this.handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: t.id, outcome, ...(form ? { form } : {}), principal }],
      }),
    );
  }
  handoff(step: string, department: string, reason: string, as?: Principal) {
    return this.act(step, as, (t, principal) =>
      this.handle.executeUpdate(handoffTaskUpdate, { args: [{ taskId: t.id, department, reason, principal }] }),
    );
  }
  /**
   * As the API does, a reassign to an assignee carries what the principals file says of them: a dev principal
   * is an agent of the department it is named after, so the case can check the assignee (reassign rules).
   */
  reassign(step: string, to: { assignee?: string; department?: string }, as?: Principal) {
    const assigneeDepartments = to.assignee !== undefined ? agentOf(to.assignee).departments : undefined;
    return this.act(step, as, (t, principal) =>
      this.handle.executeUpdate(reassignTaskUpdate, {
        args: [{ taskId: t.id, ...to, ...(assigneeDepartments ? { assigneeDepartments } : {}), principal }],
      }),
    );
  }
  async message(text: string): Promise<void> {
    await this.handle.signal(customerMessageSignal, {
      from: 'customer',
      text,
      principal: customer,
      at: new Date().toISOString(),
    });
  }
  async signal(name: string, payload: unknown, as: Principal = admin): Promise<void> {
    await this.handle.signal(caseSignal, { name, payload, principal: as });
  }
  async survey(answers: Record<string, number | string>): Promise<void> {
    // A case may be surveyed again after a reopening: wait for a link that has not been answered yet.
    const count = (v: CaseView, what: string) => v.decisions.filter((d) => d.what === what).length;
    await this.until((v) => count(v, 'survey link sent') > count(v, 'survey answered'), 'the survey link');
    await this.handle.executeUpdate(submitSurveyUpdate, { args: [{ answers, principal: customer }] });
  }
  async cancel(reason: string, as: Principal = admin): Promise<void> {
    await this.handle.executeUpdate(cancelCaseUpdate, { args: [{ reason, principal: as }] });
  }

  private final: CaseView | undefined;

  /**
   * Waits for the workflow to end; returns its final view. A case returns only its status and revision
   * since issue 13: the view is the caseState query's, read once while a worker runs (a test may ask again
   * after its worker stopped). A run of older code returned the view itself.
   */
  async finished(): Promise<CaseView> {
    const result: unknown = await this.handle.result();
    if (isCaseView(result)) return result;
    this.final ??= await this.handle.query(caseStateQuery);
    return this.final;
  }
}
