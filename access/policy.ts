/**
 * The one authorisation policy of the API and the CLI: may this principal do this action (to this case, task
 * or department)? The routes and use cases ask it before they call Temporal or read a projection; the
 * engine's own task rules (who may claim, complete, hand off or reassign, workflows/engine/tasks.ts) are
 * decided inside the case workflow, after this gate. The table of who may do what: docs/security.md, "Roles".
 *
 * Two questions, asked in this order:
 * 1. the role gate (`hasRoleFor`): may the principal attempt the action at all (admin always may)?
 * 2. the resource rule (`decide`): may it do so to this case, task or department?
 */
import type { AuthPrincipal, Role } from './principal';

/**
 * Every action the API and CLI authorise, named as the audit log names it, with the roles that may attempt it
 * (an admin may attempt every one). The OpenAPI document lists the same roles for each route.
 */
export const actionRoles = {
  'case.open': ['intake'],
  'case.list': ['intake', 'agent', 'auditor'],
  'case.read': ['intake', 'agent', 'auditor'],
  'case.messages': ['intake', 'agent', 'auditor'],
  'case.message': ['intake', 'agent'],
  'case.cancel': ['intake', 'agent'],
  // Moving an open case to another version of its template: a change of the process, not of the case.
  'case.migrate': ['designer'],
  'case.notifications': ['auditor'],
  'case.history': ['agent', 'auditor'],
  'case.timeline': ['agent', 'auditor'],
  'case.replay': ['auditor'],
  'task.list': ['agent', 'auditor'],
  'task.read': ['agent', 'auditor'],
  'task.claim': ['agent'],
  'task.release': ['agent'],
  'task.complete': ['agent'],
  'task.handoff': ['agent'],
  'task.reassign': ['agent'],
  'template.read': ['intake', 'agent', 'designer', 'auditor', 'manager'],
  'template.validate': ['designer'],
  'template.publish': ['designer'],
  'template.retire': ['designer'],
  // Running a candidate template on recorded cases (it reads their categories, priorities and timings).
  'template.backtest': ['designer'],
  // Moving every open case of a version to another (and reading, pausing, resuming such a migration).
  'template.migrate': ['designer'],
  'blocklist.list': ['auditor'],
  'blocklist.read': ['auditor'],
  'blocklist.put': [],
  'blocklist.delete': [],
  // Erasing a customer's personal data everywhere (issue 16, docs/privacy.md): admins only.
  'customer.erase': [],
  'audit.list': ['auditor'],
  'report.read': ['auditor', 'manager'],
  // Learned triage (issue 17, docs/triage.md): training reads every recorded case's text, so admins only;
  // a designer reads the evaluation to decide whether a template should route by suggestion.
  'triage.train': [],
  'triage.read': ['designer'],
  'codec.use': ['auditor'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof actionRoles;
/** Actions on one case: reading it (and its messages, history, timeline, replay) or changing it. */
export type CaseAction = Extract<Action, `case.${string}`>;
/** Actions on one task. */
export type TaskAction = Extract<Action, `task.${string}`>;

/** The actions that change a case: only the departments holding it now may (see `mayChangeCase`). */
const caseChanges: ReadonlySet<Action> = new Set(['case.message', 'case.cancel']);

/**
 * The departments a case involves, as the policy reads them: every department it ever involved (the holding
 * one and those of all its tasks and their coordinators) and those holding it now (the holding one and
 * those of its open tasks with their coordinators). access/case-access.ts reads them from a view.
 */
export interface CaseHolders {
  involved: readonly (string | undefined)[];
  holding: readonly (string | undefined)[];
}

/** The departments of a task: the one holding it and the coordinating one, if any. */
export interface TaskHolders {
  department: string;
  coordinator?: string | undefined;
}

/** What the decision is about: a case, a task, a department's inbox, or nothing but the action. */
export type Target = { case: CaseHolders } | { task: TaskHolders } | { department: string } | undefined;

/**
 * Why an action is refused; the caller words it (docs/security.md):
 * - `role`: the principal has none of the action's roles (403);
 * - `unseen`: the case or task is not the principal's to see, answered as if it did not exist (404);
 * - `not-held`: the principal may read the case but its departments do not hold it now (403);
 * - `department`: the principal is not an agent of the department it named (403).
 */
export type Refusal = 'role' | 'unseen' | 'not-held' | 'department';
export type Decision = { allowed: true } | { allowed: false; refusal: Refusal };

const allowed: Decision = { allowed: true };
const refused = (refusal: Refusal): Decision => ({ allowed: false, refusal });

const isAdmin = (p: AuthPrincipal): boolean => p.roles.includes('admin');

/** The roles that may attempt the action, admin first, as a refusal names them. */
export function rolesFor(action: Action): Role[] {
  return ['admin', ...actionRoles[action]];
}

/** The role gate: whether the principal may attempt the action at all (an admin may attempt every one). */
export function hasRoleFor(principal: AuthPrincipal, action: Action): boolean {
  const needed: readonly Role[] = actionRoles[action];
  return principal.roles.some((r) => r === 'admin' || needed.includes(r));
}

/** Agents act only on their departments' work; an admin on every department's. Leads change nothing here. */
export function mayActForDepartment(principal: AuthPrincipal, department: string): boolean {
  if (isAdmin(principal)) return true;
  return principal.roles.includes('agent') && principal.departments.includes(department);
}

const actsForAny = (principal: AuthPrincipal, departments: readonly (string | undefined)[]): boolean =>
  departments.some((d) => d !== undefined && mayActForDepartment(principal, d));

/** Admins, auditors and intake see every case; agents those their departments hold or ever worked on. */
export function seesAllCases(principal: AuthPrincipal): boolean {
  return principal.roles.some((r) => r === 'admin' || r === 'auditor' || r === 'intake');
}

/** Admins and auditors see every task; agents those of their departments (held or coordinated). */
export function seesAllTasks(principal: AuthPrincipal): boolean {
  return principal.roles.some((r) => r === 'admin' || r === 'auditor');
}

/** Agents read only cases their departments hold or work on; a 404 does not reveal that others exist. */
export function mayReadCase(principal: AuthPrincipal, holders: CaseHolders): boolean {
  return seesAllCases(principal) || actsForAny(principal, holders.involved);
}

/**
 * Changes (messages, cancel) belong to the departments that hold the case now: the holding department and
 * those of its open tasks (with their coordinators). A department that once had a task keeps reading only.
 * Intake (which opened it) and admins may change any case.
 */
export function mayChangeCase(principal: AuthPrincipal, holders: CaseHolders): boolean {
  if (principal.roles.some((r) => r === 'admin' || r === 'intake')) return true;
  return actsForAny(principal, holders.holding);
}

/** A task is seen by all who see every task, and by agents of its department or its coordinating one. */
export function mayReadTask(principal: AuthPrincipal, task: TaskHolders): boolean {
  return seesAllTasks(principal) || actsForAny(principal, [task.department, task.coordinator]);
}

/**
 * Which cases a list shows the principal: every case, or those the given departments hold or have tasks
 * in (the case index filters by them).
 */
export function caseListScope(principal: AuthPrincipal): 'all' | { departments: string[] } {
  return seesAllCases(principal) ? 'all' : { departments: principal.departments };
}

/**
 * Which tasks an inbox shows: every task, one named department's (the caller checked it with `decide`),
 * or the principal's departments'.
 */
export function taskListScope(
  principal: AuthPrincipal,
  department: string | undefined,
): 'all' | { department: string } | { departments: string[] } {
  if (seesAllTasks(principal)) return 'all';
  return department !== undefined ? { department } : { departments: principal.departments };
}

/** A live survey token answers the survey: only an admin (who may resend a link) reads one whole. */
export function maySeeSurveyTokens(principal: AuthPrincipal): boolean {
  return isAdmin(principal);
}

/**
 * May this principal do this action to this target? The role gate first, then the rule of the target:
 * - a case: reading needs `mayReadCase` (else `unseen`), a change also `mayChangeCase` (else `not-held`);
 * - a task: every task action needs `mayReadTask` (else `unseen`); the case then decides the action itself;
 * - a department (an inbox): an agent of it, or one who sees every task (else `department`).
 * Without a target only the role gate applies.
 */
export function decide(principal: AuthPrincipal, action: Action, target?: Target): Decision {
  if (!hasRoleFor(principal, action)) return refused('role');
  if (target === undefined) return allowed;
  if ('case' in target) {
    if (!mayReadCase(principal, target.case)) return refused('unseen');
    if (caseChanges.has(action) && !mayChangeCase(principal, target.case)) return refused('not-held');
    return allowed;
  }
  if ('task' in target) return mayReadTask(principal, target.task) ? allowed : refused('unseen');
  if (seesAllTasks(principal) || mayActForDepartment(principal, target.department)) return allowed;
  return refused('department');
}
