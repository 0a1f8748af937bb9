/**
 * Task actions (claim, release, complete, hand off, reassign): each is a Temporal Update on the task's case,
 * so the case decides who may (workflows/engine/tasks.ts: the holder, the department's agents and leads,
 * an admin) and its validator refuses what is not allowed — conflict when the task is not open or not the
 * principal's, invalid for an unknown outcome, field or department. Before that, the policy lets the
 * principal act only on a task it may see (else not found). The answer is the task after the action.
 */
import type { UpdateDefinition } from '@temporalio/client';
import type { AuthPrincipal, PrincipalDirectory } from '../access/principal';
import type { CaseContext } from '../cases/context';
import { caseErrorFromTemporal } from '../cases/temporal-outcome';
import {
  caseWorkflowId,
  claimTaskUpdate,
  isCaseView,
  completeTaskUpdate,
  handoffTaskUpdate,
  reassignTaskUpdate,
  releaseTaskUpdate,
  type CaseView,
  type CompleteTaskArgs,
  type HandoffTaskArgs,
  type TaskActionAnswer,
  type TaskActionBase,
  type TaskView,
} from '../workflows/messages';
import { authorisedTask } from './read-task';

/** What every task action names: who acts on which task, and the Temporal update id a retry repeats. */
export interface TaskActionInput {
  principal: AuthPrincipal;
  taskId: string;
  /** The Temporal update id a retry must repeat (api/idempotency.ts withUpdateId). */
  updateId?: string | undefined;
}

type TaskContext = Pick<CaseContext, 'pool' | 'client'>;
type Extra<A extends TaskActionBase> = Omit<A, keyof TaskActionBase>;

/** The task after the action (the case's whole view if the task is no longer in it). */
export type TaskAfterAction = TaskView | CaseView;

async function act<A extends TaskActionBase>(
  ctx: TaskContext,
  action: 'task.claim' | 'task.release' | 'task.complete' | 'task.handoff' | 'task.reassign',
  update: UpdateDefinition<TaskActionAnswer, [A]>,
  input: TaskActionInput,
  details: () => Extra<A>,
): Promise<TaskAfterAction> {
  const { principal } = input;
  const task = await authorisedTask(ctx, principal, action, input.taskId);
  const base: TaskActionBase = {
    taskId: task.id,
    // Departments and leads travel with the action: the case decides who may reassign (docs/security.md).
    principal: {
      name: principal.name,
      roles: principal.roles,
      departments: principal.departments,
      leads: principal.leads,
    },
  };
  const args = { ...base, ...details() } as A;
  let answer: TaskActionAnswer;
  try {
    answer = await ctx.client.workflow.getHandle(caseWorkflowId(task.caseId)).executeUpdate(update, {
      args: [args],
      ...(input.updateId ? { updateId: input.updateId } : {}),
    });
  } catch (err) {
    throw caseErrorFromTemporal(err, task.caseId);
  }
  // The case answers the task (issue 13); a whole view comes from a run of older code, or when the task
  // is no longer in the case's view.
  return isCaseView(answer) ? (answer.tasks.find((t) => t.id === task.id) ?? answer) : answer.task;
}

/**
 * The arguments of an action beyond the task, read only once the task is authorised: a task the principal
 * may not see is not found, whatever the request says about it (the API parses the body here, so a bad body
 * on someone else's task is 404, not 400).
 */
export type Details<D> = { details: () => D };

/** Claims a task: assigns it to the principal. */
export const claimTask = (ctx: TaskContext, input: TaskActionInput): Promise<TaskAfterAction> =>
  act(ctx, 'task.claim', claimTaskUpdate, input, () => ({}));

/** Releases a claimed task back to its department's queue. */
export const releaseTask = (ctx: TaskContext, input: TaskActionInput): Promise<TaskAfterAction> =>
  act(ctx, 'task.release', releaseTaskUpdate, input, () => ({}));

/** Completes a task with an outcome, the form its outcome asks for and a note. */
export const completeTask = (
  ctx: TaskContext,
  input: TaskActionInput & Details<Extra<CompleteTaskArgs>>,
): Promise<TaskAfterAction> => act(ctx, 'task.complete', completeTaskUpdate, input, input.details);

/** Hands a task off to another department, with a reason. */
export const handoffTask = (
  ctx: TaskContext,
  input: TaskActionInput & Details<Extra<HandoffTaskArgs>>,
): Promise<TaskAfterAction> => act(ctx, 'task.handoff', handoffTaskUpdate, input, input.details);

/**
 * Reassigns a task to an agent or a department. The case decides whether the assignee may take it, from
 * what the principals directory says about them: an agent's departments, none for a principal who is no
 * agent, `unknown` for a name nobody has.
 */
export const reassignTask = (
  ctx: TaskContext & { auth: PrincipalDirectory },
  input: TaskActionInput & Details<{ assignee?: string | undefined; department?: string | undefined }>,
): Promise<TaskAfterAction> =>
  act(ctx, 'task.reassign', reassignTaskUpdate, input, () => {
    const target = input.details();
    return { ...target, ...assigneeOf(ctx.auth, target.assignee) };
  });

function assigneeOf(
  directory: PrincipalDirectory,
  name: string | undefined,
): { assigneeDepartments?: string[] | 'unknown' } {
  if (name === undefined) return {};
  const target = directory.byName(name);
  if (!target) return { assigneeDepartments: 'unknown' };
  return { assigneeDepartments: target.roles.includes('agent') ? target.departments : [] };
}
