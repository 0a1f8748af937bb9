/** The shipped template's clocks and ladder on virtual time (SPEC §5: L1 → L2 → management, VIP, majors). */
import { join } from 'node:path';
import { loadTemplateFile } from '../../../definitions/compile';
import type { Plan } from '../../../definitions/plan';
import { toCaseView } from '../../../workflows/engine/view';
import { anna, Harness, HOUR, makeInput, MIN, T0 } from './fixture';
import { firedIds, runUntil } from './sla-fixture';

function standardPlan(): Plan {
  const result = loadTemplateFile(join(__dirname, '../../../definitions/customer-issue/v1.yaml'));
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.plan;
}

const plan = standardPlan();
// T0 is Monday 2026-01-05 16:00 in Shanghai: two office hours left that day.
const at = (iso: string): number => Date.parse(iso);

describe('standard template clocks and escalations', () => {
  it('a technical case left at triage escalates L1 → L2 → management on breach', () => {
    const h = new Harness(plan, makeInput({ subject: 'Login fault', description: 'I cannot log in' }));
    expect(h.state).toMatchObject({ category: 'technical', priority: 'P3' });
    // P3 response 4 business hours: Monday 16:00–18:00, Tuesday 09:00–11:00 Shanghai.
    expect(toCaseView(plan, h.state).clocks[0]).toMatchObject({
      name: 'response',
      dueAt: '2026-01-06T03:00:00.000Z',
    });
    runUntil(h, at('2026-01-06T04:00:00Z'));
    const early = ['unclaimed-task', 'triage.escalation-1', 'response-warning'];
    expect(firedIds(h)).toEqual(early);
    // The front line routes it late: technical L1 receives a case whose response target is gone.
    h.complete('route', { reason: 'technical' }, anna);
    expect(firedIds(h)).toEqual([...early, 'technical-l1-breach']);
    expect(h.openTask()).toMatchObject({ step: 'department-work', department: 'technical', tier: 'L2' });
    // Resolution 27 business hours from Monday 16:00 → Thursday 16:00 Shanghai (08:00 UTC).
    runUntil(h, at('2026-01-08T12:00:00Z'));
    expect(firedIds(h)).toEqual([
      ...early,
      'technical-l1-breach',
      'unclaimed-task', // the department's task (C1-t2), 30 minutes after it was opened
      'resolution-warning',
      'technical-l2-breach',
      'resolution-breached',
      'breach-review',
    ]);
    expect(h.state.escalations.find((e) => e.rung === 'technical-l2-breach')?.firedAt).toBe(
      '2026-01-08T08:00:00.000Z',
    );
    expect(h.openTask('department-work')).toMatchObject({ department: 'management' });
    const review = h.state.tasks.find((t) => t.origin === 'escalation');
    expect(review).toMatchObject({ department: 'management', status: 'open' });
    expect(h.state.escalations.at(-1)).toMatchObject({ description: 'resolution clock breached + 2h' });
  });

  it('a task left unclaimed for 30 minutes notifies the holder, and triage after an hour notifies the front line', () => {
    const h = new Harness(plan, makeInput({ subject: 'Question', description: 'How do I change my plan?' }));
    runUntil(h, T0 + 61 * MIN);
    expect(firedIds(h)).toEqual(['unclaimed-task', 'triage.escalation-1']);
    expect(h.state.escalations[1]).toMatchObject({
      scope: 'triage',
      description: 'task C1-t1 (frontline) unclaimed for 1h',
    });
  });

  it('a VIP outage is P1 on 24x7 (15m / 4h); a VIP complaint goes to management as P2', () => {
    const vip = { id: 'v-1', name: 'Wang', tier: 'vip' as const, email: 'w@example.com' };
    const outage = new Harness(
      plan,
      makeInput({ customer: vip, subject: 'Outage', description: 'service outage' }),
    );
    expect(outage.state.priority).toBe('P1');
    expect(toCaseView(plan, outage.state).clocks.slice(0, 2)).toMatchObject([
      { name: 'response', target: 'PT15M', calendar: '24x7', dueAt: new Date(T0 + 15 * MIN).toISOString() },
      { name: 'resolution', target: 'PT4H', dueAt: new Date(T0 + 4 * HOUR).toISOString() },
    ]);
    const complaint = new Harness(
      plan,
      makeInput({ customer: vip, subject: '投诉', description: 'complaint' }),
    );
    expect(complaint.state).toMatchObject({
      priority: 'P2',
      department: 'management',
      step: 'management-review',
    });
    expect(toCaseView(plan, complaint.state).tasks[0]).toMatchObject({
      department: 'management',
      // P2 response 1h on business hours from Monday 16:00 Shanghai.
      dueAt: new Date(T0 + HOUR).toISOString(),
    });
  });

  it('waiting for the customer pauses the clocks until the reply', () => {
    const h = new Harness(plan, makeInput({ subject: 'Question', description: 'How do I change my plan?' }));
    h.send({ kind: 'task.claim', taskId: 'C1-t1', principal: anna }, T0 + 10 * MIN);
    h.complete('needs-info', undefined, anna);
    expect(toCaseView(plan, h.state).clocks.find((c) => c.name === 'resolution')).toMatchObject({
      paused: true,
    });
    h.send({ kind: 'customer.message', from: 'customer', text: 'details', principal: anna }, T0 + 26 * HOUR);
    const resolution = toCaseView(plan, h.state, h.now).clocks.find((c) => c.name === 'resolution');
    expect(resolution).toMatchObject({ paused: false, usedMs: 10 * MIN });
  });
});
