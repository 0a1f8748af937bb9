/**
 * A plan that passes through every step kind once (and both ends of a `call`), with real-time durations
 * of a second or less, so its history shows each kind's Temporal commands: activities, timers, updates and
 * signals. Built on the engine tests' hand-written plan (test/unit/engine/fixture.ts).
 */
import type { Plan, PlanStep } from '../../definitions/plan';
import { makePlan, outcome, speedSurvey, triageTask } from '../unit/engine/fixture';

const call = (id: string, url: string, next: string, onFailure?: string): PlanStep => ({
  id,
  kind: 'call',
  request: { method: 'GET', url, headers: {} },
  timeoutMs: 2000,
  retry: { maxAttempts: 1, initialIntervalMs: 100, backoffCoefficient: 2 },
  resultVar: id,
  next,
  ...(onFailure ? { onFailure } : {}),
});

const steps: Record<string, PlanStep> = {
  triage: triageTask({ route: 'order' }),
  order: call('order', 'https://erp.example/orders/1', 'stock'),
  // The generator's business system refuses URLs with "fail": this call takes its onFailure branch.
  stock: call('stock', 'https://erp.example/fail/stock', 'opinions', 'opinions'),
  opinions: {
    id: 'opinions',
    kind: 'consult',
    join: 'all',
    tasks: [
      { id: 'frontline', department: 'frontline', title: 'Your view', outcomes: ['agree', 'disagree'] },
      { id: 'billing', department: 'billing', title: 'Your view', outcomes: ['agree', 'disagree'] },
    ],
    next: 'first-answer',
  },
  'first-answer': {
    id: 'first-answer',
    kind: 'consult',
    join: 'any',
    tasks: [
      { id: 'technical', department: 'technical', title: 'Can you?', outcomes: ['yes', 'no'] },
      { id: 'billing', department: 'billing', title: 'Can you?', outcomes: ['yes', 'no'] },
    ],
    next: 'reply',
  },
  reply: {
    id: 'reply',
    kind: 'wait',
    for: { kind: 'customer-reply' },
    timeoutMs: 60_000,
    onTimeout: 'done',
    status: 'waiting',
    next: 'parts',
  },
  parts: { id: 'parts', kind: 'wait', for: { kind: 'signal', signal: 'parts' }, status: 'open', next: 'pause' },
  pause: { id: 'pause', kind: 'wait', for: { kind: 'duration', durationMs: 500 }, status: 'open', next: 'appointment' },
  appointment: {
    id: 'appointment',
    kind: 'wait',
    for: { kind: 'until', at: 'case.attributes.appointmentAt' },
    status: 'open',
    next: 'tell',
  },
  tell: {
    id: 'tell',
    kind: 'notify',
    to: { kind: 'customer' },
    channel: 'voice',
    fallback: 'sms',
    message: 'Your parts have arrived.',
    next: 'route',
  },
  route: {
    id: 'route',
    kind: 'decide',
    branches: [
      { when: 'vars.order.ok == true', next: 'check', index: 0 },
      { next: 'done', index: 1 },
    ],
  },
  check: {
    id: 'check',
    kind: 'follow-up',
    afterMs: 500,
    calendar: '24x7',
    department: { kind: 'fixed', department: 'frontline' },
    title: 'Did the fix hold?',
    outcomes: { confirmed: outcome('confirmed', 'csat') },
  },
  csat: speedSurvey(60_000, [{ next: 'done', index: 0 }]),
};

export function stepKindsPlan(): Plan {
  return makePlan({ name: 'step-kinds', sha256: 'step-kinds' }, steps);
}
