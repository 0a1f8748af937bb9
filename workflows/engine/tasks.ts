/**
 * Human tasks, whatever step owns them: opening one, and the lifecycle every task shares (claim, release,
 * handoff, reassign, the checks before completion). Completion itself is answered by the owning step.
 */
import type { PlanOutcome, PlanStep } from '../../definitions/plan';
import type { Principal } from '../messages';
import { decide, nowIso, reject, type Run } from './run';
import type { CaseEvent, TaskOrigin, TaskRecord } from './types';

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
    // Only to an agent of the task's department (docs/security.md, "Who may claim, complete or hand off a
    // task"); a preference recorded before that rule (no departments) goes to the last handler as it did.
    const departments = state.preferAssigneeDepartments;
    if (departments === undefined || departments.includes(spec.department)) {
      task.status = 'claimed';
      task.assignee = state.preferAssignee;
      task.claimedAt = at;
      decide(run, `task ${task.id} assigned to ${task.assignee}`, 'repeat contact: last handler preferred');
    } else
      decide(
        run,
        `task ${task.id} left in the queue of ${spec.department}`,
        `repeat contact: last handler ${state.preferAssignee} is not an agent of ${spec.department}`,
      );
    state.preferAssignee = undefined;
    state.preferAssigneeDepartments = undefined;
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

type ClaimEvent = Extract<CaseEvent, { kind: 'task.claim' }>;

/**
 * Claim (docs/security.md, "Who may claim, complete or hand off a task"): an agent of the department holding the task
 * (its leads are agents of it) or an admin; the coordinating department of a handed-off task may see it but
 * not take it. A claim by its holder changes nothing. A claim recorded before the rules (`legacy`, set by the
 * driver on replay) is applied as it was.
 */
