/**
 * Business calendars: is an instant business time, when does a business duration run out, how much
 * business time lies between two instants, and when does the calendar next open or close.
 *
 * Instants are epoch milliseconds; intervals are half-open (a calendar open 09:00–18:00 is open at 09:00
 * and closed at 18:00). The exact semantics, including daylight-saving changes, are in docs/time.md and
 * calendar-model.ts. Pure and deterministic: safe inside the Temporal workflow sandbox.
 */
import type { PlanCalendar } from '../../definitions/plan';
import { DAY_MS, isOpenWallTime, offsetAt, openIntervals, prepareCalendar } from './calendar-model';

export { CalendarError } from './calendar-model';

/** The id of the built-in calendar on which every instant is business time. */
export const ALWAYS_OPEN_CALENDAR_ID = '24x7';

/** The built-in `24x7` calendar, for callers whose plan map lacks it. */
export const ALWAYS_OPEN_CALENDAR: PlanCalendar = Object.freeze({
  id: ALWAYS_OPEN_CALENDAR_ID,
  timezone: 'UTC',
  alwaysOpen: true,
  hours: {},
  holidays: [],
});

/** A change of a calendar's state: at `at` it opens (`opens: true`) or closes. */
export interface CalendarTransition {
  at: number;
  opens: boolean;
}

function assertInstant(name: string, ms: number): void {
  if (!Number.isFinite(ms)) throw new RangeError(`${name} must be a finite number of epoch ms, got ${ms}`);
}

/** Whether `ms` is business time on the calendar. */
export function isOpen(cal: PlanCalendar, ms: number): boolean {
  assertInstant('ms', ms);
  const prepared = prepareCalendar(cal);
  return prepared.alwaysOpen || isOpenWallTime(prepared, ms + offsetAt(prepared, ms));
}

/**
 * The earliest instant `due` ≥ `startMs` such that `durationMs` of business time lies in [startMs, due).
 * From a closed instant counting starts at the next opening; a duration that runs out exactly at a
 * closing is due at that closing, not at the next opening. A zero duration is due at `startMs`.
 * Throws CalendarError when the calendar never opens again, RangeError on a negative duration.
 */
export function addBusinessTime(cal: PlanCalendar, startMs: number, durationMs: number): number {
  assertInstant('startMs', startMs);
  if (!(durationMs >= 0) || !Number.isFinite(durationMs)) {
    throw new RangeError(`durationMs must be a finite number ≥ 0, got ${durationMs}`);
  }
  const prepared = prepareCalendar(cal);
  if (prepared.alwaysOpen || durationMs === 0) return startMs + durationMs;
  let remaining = durationMs;
  for (const { from, to } of openIntervals(prepared, startMs)) {
    if (remaining <= to - from) return from + remaining;
    remaining -= to - from;
  }
  throw new Error('unreachable: openIntervals is unbounded');
}

/** Business time in [fromMs, toMs), in ms; 0 when toMs ≤ fromMs. */
export function businessTimeBetween(cal: PlanCalendar, fromMs: number, toMs: number): number {
  assertInstant('fromMs', fromMs);
  assertInstant('toMs', toMs);
  if (toMs <= fromMs) return 0;
  const prepared = prepareCalendar(cal);
  if (prepared.alwaysOpen) return toMs - fromMs;
  let total = 0;
  for (const { from, to } of openIntervals(prepared, fromMs, toMs)) total += Math.min(to, toMs) - from;
  return total;
}

/**
 * The next instant after `ms` at which the calendar opens or closes: if `ms` is business time, the end of
 * its open stretch (ranges that touch, such as 00:00–24:00 then 00:00–…, form one stretch); otherwise the
 * next opening. `undefined` when nothing ever changes: an alwaysOpen calendar, or one open round the
 * clock with no holiday ahead. Throws CalendarError when a closed calendar never opens again.
 */
export function nextTransition(cal: PlanCalendar, ms: number): CalendarTransition | undefined {
  assertInstant('ms', ms);
  const prepared = prepareCalendar(cal);
  if (prepared.alwaysOpen) return undefined;
  // An open stretch can only run past the last holiday (plus one full week) if it never ends.
  const stretchLimit = (Math.max(Math.ceil(ms / DAY_MS), prepared.lastHolidayDay) + 9) * DAY_MS;
  let stretchEnd: number | undefined;
  for (const { from, to } of openIntervals(prepared, ms)) {
    if (stretchEnd === undefined) {
      if (from > ms) return { at: from, opens: true };
      stretchEnd = to;
    } else if (from === stretchEnd) {
      stretchEnd = to;
    } else {
      return { at: stretchEnd, opens: false };
    }
    if (stretchEnd > stretchLimit) return undefined;
  }
  throw new Error('unreachable: openIntervals is unbounded');
}

/** The first instant ≥ `ms` that is business time (`ms` itself when open). */
export function nextOpening(cal: PlanCalendar, ms: number): number {
  if (isOpen(cal, ms)) return ms;
  const transition = nextTransition(cal, ms);
  if (!transition) throw new Error('unreachable: a closed calendar either opens or throws');
  return transition.at;
}
