/**
 * Who may claim a task, complete it and hand it off, and to whom a repeat contact gives the next task (issue
 * 11, follow-up of items 3 and 4; docs/security.md "Who may claim, complete or hand off a task"). The engine
 * decides with the caller's departments and leads, which the API reads from the principals file and sends
 * with the update, as for reassign.
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

type Claim = Extract<CaseEvent, { kind: 'task.claim' }>;
type Handoff = Extract<CaseEvent, { kind: 'task.handoff' }>;
const claim = (h: Harness, principal: Principal, legacy?: true): Claim => ({
  kind: 'task.claim',
  taskId: h.openTask().id,
  principal,
  ...(legacy ? { legacy } : {}),
});
const handoff = (
  h: Harness,
  principal: Principal,
  department: string,
  more: Partial<Omit<Handoff, 'kind' | 'taskId' | 'principal' | 'department'>> = {},
): Handoff => ({
  kind: 'task.handoff',
  taskId: h.openTask().id,
  department,
  reason: `to ${department}`,
  principal,
  ...more,
});

/** A case whose triage task (front line; handoff to technical or billing) anna handed off to billing. */
function withBilling(): Harness {
  const h = new Harness(makePlan());
  h.send(claim(h, anna));
  h.send(handoff(h, anna, 'billing'));
  expect(h.openTask()).toMatchObject({ department: 'billing', coordinator: 'frontline', status: 'open' });
  return h;
}

describe('who may claim', () => {
  it('an agent of the department holding the task, or one of its leads', () => {
    const h = new Harness(makePlan());
    h.send(claim(h, ben));
    expect(h.openTask()).toMatchObject({ status: 'claimed', assignee: 'ben' });
    // The holder claiming again changes nothing; a colleague still finds it taken (409, as before).
    h.send(claim(h, ben));
    expect(h.refuse(claim(h, anna))).toEqual({ type: 'Conflict', message: 'task C1-t1 is claimed by ben' });
    const led = withBilling();
    led.send(claim(led, bea));
    expect(led.openTask()).toMatchObject({ status: 'claimed', assignee: 'bea' });
  });

  it('not the coordinating department of a handed-off task: it sees the task, but may not take it', () => {
    const h = withBilling();
    expect(h.refuse(claim(h, anna))).toEqual({
      type: 'Forbidden',
      message:
        'task C1-t1 is with billing (handed off by frontline, which coordinates it); only agents of billing ' +
        'or an admin may claim it',
    });
    // Not its lead either, and so never its holder: the reassign it would have allowed stays refused.
    expect(h.refuse(claim(h, lena)).type).toBe('Forbidden');
    expect(h.refuse({ kind: 'task.reassign', taskId: 'C1-t1', assignee: 'anna', principal: anna }).type).toBe(
      'Forbidden',
    );
    // Claimed by billing, the coordinator is still refused (403, not the 409 of a colleague).
    h.send(claim(h, bill));
    expect(h.refuse(claim(h, anna)).type).toBe('Forbidden');
    expect(h.openTask()).toMatchObject({ department: 'billing', status: 'claimed', assignee: 'bill' });
  });

  it('not an agent of another department, nor someone whose departments come without the agent role', () => {
    const h = new Harness(makePlan());
    expect(h.refuse(claim(h, bill))).toEqual({
      type: 'Forbidden',
      message: 'task C1-t1 is with frontline; only agents of frontline or an admin may claim it',
    });
    expect(h.refuse(claim(h, { ...ben, roles: ['intake'] })).type).toBe('Forbidden');
    // No departments said counts as none: the rule does not fail open.
    expect(h.refuse(claim(h, { name: 'x', roles: ['agent'] })).type).toBe('Forbidden');
    expect(h.openTask()).toMatchObject({ status: 'open' });
  });

  it('an admin, whatever the department (as Zendesk lets admins take any ticket)', () => {
    const h = withBilling();
    h.send(claim(h, admin));
    expect(h.openTask()).toMatchObject({ department: 'billing', status: 'claimed', assignee: 'root' });
  });

  it('a claim recorded before the rules (legacy, on replay) is applied as it was', () => {
    const h = withBilling();
    h.send(claim(h, { name: 'frontline', roles: ['agent'] }, true));
    expect(h.openTask()).toMatchObject({ status: 'claimed', assignee: 'frontline' });
  });
});

