/** Random sequences of events against a plan with every kind of step: invariants that must always hold. */
import fc from 'fast-check';
import type { PlanStep } from '../../../definitions/plan';
import { applyEvent, nextWakeAt, startCase } from '../../../workflows/engine/engine';
import type { CaseEvent, CaseState } from '../../../workflows/engine/types';
import {
  admin,
  anna,
  ben,
  HOUR,
  intake,
  makeInput,
  makePlan,
  outcome,
  speedSurvey,
  T0,
  triageTask,
} from './fixture';

const steps: Record<string, PlanStep> = {
  triage: triageTask({ route: 'ask', resolved: 'check', 'needs-info': 'await' }, ['technical']),
  ask: {
    id: 'ask',
    kind: 'consult',
    join: 'any',
    next: 'lookup',
    tasks: [
      { id: 'a', department: 'technical', title: 'A', outcomes: ['ok'] },
      { id: 'b', department: 'billing', title: 'B', outcomes: ['ok'] },
    ],
  },
  lookup: {
    id: 'lookup',
    kind: 'call',
    request: { method: 'GET', url: 'https://x', headers: {} },
    timeoutMs: 1000,
    retry: { maxAttempts: 1, initialIntervalMs: 1, backoffCoefficient: 1 },
    resultVar: 'r',
    next: 'triage',
    onFailure: 'closed',
  },
  await: {
    id: 'await',
    kind: 'wait',
    for: { kind: 'customer-reply' },
    timeoutMs: HOUR,
    onTimeout: 'closed',
    status: 'waiting',
    next: 'triage',
  },
  check: {
    id: 'check',
    kind: 'follow-up',
    afterMs: HOUR,
    calendar: '24x7',
    department: { kind: 'fixed', department: 'frontline' },
    title: 'Held?',
    outcomes: { confirmed: outcome('confirmed', 'csat'), reopen: outcome('reopen', 'triage') },
  },
  csat: speedSurvey(HOUR, [
    { when: 'survey.speed <= 2', next: 'triage', index: 0 },
    { next: 'done', index: 1 },
  ]),
};
const plan = makePlan(
  { quality: { samplePercent: 50, department: 'quality', title: 'Review', outcomes: ['ok'] } },
  steps,
);

/** An action chosen without knowing the state; it is turned into an event against the current state. */
const action = fc.record({
  // Cancelling ends everything, so it is rare; completing and waking move the flow, so they are common.
  kind: fc.oneof(
    { arbitrary: fc.constant('cancel' as const), weight: 1 },
    {
      arbitrary: fc.constantFrom(
        ...(['claim', 'release', 'complete', 'complete', 'complete', 'handoff', 'reassign'] as const),
        ...(['message', 'survey', 'call', 'wake', 'wake', 'contact'] as const),
      ),
      weight: 400,
    },
  ),
  who: fc.constantFrom(anna, ben, admin),
  pick: fc.nat(5),
  /** Which of the task's own outcomes; 9 stands for one it does not have. */
  outcome: fc.integer({ min: 0, max: 9 }),
  score: fc.integer({ min: 0, max: 6 }),
  advance: fc.integer({ min: 0, max: 2 * HOUR }),
  ok: fc.boolean(),
});
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

function toEvent(a: Action, state: CaseState): CaseEvent {
  // Mostly the newest tasks (the ones that can still move), sometimes an old or unknown one.
  const task = a.pick === 5 ? undefined : state.tasks[Math.max(0, state.tasks.length - 1 - (a.pick % 3))];
  const taskId = task?.id ?? 'none';
  const key = `${state.caseId}/lookup/${state.visits.lookup ?? 0}`;
  switch (a.kind) {
    case 'claim':
      return { kind: 'task.claim', taskId, principal: a.who };
    case 'release':
      return { kind: 'task.release', taskId, principal: a.who };
    case 'complete':
      return {
        kind: 'task.complete',
        taskId,
        outcome: a.outcome === 9 ? 'bogus' : (task?.outcomes[a.outcome % task.outcomes.length] ?? 'bogus'),
        principal: a.who,
      };
    case 'handoff':
      return { kind: 'task.handoff', taskId, department: 'technical', reason: 'r', principal: a.who };
    case 'reassign':
      return { kind: 'task.reassign', taskId, assignee: a.who.name, principal: a.who };
    case 'message':
      return { kind: 'customer.message', from: 'customer', text: 't', principal: a.who };
    case 'survey':
      return { kind: 'survey.submit', answers: { speed: a.score }, principal: a.who };
    case 'call':
      return a.ok
        ? { kind: 'call.succeeded', key, status: 200, body: {} }
        : { kind: 'call.failed', key, error: 'e' };
    case 'cancel':
      return { kind: 'case.cancel', reason: 'r', principal: a.who };
    case 'contact':
      return { kind: 'customer.contact', input: makeInput(), principal: a.who };
    case 'wake':
      return { kind: 'wake' };
  }
}

it('holds its invariants under any sequence of events', () => {
  fc.assert(
    fc.property(
      fc.string({ minLength: 1, maxLength: 6 }),
      fc.array(action, { maxLength: 60 }),
      (caseId, actions) => {
        const opened = startCase(
          plan,
          { caseId, input: makeInput(), openedBy: intake, openedAt: new Date(T0).toISOString() },
          { now: T0 },
        );
        if (!opened.ok) throw new Error('start refused');
        let state = opened.state;
        let now = T0;
        let completions = 0;
        for (const a of actions) {
          now += a.advance;
          const wake = nextWakeAt(plan, state);
          const event =
            a.kind === 'wake' && wake !== undefined ? { kind: 'wake' as const } : toEvent(a, state);
          const at = a.kind === 'wake' && wake !== undefined ? Math.max(now, wake) : now;
          now = at;
          const before = JSON.stringify(state);
          const result = applyEvent(plan, state, event, { now });
          expect(JSON.stringify(state)).toBe(before); // the input state is never mutated
          if (!result.ok) continue;
          expect(result.state.revision).toBe(state.revision + (result.commands.length > 0 ? 1 : 0));
          if (state.finished)
            expect(event.kind === 'task.complete' || event.kind === 'task.claim').toBe(false);
          completions += result.commands.filter((c) => c.kind === 'complete-case').length;
          state = result.state;
          const ids = state.tasks.map((t) => t.id);
          expect(ids).toEqual(state.tasks.map((_, i) => `${caseId}-t${i + 1}`));
          expect(
            state.tasks.filter((t) => t.status === 'claimed').every((t) => t.assignee !== undefined),
          ).toBe(true);
          if (state.finished) {
            expect(state.tasks.some((t) => t.status === 'open' || t.status === 'claimed')).toBe(false);
            expect(nextWakeAt(plan, state)).toBeUndefined();
          }
        }
        expect(completions).toBe(state.finished ? 1 : 0);
      },
    ),
    { numRuns: 500 },
  );
});
