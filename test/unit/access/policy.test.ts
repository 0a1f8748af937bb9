/**
 * The authorisation policy (access/policy.ts) as one table: principal × action × case, task or department →
 * allowed or the reason it is refused. A change to who may do what changes a cell here, on purpose.
 *
 * `ok` allowed · `role` none of the action's roles (403) · `unseen` not the principal's to see (404) ·
 * `held` may read the case but its departments do not hold it now (403) · `dept` not an agent of the
 * department it named (403).
 */
import { caseHoldersOf, noHolders } from '../../../access/case-access';
import {
  actionRoles,
  caseListScope,
  decide,
  maySeeSurveyTokens,
  taskListScope,
  type Action,
  type Target,
} from '../../../access/policy';
import type { AuthPrincipal, Role } from '../../../access/principal';

const who = (
  name: string,
  roles: Role[],
  departments: string[] = [],
  leads: string[] = [],
): AuthPrincipal => ({
  name,
  roles,
  departments,
  leads,
});

const principals = {
  admin: who('admin', ['admin']),
  auditor: who('auditor', ['auditor']),
  intake: who('intake', ['intake']),
  designer: who('designer', ['designer']),
  manager: who('manager', ['manager']),
  billing: who('billing', ['agent'], ['billing']),
  lead: who('lead', ['agent'], ['billing'], ['billing']),
  support: who('support', ['agent'], ['support']),
  nobody: who('nobody', ['agent']),
  // Departments count only for an agent: an auditor's or designer's departments change nothing.
  designerOfBilling: who('designer-billing', ['designer'], ['billing']),
} as const;
type Who = keyof typeof principals;
const columns = Object.keys(principals) as Who[];

const task = (department: string, status: 'open' | 'claimed' | 'completed', coordinator?: string) => ({
  department,
  status,
  ...(coordinator ? { coordinator } : {}),
});
/** Cases as the policy reads them, from the shape of a view. */
const cases = {
  heldByBilling: caseHoldersOf({ department: 'billing', tasks: [task('billing', 'open')] }),
  // Billing had a task once; support holds the case now.
  onceBilling: caseHoldersOf({
    department: 'support',
    tasks: [task('billing', 'completed'), task('support', 'claimed')],
  }),
  // Support's open task, coordinated by billing: both hold the case.
  coordinatedByBilling: caseHoldersOf({ department: 'support', tasks: [task('support', 'open', 'billing')] }),
  unknown: noHolders,
};
const tasks = {
  billing: { department: 'billing' },
  supportCoordinatedByBilling: { department: 'support', coordinator: 'billing' },
  support: { department: 'support' },
};

