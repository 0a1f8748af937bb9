/**
 * Human tasks, whatever step owns them: opening one, and the lifecycle every task shares (claim, release,
 * handoff, reassign, the checks before completion). Completion itself is answered by the owning step.
 */
import type { PlanOutcome, PlanStep } from '../../definitions/plan';
import type { Principal } from '../messages';
import { decide, nowIso, reject, type Run } from './run';
import type { TaskOrigin, TaskRecord } from './types';

export interface NewTask {
  step: string;
  origin: TaskOrigin;
  entry?: string;
  department: string;
  tier?: string;
  title: string;
  instructions?: string;
  outcomes: string[];
}

/** Opens a task with the next deterministic id (`<caseId>-t<n>`), honouring a continuity preference. */
export function openTask(run: Run, spec: NewTask): TaskRecord {
  const { state } = run;
  state.taskSeq += 1;
  const at = nowIso(run);
  const task: TaskRecord = {
    ...spec,
    id: `${state.caseId}-t${state.taskSeq}`,
    status: 'open',
    createdAt: at,
    updatedAt: at,
  };
  if (state.preferAssignee !== undefined && (spec.origin === 'step' || spec.origin === 'consult')) {
    task.status = 'claimed';
    task.assignee = state.preferAssignee;
    task.claimedAt = at;
    decide(run, `task ${task.id} assigned to ${task.assignee}`, 'repeat contact: last handler preferred');
    state.preferAssignee = undefined;
  }
  state.tasks.push(task);
  decide(run, `task ${task.id} opened for ${task.department}`, `step ${spec.step}: ${spec.title}`, spec.step);
  return task;
}

/** Cancels every task of the case that is still open or claimed (end, cancel, join `any`). */
export function cancelTasks(run: Run, why: string, filter: (task: TaskRecord) => boolean = () => true): void {
  for (const task of run.state.tasks) {
    if ((task.status === 'open' || task.status === 'claimed') && filter(task)) {
      task.status = 'cancelled';
      task.updatedAt = nowIso(run);
      task.closedAt = task.updatedAt;
      decide(run, `task ${task.id} cancelled`, why, task.step);
    }
  }
}

export function findTask(run: Run, taskId: string): TaskRecord {
  const task = run.state.tasks.find((t) => t.id === taskId);
  if (task === undefined)
    return reject('NotFound', `task ${taskId} is not a task of case ${run.state.caseId}`);
  return task;
}

/** A task that can still be worked on, else 409. */
export function activeTask(run: Run, taskId: string): TaskRecord {
  if (run.state.finished) reject('Conflict', `case ${run.state.caseId} is ${run.state.status}`);
  const task = findTask(run, taskId);
  if (task.status !== 'open' && task.status !== 'claimed')
    reject('Conflict', `task ${taskId} is ${task.status}`);
  return task;
}

/** Back in its department's queue, unclaimed from now on. */
function unclaim(run: Run, task: TaskRecord): void {
  task.status = 'open';
  task.assignee = undefined;
  task.claimedAt = undefined;
  task.updatedAt = nowIso(run);
  task.unclaimedSince = task.updatedAt;
}

const isAdmin = (principal: Principal): boolean => principal.roles.includes('admin');

export function claimTask(run: Run, taskId: string, principal: Principal): void {
  const task = activeTask(run, taskId);
  if (task.status === 'claimed') {
    if (task.assignee === principal.name) return;
    reject('Conflict', `task ${taskId} is claimed by ${task.assignee ?? 'someone else'}`);
  }
  task.status = 'claimed';
  task.assignee = principal.name;
  task.updatedAt = nowIso(run);
  task.claimedAt = task.updatedAt;
  decide(run, `task ${taskId} claimed`, 'claim', task.step);
}

export function releaseTask(run: Run, taskId: string, principal: Principal): void {
  const task = activeTask(run, taskId);
  if (task.status !== 'claimed') reject('Conflict', `task ${taskId} is not claimed`);
  if (task.assignee !== principal.name && !isAdmin(principal))
    reject('Forbidden', `task ${taskId} is claimed by ${task.assignee ?? 'someone else'}`);
  unclaim(run, task);
  decide(run, `task ${taskId} released`, 'release', task.step);
}

/** The checks before a completion: the task is active and the principal may complete it. */
export function checkCompletion(run: Run, taskId: string, outcome: string, principal: Principal): TaskRecord {
  const task = activeTask(run, taskId);
  if (task.status === 'claimed' && task.assignee !== principal.name && !isAdmin(principal))
    reject('Forbidden', `task ${taskId} is claimed by ${task.assignee ?? 'someone else'}`);
  if (!task.outcomes.includes(outcome))
    reject('Invalid', `outcome ${outcome} is not one of ${task.outcomes.join(', ')}`);
  return task;
}

/** Marks a task completed (after its step accepted the outcome and form). */
export function markCompleted(
  run: Run,
  task: TaskRecord,
  outcome: string,
  principal: Principal,
  form?: Record<string, unknown>,
  note?: string,
): void {
  task.status = 'completed';
  task.assignee = task.assignee ?? principal.name;
  task.outcome = outcome;
  if (form !== undefined) task.form = form;
  if (note !== undefined) task.note = note;
  task.updatedAt = nowIso(run);
  task.closedAt = task.updatedAt;
  run.state.lastHandler = principal.name;
  decide(run, `task ${task.id} completed: ${outcome}`, note ?? `outcome ${outcome}`, task.step);
}

/**
 * Handoff to another department: allowed to the task step's `handoff` list, and back to the coordinating
 * department (the one that handed it off first), which stays visible as the coordinator meanwhile.
 */
export function handoffTask(run: Run, taskId: string, department: string, reason: string): void {
  const task = activeTask(run, taskId);
  const step: PlanStep | undefined = run.plan.steps[task.step];
  const allowed = [
    ...(step?.kind === 'task' ? step.handoff : []),
    ...(task.coordinator ? [task.coordinator] : []),
  ];
  if (department === task.department) reject('Invalid', `task ${taskId} is already with ${department}`);
  if (!allowed.includes(department))
    reject(
      'Invalid',
      `task ${taskId} may be handed off to ${allowed.join(', ') || 'no department'}, not ${department}`,
    );
  if (reason.trim() === '') reject('Invalid', 'a handoff needs a reason');
  task.coordinator = task.coordinator ?? task.department;
  task.department = department;
  task.tier = run.plan.departments[department]?.tiers[0];
  unclaim(run, task);
  decide(run, `task ${taskId} handed off to ${department}`, reason, task.step);
}

export function reassignTask(run: Run, taskId: string, assignee?: string, department?: string): void {
  const task = activeTask(run, taskId);
  if (assignee === undefined && department === undefined)
    reject('Invalid', 'name an assignee or a department');
  if (department !== undefined) {
    if (run.plan.departments[department] === undefined)
      reject('Invalid', `department ${department} is not a department of this template`);
    task.department = department;
    task.tier = run.plan.departments[department]?.tiers[0];
    unclaim(run, task);
  }
  if (assignee !== undefined) {
    task.status = 'claimed';
    task.assignee = assignee;
    task.claimedAt = nowIso(run);
  }
  task.updatedAt = nowIso(run);
  const to = [department, assignee].filter((x) => x !== undefined).join(' / ');
  decide(run, `task ${taskId} reassigned to ${to}`, 'reassign', task.step);
}

/** The outcome ids of a task step, for TaskView.outcomes. */
export const outcomeIds = (outcomes: Record<string, PlanOutcome>): string[] => Object.keys(outcomes);
