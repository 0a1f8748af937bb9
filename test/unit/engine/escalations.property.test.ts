/**
 * Clocks and ladders under random event sequences on virtual time: whatever people do and whenever the
 * driver wakes, each firing key is acted on once, no rung fires before its instant, the ledgers stay
 * contiguous, and a clock never counts more time than has passed.
 */
import fc from 'fast-check';
import type { CaseEvent } from '../../../workflows/engine/types';
import { toCaseView } from '../../../workflows/engine/view';
import { nextWakeAt, applyEvent } from '../../../workflows/engine/engine';
import { anna, ben, Harness, HOUR, makeInput, MIN, T0 } from './fixture';
import { rung, slaPlan } from './sla-fixture';

const plan = slaPlan([
  rung('warn', { kind: 'clock.at', clock: 'resolution', percent: 50 }),
  rung('late', { kind: 'clock.breached', clock: 'response' }, [{ kind: 'reassign', tier: 'next' }]),
  rung('raise', { kind: 'clock.breached', clock: 'resolution' }, [{ kind: 'raise', levels: 1 }]),
  rung('unclaimed', { kind: 'task.unclaimed', afterMs: 20 * MIN }),
  rung(
    'review',
    { kind: 'clock.at', clock: 'resolution', percent: 90 },
    [{ kind: 'task', department: 'management', title: 'Review', outcomes: ['ok'] }],
    { delayMs: 10 * MIN },
  ),
]);
plan.priority.urgency.unshift({ when: '"repeat-contact" in case.flags', level: 'high', index: 9 });

type Move = 'wake' | 'claim' | 'release' | 'needs-info' | 'reply' | 'handoff' | 'contact' | 'resolve';
const moves: Move[] = ['wake', 'claim', 'release', 'needs-info', 'reply', 'handoff', 'contact', 'resolve'];

function eventOf(h: Harness, move: Move): CaseEvent | undefined {
  const task = h.state.tasks.find(
    (t) => t.origin === 'step' && (t.status === 'open' || t.status === 'claimed'),
  );
  switch (move) {
    case 'wake':
      return { kind: 'wake' };
    case 'claim':
      return task && { kind: 'task.claim', taskId: task.id, principal: anna };
    case 'release':
      return task && { kind: 'task.release', taskId: task.id, principal: anna };
    case 'needs-info':
      return task && { kind: 'task.complete', taskId: task.id, outcome: 'needs-info', principal: anna };
    case 'reply':
      return { kind: 'customer.message', from: 'customer', text: 'info', principal: ben };
    case 'handoff':
      return (
        task && {
          kind: 'task.handoff',
          taskId: task.id,
          department: 'technical',
          reason: 'r',
          principal: anna,
        }
      );
    case 'contact':
      return { kind: 'customer.contact', input: makeInput(), principal: ben };
    case 'resolve':
      return (
        task && {
          kind: 'task.complete',
          taskId: task.id,
          outcome: 'resolved',
          form: { summary: 's' },
          principal: anna,
        }
      );
  }
}

it('fires each key once, never early, with contiguous ledgers and no more time than has passed', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ gap: fc.integer({ min: 0, max: 90 * MIN }), move: fc.constantFrom(...moves) }), {
        maxLength: 25,
      }),
      (script) => {
        const h = new Harness(plan);
        for (const { gap, move } of script) {
          const target = h.now + gap;
          // The driver's timer: every wake-up due before the next event fires at its own instant.
          for (let wake = nextWakeAt(plan, h.state); wake !== undefined && wake <= target;) {
            h.send({ kind: 'wake' }, Math.max(wake, h.now));
            const next = nextWakeAt(plan, h.state);
            expect(next === undefined || next > h.now).toBe(true);
            wake = next;
          }
          const event = eventOf(h, move);
          if (event === undefined) continue;
          const result = applyEvent(plan, h.state, event, { now: target });
          h.now = target;
          if (result.ok) h.state = result.state;
        }
        const keys = h.state.escalations.map((e) => e.key);
        expect(new Set(h.state.firedRungs).size).toBe(h.state.firedRungs.length);
        expect(new Set(keys).size).toBe(keys.length);
        for (const e of h.state.escalations)
          expect(Date.parse(e.firedAt)).toBeGreaterThanOrEqual(Date.parse(e.dueAt));
        for (const clock of Object.values(h.state.clocks))
          for (const [i, entry] of clock.ledger.entries())
            if (i > 0) expect(entry.from).toBe(clock.ledger[i - 1]?.to);
        for (const view of toCaseView(plan, h.state, h.now).clocks)
          expect(view.usedMs).toBeLessThanOrEqual(h.now - T0);
      },
    ),
    { numRuns: 150 },
  );
});

it('a long quiet case wakes only at its rungs and breaches', () => {
  const h = new Harness(plan);
  const wakes: number[] = [];
  for (
    let wake = nextWakeAt(plan, h.state);
    wake !== undefined && wake < T0 + 48 * HOUR;
    wake = nextWakeAt(plan, h.state)
  ) {
    wakes.push(wake - T0);
    h.send({ kind: 'wake' }, wake);
  }
  // unclaimed 20m, response breach 1h (late + breach note), warn 2h, review at 90% + 10m, then the
  // resolution breach at 4h raises P4 → P3, whose targets count on the office calendar.
  expect(wakes.slice(0, 5)).toEqual([20 * MIN, HOUR, 2 * HOUR, 3 * HOUR + 46 * MIN, 4 * HOUR]);
  expect(h.state.priority).toBe('P3');
  expect(h.state.escalations.map((e) => e.rung)).toEqual(
    expect.arrayContaining(['unclaimed', 'late', 'warn', 'raise', 'review']),
  );
});
