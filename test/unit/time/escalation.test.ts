import fc from 'fast-check';
import type { PlanEscalation } from '../../../definitions/plan';
import { pauseClock, resumeClock, startClock, stopClock, type SlaClock } from '../../../workflows/time/clock';
import {
  dueRungs,
  nextWakeUp,
  upcomingRungs,
  type EscalationInput,
  type RungFiring,
  type TaskTiming,
} from '../../../workflows/engine/escalation';
import { HOUR, MINUTE, calendars, cn, cnLocal, shanghai } from './fixtures';

const T0 = Date.UTC(2026, 10, 23, 0, 0);
const notify = [
  { kind: 'notify', to: { kind: 'holder' }, channel: 'email', message: 'x' },
] as PlanEscalation['actions'];

function rung(
  id: string,
  trigger: PlanEscalation['trigger'],
  extra: Partial<PlanEscalation> = {},
): PlanEscalation {
  return { id, trigger, delayMs: 0, actions: notify, ...extra };
}

function input(over: Partial<EscalationInput>): EscalationInput {
  return { rungs: [], clocks: {}, calendars, tasks: [], fired: [], now: T0, ...over };
}

/** Plays the workflow: sleep until nextWakeUp, fire what is due, record it, until nothing is pending. */
function runTimers(base: EscalationInput, until: number): RungFiring[] {
  const fired: RungFiring[] = [];
  let now = base.now;
  for (let guard = 0; guard < 1000; guard++) {
    const state = { ...base, now, fired: fired.map((f) => f.key) };
    const due = dueRungs(state);
    // Woken by the timer, everything due is due exactly now: nothing was late.
    if (guard > 0) expect(due.every((f) => f.at === now)).toBe(true);
    fired.push(...due);
    const next = nextWakeUp({ ...state, fired: fired.map((f) => f.key) });
    if (next === undefined || next > until) return fired;
    now = next;
  }
  throw new Error('wake-up loop did not settle');
}

