/**
 * A naive, obviously-right business calendar for the property tests: it looks at one minute at a time and
 * asks Intl (not luxon, so the two paths share no code) what the local date, weekday and time are.
 * Only exact for inputs on whole minutes, which is what the generators produce.
 */
import type { PlanCalendar, Weekday } from '../../../definitions/plan';

export const MINUTE = 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, Weekday> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Local date (YYYY-MM-DD), weekday (1 = Monday) and minute of the day of an instant in a zone. */
export function localTime(timezone: string, ms: number): { date: string; weekday: Weekday; minute: number } {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timezone, format);
  }
  const part: Record<string, string> = {};
  for (const p of format.formatToParts(ms)) part[p.type] = p.value;
  return {
    date: `${part.year}-${part.month}-${part.day}`,
    weekday: WEEKDAYS[part.weekday!]!,
    minute: Number(part.hour) * 60 + Number(part.minute),
  };
}

/** Whether the minute starting at `ms` is business time. */
export function refIsOpen(cal: PlanCalendar, ms: number): boolean {
  if (cal.alwaysOpen) return true;
  const local = localTime(cal.timezone, ms);
  if (cal.holidays.includes(local.date)) return false;
  return (cal.hours[local.weekday] ?? []).some(
    (r) => local.minute >= r.startMinute && local.minute < r.endMinute,
  );
}

/** Business time in [from, to), counted minute by minute. */
export function refBusinessTimeBetween(cal: PlanCalendar, from: number, to: number): number {
  let total = 0;
  for (let t = from; t < to; t += MINUTE) if (refIsOpen(cal, t)) total += MINUTE;
  return total;
}

/** The instant `duration` of business time after `start`, or undefined if not within `maxMinutes`. */
export function refAddBusinessTime(
  cal: PlanCalendar,
  start: number,
  duration: number,
  maxMinutes: number,
): number | undefined {
  if (duration === 0) return start;
  let counted = 0;
  for (let t = start, i = 0; i < maxMinutes; t += MINUTE, i++) {
    if (refIsOpen(cal, t)) counted += MINUTE;
    if (counted === duration) return t + MINUTE;
  }
  return undefined;
}

/** The first minute boundary after `ms` where the open state changes, or undefined within `maxMinutes`. */
export function refNextTransition(
  cal: PlanCalendar,
  ms: number,
  maxMinutes: number,
): { at: number; opens: boolean } | undefined {
  const open = refIsOpen(cal, ms);
  for (let t = ms + MINUTE, i = 0; i < maxMinutes; t += MINUTE, i++) {
    if (refIsOpen(cal, t) !== open) return { at: t, opens: !open };
  }
  return undefined;
}
