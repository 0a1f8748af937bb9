/**
 * fast-check generators for the calendar properties: random weekly hours (biased towards the small hours,
 * where daylight-saving changes happen), zones with DST (including a 30-minute one and midnight
 * changes), holidays near the instant under test, and instants biased towards offset changes; and the
 * operations of a clock's random history, for the clock properties.
 */
import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import type { PlanCalendar, Weekday } from '../../../definitions/plan';
import { MINUTE } from './reference-calendar';

export const ZONES = [
  'UTC',
  'Europe/London',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Shanghai',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Asia/Kathmandu',
] as const;

const DAY = 24 * 60 * MINUTE;
const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2027, 0, 1);

/** Offset changes of each zone between 2024 and 2027, found once by a daily scan (then bisection). */
const transitions = new Map<string, number[]>();
function offsetChanges(timezone: string): number[] {
  let found = transitions.get(timezone);
  if (found) return found;
  const zone = IANAZone.create(timezone);
  found = [];
  for (let t = FROM; t < TO; t += DAY) {
    if (zone.offset(t) !== zone.offset(t + DAY)) {
      let lo = t;
      let hi = t + DAY;
      while (hi - lo > MINUTE) {
        const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
        if (zone.offset(mid) === zone.offset(t)) lo = mid;
        else hi = mid;
      }
      found.push(hi);
    }
  }
  transitions.set(timezone, found);
  return found;
}

/** Minute boundaries for opening ranges: mostly around the small hours and office hours. */
const boundary = fc.oneof(
  fc.integer({ min: 0, max: 1440 }),
  fc.constantFrom(0, 30, 60, 90, 120, 150, 180, 210, 240, 540, 1080, 1380, 1410, 1440),
);

type Ranges = Array<{ startMinute: number; endMinute: number }>;

const dayHours = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Ranges>([]) },
  { weight: 1, arbitrary: fc.constant<Ranges>([{ startMinute: 0, endMinute: 1440 }]) },
  {
    weight: 6,
    arbitrary: fc.uniqueArray(boundary, { minLength: 2, maxLength: 6 }).map((points) => {
      const sorted = [...points].sort((a, b) => a - b);
      const ranges: Ranges = [];
      for (let i = 0; i + 1 < sorted.length; i += 2)
        ranges.push({ startMinute: sorted[i]!, endMinute: sorted[i + 1]! });
      return ranges;
    }),
  },
);

/** An instant on a whole minute: half the time within a few days of one of the zone's offset changes. */
function instantIn(timezone: string): fc.Arbitrary<number> {
  const changes = offsetChanges(timezone);
  const uniform = fc.integer({ min: FROM / MINUTE, max: TO / MINUTE }).map((m) => m * MINUTE);
  if (changes.length === 0) return uniform;
  const nearChange = fc
    .tuple(fc.constantFrom(...changes), fc.integer({ min: -4 * 24 * 60, max: 2 * 24 * 60 }))
    .map(([change, minutes]) => change + minutes * MINUTE);
  return fc.oneof(uniform, nearChange);
}

/** A random calendar with at least one opening range, and an instant to test it at. */
export const calendarAndInstant: fc.Arbitrary<{ cal: PlanCalendar; at: number }> = fc
  .constantFrom(...ZONES)
  .chain((timezone) =>
    fc.record({
      timezone: fc.constant(timezone),
      week: fc.tuple(dayHours, dayHours, dayHours, dayHours, dayHours, dayHours, dayHours),
      at: instantIn(timezone),
      holidayOffsets: fc.uniqueArray(fc.integer({ min: -3, max: 20 }), { maxLength: 4 }),
    }),
  )
  .filter(({ week }) => week.some((ranges) => ranges.length > 0))
  .map(({ timezone, week, at, holidayOffsets }) => {
    const hours: PlanCalendar['hours'] = {};
    week.forEach((ranges, i) => {
      if (ranges.length > 0) hours[(i + 1) as Weekday] = ranges;
    });
    const localDay = DateTime.fromMillis(at, { zone: timezone }).startOf('day');
    const holidays = holidayOffsets.map((days) => localDay.plus({ days }).toISODate()!);
    return { cal: { id: 'random', timezone, alwaysOpen: false, hours, holidays }, at };
  });

/** Open minutes per week, to keep generated durations reachable by the minute-by-minute reference. */
export function weeklyOpenMinutes(cal: PlanCalendar): number {
  return Object.values(cal.hours).reduce(
    (sum, ranges) => sum + ranges.reduce((s, r) => s + Math.max(0, r.endMinute - r.startMinute), 0),
    0,
  );
}

/**
 * One step of a clock's random history, some minutes after the last: pause, resume, retarget (to a new
 * target, on the random calendar or on 24x7) or stop.
 */
export const clockOp = fc.record({
  afterMinutes: fc.integer({ min: 0, max: 2 * 24 * 60 }),
  kind: fc.constantFrom('pause', 'resume', 'retarget', 'stop'),
  targetMinutes: fc.integer({ min: 0, max: 40 * 60 }),
  onAlwaysOpen: fc.boolean(),
});

export type ClockOp = typeof clockOp extends fc.Arbitrary<infer T> ? T : never;