describe('clock rungs', () => {
  const resolution = startClock('resolution', 4 * HOUR, '24x7', T0);
  const ladder = [
    rung('warn-80', { kind: 'clock.at', clock: 'resolution', percent: 80 }),
    rung('breach', { kind: 'clock.breached', clock: 'resolution' }),
    rung('breach-2h', { kind: 'clock.breached', clock: 'resolution' }, { delayMs: 2 * HOUR }),
  ];
  const base = input({ rungs: ladder, clocks: { resolution } });

  it('clock.at fires when the percentage is used, not before, and says why', () => {
    expect(dueRungs({ ...base, now: T0 + 3.2 * HOUR - 1 })).toEqual([]);
    expect(nextWakeUp(base)).toBe(T0 + 3.2 * HOUR);
    const [due] = dueRungs({ ...base, now: T0 + 3.2 * HOUR });
    expect(due).toMatchObject({
      key: `warn-80|clock:resolution@${T0}`,
      scope: 'case',
      at: T0 + 3.2 * HOUR,
      cause: { kind: 'clock.at', clock: 'resolution', percent: 80, clockStartedAt: T0, delayMs: 0 },
      description: 'resolution clock at 80%',
    });
  });

  it('clock.breached fires at the due instant, and a delayed rung that long after', () => {
    const fired = runTimers(base, T0 + 24 * HOUR);
    expect(fired.map((f) => [f.rung.id, f.at - T0])).toEqual([
      ['warn-80', 3.2 * HOUR],
      ['breach', 4 * HOUR],
      ['breach-2h', 6 * HOUR],
    ]);
    expect(fired[2]!.description).toBe('resolution clock breached + 2h');
  });

  it('each rung fires once: a rung already fired is never due again', () => {
    const now = T0 + 10 * HOUR;
    const first = dueRungs({ ...base, now });
    expect(first.map((f) => f.rung.id)).toEqual(['warn-80', 'breach', 'breach-2h']);
    const fired = new Set(first.map((f) => f.key));
    expect(dueRungs({ ...base, now: now + HOUR, fired })).toEqual([]);
    expect(nextWakeUp({ ...base, now: now + HOUR, fired })).toBeUndefined();
  });

  it('is cancelled when the work completes first (and at the very instant), not when it completes later', () => {
    const metEarly = {
      ...base,
      clocks: { resolution: stopClock(resolution, T0 + 3 * HOUR) },
      now: T0 + 8 * HOUR,
    };
    expect(dueRungs(metEarly)).toEqual([]);
    expect(nextWakeUp(metEarly)).toBeUndefined();
    const metAtDue = {
      ...base,
      clocks: { resolution: stopClock(resolution, T0 + 4 * HOUR) },
      now: T0 + 8 * HOUR,
    };
    expect(dueRungs(metAtDue).map((f) => f.rung.id)).toEqual(['warn-80']);
    const metLate = {
      ...base,
      clocks: { resolution: stopClock(resolution, T0 + 5 * HOUR) },
      now: T0 + 8 * HOUR,
    };
    expect(dueRungs(metLate).map((f) => f.rung.id)).toEqual(['warn-80', 'breach']);
  });

  it('a paused clock delays its rungs, delays included', () => {
    const paused = pauseClock(resolution, T0 + HOUR, 'waiting');
    expect(nextWakeUp({ ...base, clocks: { resolution: paused }, now: T0 + 2 * HOUR })).toBeUndefined();
    const resumed = resumeClock(paused, T0 + 3 * HOUR);
    expect(nextWakeUp({ ...base, clocks: { resolution: resumed }, now: T0 + 3 * HOUR })).toBe(
      T0 + 5.2 * HOUR,
    );
    const fired = runTimers({ ...base, clocks: { resolution: resumed }, now: T0 + 3 * HOUR }, T0 + 48 * HOUR);
    expect(fired.map((f) => f.at - T0)).toEqual([5.2 * HOUR, 6 * HOUR, 8 * HOUR]);
  });

  it('counts delays in business time on the clock’s calendar', () => {
    // P2 response 1h from Friday 17:30 Shanghai: breached Monday 09:30; "+2h" is Monday 11:30, not Friday night.
    const response = startClock('response', HOUR, shanghai.id, cn('2026-11-20T17:30'));
    const late = rung('late', { kind: 'clock.breached', clock: 'response' }, { delayMs: 2 * HOUR });
    expect(
      cnLocal(nextWakeUp(input({ rungs: [late], clocks: { response }, now: cn('2026-11-20T17:30') }))!),
    ).toBe('2026-11-23T11:30+08:00');
  });

  it('a new run of the clock (e.g. a reopened case) arms its rungs again', () => {
    const fired = dueRungs({ ...base, now: T0 + 10 * HOUR }).map((f) => f.key);
    const reopened = startClock('resolution', 4 * HOUR, '24x7', T0 + 20 * HOUR);
    const again = dueRungs({ ...base, clocks: { resolution: reopened }, fired, now: T0 + 24 * HOUR });
    expect(again.map((f) => f.rung.id)).toEqual(['warn-80', 'breach']);
  });

  it('honours the departments and tiers filters against the holder', () => {
    const l2only = rung(
      'l2',
      { kind: 'clock.breached', clock: 'resolution' },
      { departments: ['technical'], tiers: ['L2'] },
    );
    const at = { ...base, rungs: [l2only], now: T0 + 5 * HOUR };
    expect(dueRungs({ ...at, holder: { department: 'technical', tier: 'L1' } })).toEqual([]);
    expect(dueRungs({ ...at, holder: { department: 'billing', tier: 'L2' } })).toEqual([]);
    expect(dueRungs({ ...at })).toEqual([]);
    expect(dueRungs({ ...at, holder: { department: 'technical', tier: 'L2' } })).toHaveLength(1);
  });

  it('ignores rungs on clocks the case does not have', () => {
    const onResponse = rung('r', { kind: 'clock.breached', clock: 'response' });
    expect(dueRungs({ ...base, rungs: [onResponse], now: T0 + 99 * HOUR })).toEqual([]);
  });
});