export function claimTask(run: Run, event: ClaimEvent): void {
  const { taskId, principal } = event;
  const task = activeTask(run, taskId);
  if (task.status === 'claimed' && task.assignee === principal.name) return;
  if (event.legacy !== true && !isAdmin(principal) && !isAgentOf(principal, task.department))
    reject(
      'Forbidden',
      `task ${taskId} is with ${task.department}${handedOffBy(task)}; only agents of ${task.department} ` +
        'or an admin may claim it',
    );
  if (task.status === 'claimed')
    reject('Conflict', `task ${taskId} is claimed by ${task.assignee ?? 'someone else'}`);
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

type CompleteEvent = Extract<CaseEvent, { kind: 'task.complete' }>;

/**
 * The checks before a completion: the task is active and the principal may complete it (docs/security.md,
 * "Who may claim, complete or hand off a task"): its holder, or while it is unclaimed an agent of the
 * department holding it (its leads are agents of it), or an admin. The coordinating department of a
 * handed-off task sees it but may not complete it. A completion recorded before that rule (`legacy`, set by
 * the driver on replay) is checked only against someone else's claim, as it was.
 */
export function checkCompletion(run: Run, event: CompleteEvent): TaskRecord {
  const { taskId, outcome, principal } = event;
  const task = activeTask(run, taskId);
  if (task.status === 'claimed' && task.assignee !== principal.name && !isAdmin(principal))
    reject('Forbidden', `task ${taskId} is claimed by ${task.assignee ?? 'someone else'}`);
  if (
    event.legacy !== true &&
    task.status === 'open' &&
    !isAdmin(principal) &&
    !isAgentOf(principal, task.department)
  )
    reject(
      'Forbidden',
      `task ${taskId} is with ${task.department}${handedOffBy(task)}; only agents of ${task.department} ` +
        'or an admin may complete it',
    );
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
  run.state.lastHandlerDepartments = agentDepartments(principal);
  decide(run, `task ${task.id} completed: ${outcome}`, note ?? `outcome ${outcome}`, task.step);
}

type HandoffEvent = Extract<CaseEvent, { kind: 'task.handoff' }>;

/**
 * Handoff to another department: allowed to the task step's `handoff` list, and back to the coordinating
 * department (the one that handed it off first), which stays visible as the coordinator meanwhile. Who may
 * hand a task off is who may reassign it (mayMove); a handoff recorded before that rule (`legacy`, set by the
 * driver on replay) is applied as it was.
 */
export function handoffTask(run: Run, event: HandoffEvent): void {
  const { taskId, department, reason } = event;
  const task = activeTask(run, taskId);
  if (event.legacy !== true) mayMove(task, event.principal, 'hand it off');
  const step: PlanStep | undefined = run.plan.steps[task.step];
  const allowed = [
    ...(step?.kind === 'task' ? step.handoff : []),
    ...(task.coordinator ? [task.coordinator] : []),
  ];
  if (department === task.department)
    reject('Invalid', `task ${taskId} is already with ${department}`, 'department');
  if (!allowed.includes(department))
    reject(
      'Invalid',
      `task ${taskId} may be handed off to ${allowed.join(', ') || 'no department'}, not ${department}`,
      'department',
    );
  if (reason.trim() === '') reject('Invalid', 'a handoff needs a reason', 'reason');
  task.coordinator = task.coordinator ?? task.department;
  task.department = department;
  task.tier = run.plan.departments[department]?.tiers[0];
  unclaim(run, task);
  decide(run, `task ${taskId} handed off to ${department}`, reason, task.step);
}

type ReassignEvent = Extract<CaseEvent, { kind: 'task.reassign' }>;

/**
 * Reassign by a person (escalation rungs move work on their own, escalate.ts). The rules (docs/security.md,
 * "Who may reassign a task"): only the task's holder, an agent of the holding department while the task
 * is unclaimed, a lead of the holding department or an admin may move it; a department must be one the step
 * allows (reassignTargets); an assignee must be a known agent of the department the task ends up in.
 * A reassign recorded before these rules (`legacy`, set by the driver on replay) is applied as it was.
 */
export function reassignTask(run: Run, event: ReassignEvent): void {
  const { taskId, assignee, department } = event;
  const task = activeTask(run, taskId);
  if (assignee === undefined && department === undefined)
    reject('Invalid', 'name an assignee or a department');
  if (department !== undefined && run.plan.departments[department] === undefined)
    reject('Invalid', `department ${department} is not a department of this template`, 'department');
  if (event.legacy !== true) checkReassign(run, task, event);
  if (department !== undefined) {
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

/** The departments the principal is an agent of: its departments and those it leads; none without the role. */
function agentDepartments(principal: Principal): string[] {
  if (!principal.roles.includes('agent')) return [];
  return [...new Set([...(principal.departments ?? []), ...(principal.leads ?? [])])];
}

/** An agent of the department: one of its agents or leads (the auth file makes every lead an agent of it). */
function isAgentOf(principal: Principal, department: string): boolean {
  return agentDepartments(principal).includes(department);
}

/** For a refusal: who handed the task off, when another department coordinates it. */
const handedOffBy = (task: TaskRecord): string =>
  task.coordinator !== undefined && task.coordinator !== task.department
    ? ` (handed off by ${task.coordinator}, which coordinates it)`
    : '';

/**
 * Who may move a task to someone or somewhere else (reassign, hand off): its holder, an agent of the holding
 * department while the task is unclaimed, a lead of the holding department (claimed or not) or an admin.
 */
function mayMove(task: TaskRecord, principal: Principal, action: 'reassign it' | 'hand it off'): void {
  const agent = principal.roles.includes('agent');
  const holder = task.status === 'claimed' && task.assignee === principal.name;
  const lead = agent && (principal.leads ?? []).includes(task.department);
  const queueAgent =
    task.status === 'open' && agent && (principal.departments ?? []).includes(task.department);
  if (!(isAdmin(principal) || holder || lead || queueAgent))
    reject(
      'Forbidden',
      task.status === 'claimed'
        ? `task ${task.id} is claimed by ${task.assignee ?? 'someone else'}; only they, a lead of ` +
            `${task.department} or an admin may ${action}`
        : `task ${task.id} is in the queue of ${task.department}; only its agents, its leads or an admin ` +
            `may ${action}`,
    );
}

function checkReassign(run: Run, task: TaskRecord, event: ReassignEvent): void {
  const { principal, assignee, department } = event;
  mayMove(task, principal, 'reassign it');
  if (department !== undefined) {
    const allowed = reassignTargets(run, task);
    if (!allowed.includes(department))
      reject(
        'Invalid',
        `task ${task.id} may be reassigned to ${allowed.join(', ')}, not ${department}`,
        'department',
      );
  }
  if (assignee !== undefined) {
    const goesTo = department ?? task.department;
    const known = event.assigneeDepartments;
    if (known === undefined || known === 'unknown')
      return reject('Invalid', `no agent named ${assignee} is known`, 'assignee');
    if (!known.includes(goesTo))
      reject('Invalid', `${assignee} is not an agent of ${goesTo}, where task ${task.id} goes`, 'assignee');
  }
}

/**
 * The departments a person may move a task to. A task step that declares `handoff` allows those, its own
 * department (for a computed one, the case's department), the coordinator and the department holding it;
 * a task step without a list, and tasks of other origins (consult, follow-up, review, escalation), allow
 * every department of the template.
 */
export function reassignTargets(run: Run, task: TaskRecord): string[] {
  const all = Object.keys(run.plan.departments);
  const step: PlanStep | undefined = run.plan.steps[task.step];
  if (step?.kind !== 'task' || task.origin !== 'step' || step.handoff.length === 0) return all;
  const home = step.department.kind === 'fixed' ? step.department.department : run.state.department;
  const listed = [home, ...step.handoff, task.coordinator, task.department];
  return all.filter((d) => listed.includes(d));
}

/** The outcome ids of a task step, for TaskView.outcomes. */
export const outcomeIds = (outcomes: Record<string, PlanOutcome>): string[] => Object.keys(outcomes);
