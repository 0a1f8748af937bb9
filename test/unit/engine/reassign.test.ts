/**
 * Who may reassign a task, to whom and where (issue 11, item 3; docs/security.md "Who may reassign a
 * task"). The engine decides with the caller's departments and leads and the assignee's departments, which
 * the API reads from the principals file and sends with the update.
 */
import type { Principal } from '../../../workflows/messages';
import type { CaseEvent } from '../../../workflows/engine/types';
import { admin, Harness, makeInput, makePlan } from './fixture';

// Two agents of the front line, its lead, an agent of billing and a lead of billing.
const anna: Principal = { name: 'anna', roles: ['agent'], departments: ['frontline'] };
const ben: Principal = { name: 'ben', roles: ['agent'], departments: ['frontline'] };
const lena: Principal = { name: 'lena', roles: ['agent'], departments: ['frontline'], leads: ['frontline'] };
const bill: Principal = { name: 'bill', roles: ['agent'], departments: ['billing'] };
const bea: Principal = { name: 'bea', roles: ['agent'], departments: ['billing'], leads: ['billing'] };

type Reassign = Extract<CaseEvent, { kind: 'task.reassign' }>;
const reassign = (
  h: Harness,
  principal: Principal,
  to: Omit<Partial<Reassign>, 'kind' | 'taskId' | 'principal'>,
): Reassign => ({ kind: 'task.reassign', taskId: h.openTask().id, principal, ...to });

/** A case whose triage task (front line; handoff to technical or billing) is claimed by anna. */
function claimedByAnna(): Harness {
  const h = new Harness(makePlan());
  h.send({ kind: 'task.claim', taskId: h.openTask().id, principal: anna });
  return h;
}

describe('who may reassign', () => {
  it('the holder of a claimed task', () => {
    const h = claimedByAnna();
    h.send(reassign(h, anna, { assignee: 'ben', assigneeDepartments: ['frontline'] }));
    expect(h.openTask()).toMatchObject({ status: 'claimed', assignee: 'ben' });
    expect(h.state.decisions.at(-1)).toMatchObject({ what: 'task C1-t1 reassigned to ben', by: 'anna' });
  });

  it('an agent of the holding department while the task is unclaimed', () => {
    const h = new Harness(makePlan());
    h.send(reassign(h, ben, { department: 'technical' }));
    expect(h.openTask()).toMatchObject({ department: 'technical', status: 'open', tier: 'L1' });
  });

  it('not a colleague of the same department once someone holds it, nor another department', () => {
    const h = claimedByAnna();
    expect(h.refuse(reassign(h, ben, { assignee: 'ben', assigneeDepartments: ['frontline'] }))).toEqual({
      type: 'Forbidden',
      message: 'task C1-t1 is claimed by anna; only they, a lead of frontline or an admin may reassign it',
    });
    expect(h.refuse(reassign(h, bill, { department: 'billing' })).type).toBe('Forbidden');
    const open = new Harness(makePlan());
    expect(open.refuse(reassign(open, bill, { department: 'billing' }))).toEqual({
      type: 'Forbidden',
      message:
        'task C1-t1 is in the queue of frontline; only its agents, its leads or an admin may reassign it',
    });
    // Departments without the agent role count for nothing.
    expect(open.refuse(reassign(open, { ...ben, roles: ['intake'] }, { department: 'billing' })).type).toBe(
      'Forbidden',
    );
    expect(h.openTask()).toMatchObject({ department: 'frontline', status: 'claimed', assignee: 'anna' });
  });

  it('a lead of the holding department, claimed or not; a lead of another department is not', () => {
    const h = claimedByAnna();
    expect(h.refuse(reassign(h, bea, { department: 'billing' })).type).toBe('Forbidden');
    h.send(reassign(h, lena, { assignee: 'ben', assigneeDepartments: ['frontline'] }));
    expect(h.openTask()).toMatchObject({ status: 'claimed', assignee: 'ben' });
  });

  it('an admin, whoever holds the task', () => {
    const h = claimedByAnna();
    h.send(reassign(h, admin, { department: 'billing', assignee: 'bill', assigneeDepartments: ['billing'] }));
    expect(h.openTask()).toMatchObject({ department: 'billing', status: 'claimed', assignee: 'bill' });
  });
});