describe('task rungs', () => {
  const task: TaskTiming = { id: 't-1', step: 'triage', department: 'frontline', tier: 'L1', createdAt: T0 };
  const unclaimed = rung('unclaimed-30m', { kind: 'task.unclaimed', afterMs: 30 * MINUTE });
  const base = input({ rungs: [unclaimed], tasks: [task] });

  it('task.unclaimed fires per task once it has waited unclaimed that long', () => {
    const other: TaskTiming = { ...task, id: 't-2', createdAt: T0 + 10 * MINUTE };
    const both = { ...base, tasks: [task, other] };
    expect(nextWakeUp(both)).toBe(T0 + 30 * MINUTE);
    const due = dueRungs({ ...both, now: T0 + 45 * MINUTE });
    expect(due.map((f) => f.key)).toEqual(['unclaimed-30m|task:t-1', 'unclaimed-30m|task:t-2']);
    expect(due[0]!.description).toBe('task t-1 (frontline/L1) unclaimed for 30m');
  });

  it('is cancelled by a claim before the instant, but still fires for a claim after it', () => {
    expect(dueRungs({ ...base, tasks: [{ ...task, claimedAt: T0 + 20 * MINUTE }], now: T0 + HOUR })).toEqual(
      [],
    );
    expect(nextWakeUp({ ...base, tasks: [{ ...task, claimedAt: T0 + 20 * MINUTE }] })).toBeUndefined();
    expect(
      dueRungs({ ...base, tasks: [{ ...task, claimedAt: T0 + 40 * MINUTE }], now: T0 + HOUR }),
    ).toHaveLength(1);
  });

  it('counts from the last release after one', () => {
    const released = { ...task, unclaimedSince: T0 + 2 * HOUR };
    expect(nextWakeUp({ ...base, tasks: [released], now: T0 + 2 * HOUR })).toBe(T0 + 2.5 * HOUR);
  });

  it('counts on the task’s calendar', () => {
    const friday = { ...task, createdAt: cn('2026-11-20T17:50'), calendar: shanghai.id };
    expect(cnLocal(nextWakeUp({ ...base, tasks: [friday], now: friday.createdAt })!)).toBe(
      '2026-11-23T09:20+08:00',
    );
  });

  it('step.after applies to the tasks of its own step only, and not once the task is closed', () => {
    const after4h = rung('diagnose-4h', { kind: 'step.after', afterMs: 4 * HOUR }, { delayMs: HOUR });
    const diagnose: TaskTiming = { id: 't-3', step: 'diagnose', department: 'technical', createdAt: T0 };
    const steps = { ...base, rungs: [], stepRungs: { diagnose: [after4h] }, tasks: [task, diagnose] };
    const [due] = dueRungs({ ...steps, now: T0 + 5 * HOUR });
    expect(due).toMatchObject({ key: 'diagnose-4h|task:t-3', scope: 'diagnose', at: T0 + 5 * HOUR });
    expect(due!.description).toBe('task t-3 (technical) open for 4h + 1h');
    const closed = { ...steps, tasks: [task, { ...diagnose, closedAt: T0 + 3 * HOUR }], now: T0 + 6 * HOUR };
    expect(dueRungs(closed)).toEqual([]);
  });

  it('honours departments and tiers against the task', () => {
    const l1 = rung(
      'l1',
      { kind: 'task.unclaimed', afterMs: MINUTE },
      { departments: ['frontline'], tiers: ['L1'] },
    );
    const now = T0 + HOUR;
    expect(dueRungs({ ...base, rungs: [l1], now })).toHaveLength(1);
    expect(dueRungs({ ...base, rungs: [l1], tasks: [{ ...task, tier: 'L2' }], now })).toEqual([]);
    expect(dueRungs({ ...base, rungs: [l1], tasks: [{ ...task, department: 'billing' }], now })).toEqual([]);
  });

  it('lists what is upcoming, earliest first', () => {
    const later = rung('unclaimed-2h', { kind: 'task.unclaimed', afterMs: 2 * HOUR });
    const up = upcomingRungs({ ...base, rungs: [later, unclaimed] });
    expect(up.map((f) => f.rung.id)).toEqual(['unclaimed-30m', 'unclaimed-2h']);
  });
});

describe('wake-up loop (property)', () => {
  it('fires every rung whose instant comes exactly once, in order, at its instant', () => {
    const trigger = fc.oneof(
      fc.record({
        kind: fc.constant('clock.at' as const),
        clock: fc.constant('resolution' as const),
        percent: fc.integer({ min: 1, max: 100 }),
      }),
      fc.record({ kind: fc.constant('clock.breached' as const), clock: fc.constant('resolution' as const) }),
      fc.record({
        kind: fc.constant('task.unclaimed' as const),
        afterMs: fc.integer({ min: 0, max: 600 }).map((m) => m * MINUTE),
      }),
    );
    const rungs = fc.array(
      fc.record({ trigger, delayMs: fc.integer({ min: 0, max: 120 }).map((m) => m * MINUTE) }),
      { maxLength: 6 },
    );
    const pauses = fc
      .array(fc.integer({ min: 1, max: 20 * 60 }), { maxLength: 6 })
      .map((m) => [...m].sort((a, b) => a - b));
    fc.assert(
      fc.property(
        rungs,
        pauses,
        fc.option(fc.integer({ min: 0, max: 600 })),
        (specs, toggles, claimMinute) => {
          let clock: SlaClock = startClock('resolution', 8 * HOUR, shanghai.id, cn('2026-11-20T15:00'));
          toggles.forEach((minute, i) => {
            const t = cn('2026-11-20T15:00') + minute * MINUTE;
            clock = i % 2 === 0 ? pauseClock(clock, t, 'waiting') : resumeClock(clock, t);
          });
          const plan = specs.map((s, i) => rung(`r${i}`, s.trigger, { delayMs: s.delayMs }));
          const created = cn('2026-11-20T15:00');
          const task: TaskTiming = {
            id: 't',
            step: 's',
            department: 'frontline',
            createdAt: created,
            ...(claimMinute === null ? {} : { claimedAt: created + claimMinute * MINUTE }),
          };
          const base = input({ rungs: plan, clocks: { resolution: clock }, tasks: [task], now: created });
          const horizon = created + 30 * 24 * HOUR;
          const fired = runTimers(base, horizon);
          const keys = fired.map((f) => f.key);
          expect(new Set(keys).size).toBe(keys.length);
          expect(fired.map((f) => f.at)).toEqual([...fired.map((f) => f.at)].sort((a, b) => a - b));
          // Polling once at the horizon finds the same set of firings as the timers did.
          const polled = dueRungs({ ...base, now: horizon }).map((f) => f.key);
          expect([...polled].sort()).toEqual([...keys].sort());
        },
      ),
      { numRuns: 150 },
    );
  });
});
