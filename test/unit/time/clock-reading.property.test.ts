/**
 * Reading a clock at the request instant (GET /cases/{id}: cases/clock-reading.ts, workflows/time
 * readClockAt) over random clocks on random business calendars: a view the engine read at `asOf`, read
 * again at a later `now` with nothing happening in between, is exactly the view the engine reads at `now`;
 * used + remaining is the target until it is used up, and the due instant is where the calendar has given
 * the remaining business time.
 */
import fc from 'fast-check';
import { readClocksAt } from '../../../cases/clock-reading';
import type { Plan, PlanCalendar } from '../../../definitions/plan';
import type { CaseView } from '../../../workflows/messages';
import {
  businessTimeBetween,
  calendarById,
  clockView,
  pauseClock,
  readClockAt,
  resumeClock,
  retargetClock,
  startClock,
  stopClock,
  type SlaClock,
} from '../../../workflows/time';
import { calendarAndInstant, clockOp, type ClockOp } from './arbitraries';
import { HOUR, MINUTE, twentyFourSeven } from './fixtures';

/** A clock with a random history: pauses, resumes, retargets (also onto 24x7 and back), maybe a stop. */
function clockWithHistory(
  cal: PlanCalendar,
  at: number,
  targetMinutes: number,
  ops: readonly ClockOp[],
): { clock: SlaClock; last: number } {
  let clock = startClock('resolution', targetMinutes * MINUTE, cal.id, at);
  let now = at;
  for (const o of ops) {
    now += o.afterMinutes * MINUTE;
    if (o.kind === 'pause') clock = pauseClock(clock, now, 'waiting');
    else if (o.kind === 'resume') clock = resumeClock(clock, now);
    else if (o.kind === 'retarget')
      clock = retargetClock(clock, now, o.targetMinutes * MINUTE, o.onAlwaysOpen ? '24x7' : cal.id);
    else clock = stopClock(clock, now);
  }
  return { clock, last: now };
}

describe('reading a clock at the request instant', () => {
  it('equals the engine reading at that instant; used + remaining = target; due where the calendar says', () => {
    fc.assert(
      fc.property(
        calendarAndInstant,
        fc.integer({ min: 0, max: 40 * 60 }),
        fc.array(clockOp, { maxLength: 6 }),
        fc.integer({ min: 0, max: 3 * 24 * HOUR }),
        fc.integer({ min: 0, max: 5 * 24 * HOUR }),
        ({ cal, at }, targetMinutes, ops, sinceLast, sinceAsOf) => {
          const calendars: Record<string, PlanCalendar> = { [cal.id]: cal, '24x7': twentyFourSeven };
          const { clock, last } = clockWithHistory(cal, at, targetMinutes, ops);
          const asOf = last + sinceLast;
          const now = asOf + sinceAsOf;
          const seen = clockView(clock, calendars, asOf); // what the case showed at its last activation
          // What the engine would show now. A paused or stopped clock shows the same at any later instant:
          // the reading leaves it as the case showed it, read at `asOf`.
          const engine = {
            ...clockView(clock, calendars, now),
            ...(clock.state === 'running' ? {} : { asOf: seen.asOf }),
          };

          const read = readClockAt(seen, calendars, now);
          expect(read).toEqual(engine);
          // The API's reading of a case is this reading of each of its clocks.
          const plan = { calendars } as unknown as Plan;
          expect(readClocksAt({ clocks: [seen] } as CaseView, plan, now).clocks).toEqual([engine]);

          if (read.usedMs <= clock.targetMs) expect(read.usedMs + read.remainingMs).toBe(clock.targetMs);
          else expect(read.remainingMs).toBe(0);
          if (clock.state === 'running' && seen.remainingMs > 0) {
            // Due when the clock's calendar has given the time that was left at asOf, and not a ms sooner.
            const onCalendar = calendarById(calendars, clock.calendar);
            const due = Date.parse(read.dueAt!);
            expect(businessTimeBetween(onCalendar, asOf, due)).toBe(seen.remainingMs);
            expect(businessTimeBetween(onCalendar, asOf, due - 1)).toBeLessThan(seen.remainingMs);
            expect(read.breached).toBe(due <= now);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