describe('to whom', () => {
  it('refuses a name the principals file does not know, naming the assignee field', () => {
    const h = claimedByAnna();
    expect(h.refuse(reassign(h, anna, { assignee: 'nobody', assigneeDepartments: 'unknown' }))).toEqual({
      type: 'Invalid',
      message: 'no agent named nobody is known',
      field: 'assignee',
    });
    // Nothing said about the assignee counts as unknown: the rule does not fail open.
    expect(h.refuse(reassign(h, anna, { assignee: 'ben' }))).toMatchObject({
      type: 'Invalid',
      field: 'assignee',
    });
  });

  it('refuses an agent of another department than the one the task ends up in', () => {
    const h = claimedByAnna();
    expect(h.refuse(reassign(h, anna, { assignee: 'bill', assigneeDepartments: ['billing'] }))).toEqual({
      type: 'Invalid',
      message: 'bill is not an agent of frontline, where task C1-t1 goes',
      field: 'assignee',
    });
    expect(
      h.refuse(
        reassign(h, anna, { department: 'billing', assignee: 'ben', assigneeDepartments: ['frontline'] }),
      ),
    ).toMatchObject({ type: 'Invalid', field: 'assignee' });
    // A principal who is no agent has no departments (the API sends none).
    expect(h.refuse(reassign(h, anna, { assignee: 'web', assigneeDepartments: [] })).field).toBe('assignee');
    h.send(reassign(h, anna, { department: 'billing', assignee: 'bill', assigneeDepartments: ['billing'] }));
    expect(h.openTask()).toMatchObject({ department: 'billing', assignee: 'bill' });
  });
});

describe('where', () => {
  it('a step with a handoff list: those, its own department and the coordinator', () => {
    const h = new Harness(makePlan());
    expect(h.refuse(reassign(h, anna, { department: 'quality' }))).toEqual({
      type: 'Invalid',
      message: 'task C1-t1 may be reassigned to frontline, technical, billing, not quality',
      field: 'department',
    });
    expect(h.refuse(reassign(h, admin, { department: 'nowhere' }))).toMatchObject({
      type: 'Invalid',
      field: 'department',
    });
    h.send(reassign(h, anna, { department: 'billing' }));
    // Back to the step's own department, by an agent of billing that now holds it.
    h.send(reassign(h, bill, { department: 'frontline' }));
    h.send({
      kind: 'task.handoff',
      taskId: 'C1-t1',
      department: 'technical',
      reason: 'bug',
      principal: anna,
    });
    const tech: Principal = { name: 'tom', roles: ['agent'], departments: ['technical'] };
    expect(h.refuse(reassign(h, tech, { department: 'quality' })).field).toBe('department');
    h.send(reassign(h, tech, { department: 'frontline' }));
    expect(h.openTask()).toMatchObject({ department: 'frontline', coordinator: 'frontline' });
  });

  it('a step without a list: every department of the template', () => {
    const h = new Harness(makePlan(), makeInput({ description: 'refund please' }));
    h.complete('route', undefined, anna);
    expect(h.openTask()).toMatchObject({ step: 'department', department: 'billing' });
    h.send(reassign(h, bill, { department: 'quality' }));
    expect(h.openTask()).toMatchObject({ department: 'quality' });
  });
});

it('a reassign recorded before the rules (legacy, on replay) is applied as it was', () => {
  const h = claimedByAnna();
  const old = reassign(h, { name: 'admin', roles: ['admin'] }, { assignee: 'technical', legacy: true });
  h.send(old);
  expect(h.openTask()).toMatchObject({ assignee: 'technical' });
  h.send(reassign(h, bill, { department: 'quality', assignee: 'x', legacy: true }));
  expect(h.openTask()).toMatchObject({ department: 'quality', assignee: 'x' });
});