describe('who may hand off', () => {
  it('the holder, and an agent of the holding department while the task is unclaimed', () => {
    const h = new Harness(makePlan());
    h.send(handoff(h, ben, 'technical'));
    expect(h.openTask()).toMatchObject({ department: 'technical', coordinator: 'frontline', status: 'open' });
    const held = withBilling();
    held.send(claim(held, bill));
    held.send(handoff(held, bill, 'frontline'));
    expect(held.openTask()).toMatchObject({ department: 'frontline', status: 'open' });
  });

  it('not a colleague once someone holds it', () => {
    const h = new Harness(makePlan());
    h.send(claim(h, anna));
    expect(h.refuse(handoff(h, ben, 'billing'))).toEqual({
      type: 'Forbidden',
      message: 'task C1-t1 is claimed by anna; only they, a lead of frontline or an admin may hand it off',
    });
    expect(h.openTask()).toMatchObject({ department: 'frontline', status: 'claimed', assignee: 'anna' });
  });

  it('not the coordinating department, nor another department', () => {
    const h = withBilling();
    expect(h.refuse(handoff(h, anna, 'frontline'))).toEqual({
      type: 'Forbidden',
      message:
        'task C1-t1 is in the queue of billing; only its agents, its leads or an admin may hand it off',
    });
    const tom: Principal = { name: 'tom', roles: ['agent'], departments: ['technical'] };
    expect(h.refuse(handoff(h, tom, 'technical')).type).toBe('Forbidden');
    expect(h.openTask()).toMatchObject({ department: 'billing', status: 'open' });
  });

  it('a lead of the holding department, claimed or not; a lead of another department is not', () => {
    const h = new Harness(makePlan());
    h.send(claim(h, anna));
    expect(h.refuse(handoff(h, bea, 'billing')).type).toBe('Forbidden');
    h.send(handoff(h, lena, 'billing'));
    expect(h.openTask()).toMatchObject({ department: 'billing', status: 'open' });
  });

  it('an admin, whoever holds the task', () => {
    const h = withBilling();
    h.send(claim(h, bill));
    h.send(handoff(h, admin, 'frontline'));
    expect(h.openTask()).toMatchObject({ department: 'frontline', status: 'open' });
  });

  it('only to the step’s handoff list or the coordinator, naming the field', () => {
    const h = new Harness(makePlan());
    expect(h.refuse(handoff(h, admin, 'quality'))).toEqual({
      type: 'Invalid',
      message: 'task C1-t1 may be handed off to technical, billing, not quality',
      field: 'department',
    });
    expect(h.refuse(handoff(h, anna, 'frontline')).field).toBe('department');
    expect(h.refuse(handoff(h, anna, 'billing', { reason: ' ' }))).toMatchObject({
      type: 'Invalid',
      field: 'reason',
    });
  });

  it('a handoff recorded before the rules (legacy, on replay) is applied as it was', () => {
    const h = withBilling();
    h.send(handoff(h, { name: 'frontline', roles: ['agent'] }, 'frontline', { legacy: true }));
    expect(h.openTask()).toMatchObject({ department: 'frontline', status: 'open' });
  });
});

// Follow-up of items 3/4: completing a task is the holder's, or while it is unclaimed the holding
// department's (docs/security.md, "Who may claim, complete or hand off a task").
type Complete = Extract<CaseEvent, { kind: 'task.complete' }>;
const complete = (h: Harness, principal: Principal, legacy?: true): Complete => ({
  kind: 'task.complete',
  taskId: h.openTask().id,
  outcome: 'needs-info',
  principal,
  ...(legacy ? { legacy } : {}),
});