// prettier-ignore
const table: Array<[action: Action, target: Target, expected: string]> = [
  //                                                             admin auditor intake design manager billing lead   support nobody design-billing
  ['case.open',          undefined,                            'ok    role    ok     role   role    role    role   role    role   role'],
  ['case.list',          undefined,                            'ok    ok      ok     role   role    ok      ok     ok      ok     role'],
  ['case.read',          { case: cases.heldByBilling },        'ok    ok      ok     role   role    ok      ok     unseen  unseen role'],
  ['case.read',          { case: cases.onceBilling },          'ok    ok      ok     role   role    ok      ok     ok      unseen role'],
  ['case.read',          { case: cases.unknown },              'ok    ok      ok     role   role    unseen  unseen unseen  unseen role'],
  ['case.messages',      { case: cases.heldByBilling },        'ok    ok      ok     role   role    ok      ok     unseen  unseen role'],
  ['case.message',       { case: cases.heldByBilling },        'ok    role    ok     role   role    ok      ok     unseen  unseen role'],
  ['case.message',       { case: cases.onceBilling },          'ok    role    ok     role   role    held    held   ok      unseen role'],
  ['case.cancel',        { case: cases.onceBilling },          'ok    role    ok     role   role    held    held   ok      unseen role'],
  ['case.cancel',        { case: cases.coordinatedByBilling }, 'ok    role    ok     role   role    ok      ok     ok      unseen role'],
  ['case.migrate',       undefined,                            'ok    role    role   ok     role    role    role   role    role   ok'],
  ['case.notifications', undefined,                            'ok    ok      role   role   role    role    role   role    role   role'],
  ['case.history',       { case: cases.heldByBilling },        'ok    ok      role   role   role    ok      ok     unseen  unseen role'],
  ['case.history',       { case: cases.unknown },              'ok    ok      role   role   role    unseen  unseen unseen  unseen role'],
  ['case.timeline',      { case: cases.onceBilling },          'ok    ok      role   role   role    ok      ok     ok      unseen role'],
  ['case.replay',        { case: cases.heldByBilling },        'ok    ok      role   role   role    role    role   role    role   role'],
  ['task.list',          undefined,                            'ok    ok      role   role   role    ok      ok     ok      ok     role'],
  ['task.list',          { department: 'billing' },            'ok    ok      role   role   role    ok      ok     dept    dept   role'],
  ['task.read',          { task: tasks.billing },              'ok    ok      role   role   role    ok      ok     unseen  unseen role'],
  ['task.read',          { task: tasks.supportCoordinatedByBilling }, 'ok ok      role   role   role    ok      ok     ok      unseen role'],
  ['task.claim',         { task: tasks.billing },              'ok    role    role   role   role    ok      ok     unseen  unseen role'],
  ['task.release',       { task: tasks.support },              'ok    role    role   role   role    unseen  unseen ok      unseen role'],
  ['task.complete',      { task: tasks.support },              'ok    role    role   role   role    unseen  unseen ok      unseen role'],
  ['task.handoff',       { task: tasks.supportCoordinatedByBilling }, 'ok role    role   role   role    ok      ok     ok      unseen role'],
  ['task.reassign',      { task: tasks.billing },              'ok    role    role   role   role    ok      ok     unseen  unseen role'],
  ['template.read',      undefined,                            'ok    ok      ok     ok     ok      ok      ok     ok      ok     ok'],
  ['template.validate',  undefined,                            'ok    role    role   ok     role    role    role   role    role   ok'],
  ['template.publish',   undefined,                            'ok    role    role   ok     role    role    role   role    role   ok'],
  ['template.retire',    undefined,                            'ok    role    role   ok     role    role    role   role    role   ok'],
  ['template.backtest',  undefined,                            'ok    role    role   ok     role    role    role   role    role   ok'],
  ['template.migrate',   undefined,                            'ok    role    role   ok     role    role    role   role    role   ok'],
  ['blocklist.list',     undefined,                            'ok    ok      role   role   role    role    role   role    role   role'],
  ['blocklist.read',     undefined,                            'ok    ok      role   role   role    role    role   role    role   role'],
  ['blocklist.put',      undefined,                            'ok    role    role   role   role    role    role   role    role   role'],
  ['blocklist.delete',   undefined,                            'ok    role    role   role   role    role    role   role    role   role'],
  ['audit.list',         undefined,                            'ok    ok      role   role   role    role    role   role    role   role'],
  ['report.read',        undefined,                            'ok    ok      role   role   ok      role    role   role    role   role'],
  ['codec.use',          undefined,                            'ok    ok      role   role   role    role    role   role    role   role'],
  ['customer.erase',     undefined,                            'ok    role    role   role   role    role    role   role    role   role'],
  ['triage.train',       undefined,                            'ok    role    role   role   role    role    role   role    role   role'],
  ['triage.read',        undefined,                            'ok    role    role   ok     role    role    role   role    role   ok'],
];

const word = { role: 'role', unseen: 'unseen', 'not-held': 'held', department: 'dept' } as const;

describe.each(table.map(([action, target, expected]) => [action, target, expected] as const))(
  '%s on %j',
  (action, target, expected) => {
    const cells = expected.split(/\s+/);
    it.each(columns.map((column, i) => [column, cells[i]] as const))('%s: %s', (column, cell) => {
      const decision = decide(principals[column], action, target);
      expect(decision.allowed ? 'ok' : word[decision.refusal]).toBe(cell);
    });
  },
);

it('the table covers every action', () => {
  expect(new Set(table.map(([action]) => action))).toEqual(new Set(Object.keys(actionRoles)));
});

it('every row has a cell for every principal', () => {
  for (const [, , expected] of table) expect(expected.split(/\s+/)).toHaveLength(columns.length);
});

describe('list scopes', () => {
  it('a case list shows agents their departments only', () => {
    expect(caseListScope(principals.billing)).toEqual({ departments: ['billing'] });
    expect(caseListScope(principals.nobody)).toEqual({ departments: [] });
    for (const p of ['admin', 'auditor', 'intake'] as const) expect(caseListScope(principals[p])).toBe('all');
  });

  it('an inbox shows agents the department they named, else their departments', () => {
    expect(taskListScope(principals.billing, undefined)).toEqual({ departments: ['billing'] });
    expect(taskListScope(principals.billing, 'billing')).toEqual({ department: 'billing' });
    expect(taskListScope(principals.auditor, 'billing')).toBe('all');
    expect(taskListScope(principals.admin, undefined)).toBe('all');
  });
});

it('only an admin reads a survey link whole', () => {
  expect(columns.filter((c) => maySeeSurveyTokens(principals[c]))).toEqual(['admin']);
});

it('a case involves every department it had, and is held by those of its open tasks', () => {
  expect(cases.onceBilling).toEqual({
    involved: ['support', 'billing', undefined, 'support', undefined],
    holding: ['support', 'support', undefined],
  });
});
