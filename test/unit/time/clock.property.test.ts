/**
 * Clock invariants over random histories (pauses, resumes, retargets onto other calendars, a stop) on
 * random calendars: the ledger's used time equals the business time of the running periods a simple
 * model tracked, used time never decreases, and the due instant is where used time reaches the target.
 */
import fc from 'fast-check';
import type { PlanCalendar } from '../../../definitions/plan';
import { businessTimeBetween } from '../../../workflows/time/calendar';
import {
  dueAt,
  instantAtPercent,
  isBreached,
  pauseClock,
  resumeClock,
  retargetClock,
  startClock,
  stopClock,
  usedMs,
  type SlaClock,
} from '../../../workflows/time/clock';
import { calendarAndInstant, clockOp } from './arbitraries';
import { HOUR, MINUTE, twentyFourSeven } from './fixtures';

describe('SLA clock invariants', () => {
  it('used time, monotonicity, due instant and breach agree with a simple model', () => {
    fc.assert(
      fc.property(
        calendarAndInstant,
        fc.integer({ min: 1, max: 40 * 60 }),
        fc.array(clockOp, { maxLength: 8 }),
        ({ cal, at }, target, ops) => {
          const calendars: Record<string, PlanCalendar> = { [cal.id]: cal, '24x7': twentyFourSeven };
          let clock: SlaClock = startClock('resolution', target * MINUTE, cal.id, at);
          // The model: running periods and the calendar each ran on, kept apart from the ledger code.
          const periods: Array<{ from: number; to?: number; calendar: string }> = [
            { from: at, calendar: cal.id },
          ];
          let now = at;
          let calendar = cal.id;
          for (const o of ops) {
            if (clock.state === 'stopped') break;
            now += o.afterMinutes * MINUTE;
            const open = periods[periods.length - 1];
            const running = clock.state === 'running';
            if (o.kind === 'pause') {
              clock = pauseClock(clock, now, 'waiting');
              if (running && open) open.to = now;
            } else if (o.kind === 'resume') {
              clock = resumeClock(clock, now);
              if (!running) periods.push({ from: now, calendar });
            } else if (o.kind === 'retarget') {
              calendar = o.onAlwaysOpen ? '24x7' : cal.id;
              clock = retargetClock(clock, now, o.targetMinutes * MINUTE, calendar);
              if (running && open) {
                open.to = now;
                periods.push({ from: now, calendar });
              }
            } else {
              clock = stopClock(clock, now);
              if (running && open) open.to = now;
            }
          }
          const modelUsed = (t: number): number =>
            periods.reduce((sum, p) => {
              const to = Math.min(p.to ?? t, t);
              return sum + businessTimeBetween(calendars[p.calendar]!, p.from, to);
            }, 0);

          const probes = [now, now + HOUR, now + 3 * 24 * HOUR];
          let previous = 0;
          for (const t of probes) {
            const used = usedMs(clock, calendars, t);
            expect(used).toBe(modelUsed(t));
            expect(used).toBeGreaterThanOrEqual(previous);
            previous = used;
          }

          const due = dueAt(clock, calendars);
          if (clock.state === 'running') {
            expect(due).toBeDefined();
            expect(isBreached(clock, calendars, now)).toBe(due! <= now);
            if (due! >= now) {
              expect(usedMs(clock, calendars, due!)).toBe(clock.targetMs);
              if (due! > now) expect(usedMs(clock, calendars, due! - 1)).toBeLessThan(clock.targetMs);
            } else {
              expect(usedMs(clock, calendars, now)).toBeGreaterThanOrEqual(clock.targetMs);
            }
            expect(instantAtPercent(clock, calendars, 100)).toBe(due);
            expect(instantAtPercent(clock, calendars, 50)!).toBeLessThanOrEqual(due!);
          } else if (clock.state === 'paused') {
            const reached = usedMs(clock, calendars, now) >= clock.targetMs;
            expect(due !== undefined).toBe(reached);
            expect(isBreached(clock, calendars, now)).toBe(reached);
          } else {
            const usedAtStop = usedMs(clock, calendars, clock.stoppedAt!);
            if (usedAtStop < clock.targetMs)
              expect(isBreached(clock, calendars, now + 99 * HOUR)).toBe(false);
            if (usedAtStop > clock.targetMs) expect(isBreached(clock, calendars, now)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
