import type { Plan } from '../definitions/plan';
import { businessTimeBetween } from '../workflows/engine/calendar';
import { calendarById } from '../workflows/engine/clock';
import type { CaseView, ClockView } from '../workflows/messages';

/**
 * A case's clocks read at `now` instead of at the case's last activation. A workflow query sees workflow
 * time, which Temporal moves only when the case wakes; a running clock has used more business time since.
 * Paused and stopped clocks, and clocks without a calendar or reading instant, are returned as they are.
 */
export function readClocksAt(view: CaseView, plan: Plan, now: number): CaseView {
  return { ...view, clocks: view.clocks.map((clock) => readClockAt(clock, plan, now)) };
}

function readClockAt(clock: ClockView, plan: Plan, now: number): ClockView {
  if (clock.paused || clock.stoppedAt || !clock.asOf || !clock.calendar) return clock;
  const asOf = Date.parse(clock.asOf);
  if (!(now > asOf)) return clock;
  let extra: number;
  try {
    extra = businessTimeBetween(calendarById(plan.calendars, clock.calendar), asOf, now);
  } catch {
    return clock; // an unusable calendar is the engine's to report; show what it computed
  }
  const targetMs = clock.usedMs + clock.remainingMs;
  const usedMs = clock.usedMs + extra;
  const dueAt = clock.dueAt ? Date.parse(clock.dueAt) : undefined;
  return {
    ...clock,
    usedMs,
    remainingMs: clock.remainingMs > 0 ? Math.max(0, targetMs - usedMs) : 0,
    breached: clock.breached || (dueAt !== undefined && now >= dueAt),
    asOf: new Date(now).toISOString(),
  };
}
