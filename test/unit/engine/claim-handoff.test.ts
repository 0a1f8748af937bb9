/**
 * Who may claim a task and who may hand it off (issue 11, follow-up of item 3; docs/security.md "Who may
 * claim or hand off a task"). The engine decides with the caller's departments and leads, which the API
 * reads from the principals file and sends with the update, as for reassign.
 */
import type { Principal } from '../../../workflows/messages';
import type { CaseEvent } from '../../../workflows/engine/types';
import { admin, Harness, makePlan } from './fixture';

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