describe('who may complete', () => {
  it('not the coordinating department of a handed-off task it has not claimed, nor its lead', () => {
    const h = withBilling();
    expect(h.refuse(complete(h, anna))).toEqual({
      type: 'Forbidden',
      message:
        'task C1-t1 is with billing (handed off by frontline, which coordinates it); only agents of billing ' +
        'or an admin may complete it',
    });
    expect(h.refuse(complete(h, lena)).type).toBe('Forbidden');
    expect(h.openTask()).toMatchObject({ department: 'billing', status: 'open' });
  });

  it('not an agent of another department, nor someone without the agent role or without departments', () => {
    const h = new Harness(makePlan());
    expect(h.refuse(complete(h, bill))).toEqual({
      type: 'Forbidden',
      message: 'task C1-t1 is with frontline; only agents of frontline or an admin may complete it',
    });
    expect(h.refuse(complete(h, { ...ben, roles: ['intake'] })).type).toBe('Forbidden');
    expect(h.refuse(complete(h, { name: 'x', roles: ['agent'] })).type).toBe('Forbidden');
  });

  it('an agent or a lead of the holding department while unclaimed, the holder, an admin', () => {
    const open = withBilling();
    open.send(complete(open, bill));
    expect(open.state.tasks[0]).toMatchObject({ status: 'completed', assignee: 'bill' });
    const led = withBilling();
    led.send(complete(led, bea));
    expect(led.state.tasks[0]).toMatchObject({ status: 'completed', assignee: 'bea' });
    // Claimed: its holder (a colleague is refused, as before), whatever the holder's departments.
    const held = withBilling();
    held.send(claim(held, bill));
    expect(held.refuse(complete(held, bea))).toEqual({
      type: 'Forbidden',
      message: 'task C1-t1 is claimed by bill',
    });
    held.send(complete(held, bill));
    expect(held.state.tasks[0]).toMatchObject({ status: 'completed', assignee: 'bill' });
    const elsewhere = withBilling();
    elsewhere.send(claim(elsewhere, { name: 'frontline', roles: ['agent'] }, true));
    elsewhere.send(complete(elsewhere, { name: 'frontline', roles: ['agent'] }));
    expect(elsewhere.state.tasks[0]).toMatchObject({ status: 'completed', assignee: 'frontline' });
    const byAdmin = withBilling();
    byAdmin.send(complete(byAdmin, admin));
    expect(byAdmin.state.tasks[0]).toMatchObject({ status: 'completed', assignee: 'root' });
  });

  it('a completion recorded before the rule (legacy, on replay) is applied as it was', () => {
    const h = withBilling();
    h.send(complete(h, anna, true));
    expect(h.state.tasks[0]).toMatchObject({ status: 'completed', assignee: 'anna', outcome: 'needs-info' });
  });
});

// A repeat contact (continuity.preferLastHandler) gives the next task to the last handler only when they are
// an agent of its department: the claim rule, applied to the engine's own claim.
describe('a repeat contact prefers the last handler', () => {
  type Contact = Extract<CaseEvent, { kind: 'customer.contact' }>;
  const contact = (legacy?: true): Contact => ({
    kind: 'customer.contact',
    input: makeInput({ subject: 'me again' }),
    principal: admin,
    ...(legacy ? { legacy } : {}),
  });
  /** Billing (bill) asked the customer for more on the triage task the front line handed to it. */
  const billAsked = (): Harness => {
    const h = withBilling();
    h.send(complete(h, bill));
    expect(h.state).toMatchObject({ lastHandler: 'bill', lastHandlerDepartments: ['billing'] });
    return h;
  };

  it('for a task of their department', () => {
    const h = new Harness(makePlan());
    h.send(complete(h, ben));
    h.send(contact());
    expect(h.openTask('triage')).toMatchObject({
      department: 'frontline',
      status: 'claimed',
      assignee: 'ben',
    });
  });

  it('not for a task of another department: it stays in that queue, and the log says why', () => {
    const h = billAsked();
    h.send(contact());
    // The customer's answer brings the case back to triage, which is the front line's.
    expect(h.openTask('triage')).toMatchObject({ department: 'frontline', status: 'open' });
    expect(h.openTask('triage').assignee).toBeUndefined();
    expect(h.state.decisions).toContainEqual(
      expect.objectContaining({
        what: 'task C1-t2 left in the queue of frontline',
        why: 'repeat contact: last handler bill is not an agent of frontline',
      }),
    );
    expect(h.state.preferAssignee).toBeUndefined();
  });

  it('not when their departments are unknown (a last handler recorded before, or no agent)', () => {
    const h = billAsked();
    delete h.state.lastHandlerDepartments;
    h.send(contact());
    expect(h.openTask('triage')).toMatchObject({ status: 'open' });
    const byAdmin = withBilling();
    byAdmin.send(complete(byAdmin, admin));
    byAdmin.send(contact());
    expect(byAdmin.openTask('triage')).toMatchObject({ status: 'open' });
  });

  it('a contact recorded before the rule (legacy, on replay) prefers them as it did', () => {
    const h = billAsked();
    h.send(contact(true));
    expect(h.openTask('triage')).toMatchObject({
      department: 'frontline',
      status: 'claimed',
      assignee: 'bill',
    });
  });
});
