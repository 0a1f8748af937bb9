import type { AuthPrincipal } from '../access/principal';
import type { Action } from '../access/policy';
import { authorise } from '../cases/authorised-case';
import { CaseError } from '../cases/case-error';
import type { CaseContext } from '../cases/context';
import { getTask } from '../db/tasks';
import { caseStateQuery, caseWorkflowId, type TaskView } from '../workflows/messages';
import { withForms, type TaskWithForms } from './forms';

/** No task of that id, or one the principal may not see (a 404 does not confirm the id). */
export const taskNotFound = (id: string): CaseError => new CaseError('not-found', `No task ${id}.`);

/** Task ids are `<caseId>-t<n>` (workflows/engine/tasks.ts), so a task names its case. */
const caseOfTask = (taskId: string): string | undefined => /^(.+)-t\d+$/.exec(taskId)?.[1];

/**
 * The task, if the principal may do `action` to it (access/policy.ts: its department's or coordinating
 * department's agents, auditors and admins); else not found. The inbox projection answers first; a task
 * opened a moment ago by a signal or timer may not be projected yet, so then the case itself is asked.
 */
export async function authorisedTask(
  ctx: Pick<CaseContext, 'pool' | 'client'>,
  principal: AuthPrincipal,
  action: Action,
  taskId: string,
): Promise<TaskView> {
  const task = (await getTask(ctx.pool, taskId)) ?? (await liveTask(ctx, taskId));
  if (!task) throw taskNotFound(taskId);
  authorise(principal, action, { task }, taskId, () => taskNotFound(taskId));
  return task;
}

/** One task with its forms (GET /tasks/{id}). */
export async function readTask(
  ctx: Pick<CaseContext, 'pool' | 'client'>,
  input: { principal: AuthPrincipal; taskId: string },
): Promise<TaskWithForms> {
  const task = await authorisedTask(ctx, input.principal, 'task.read', input.taskId);
  const [withForm] = await withForms(ctx.pool, [task]);
  return withForm ?? task;
}

async function liveTask(ctx: Pick<CaseContext, 'client'>, taskId: string): Promise<TaskView | undefined> {
  const caseId = caseOfTask(taskId);
  if (!caseId) return undefined;
  try {
    const view = await ctx.client.workflow.getHandle(caseWorkflowId(caseId)).query(caseStateQuery);
    return view.tasks.find((t) => t.id === taskId);
  } catch {
    return undefined;
  }
}
