/**
 * The machinery under workflows/time/calendar.ts: a business calendar prepared for fast arithmetic, and
 * the enumeration of its open intervals as real instants.
 *
 * The model (docs/time.md): an instant is business time when its local wall-clock time in the calendar's
 * zone falls on a date that is not a holiday, inside one of that weekday's opening ranges. Between two
 * changes of the zone's UTC offset, local wall time is the instant plus a constant, so the open instants of
 * such a stretch are the open wall-clock intervals shifted by that constant. That one rule is exact for
 * skipped hours (the wall times do not exist, so nothing is open then), repeated hours (both passes are
 * open when the range covers them) and odd zones whose midnight is skipped or repeated.
 *
 * Everything here is deterministic and allocation-light: no Date.now(), no I/O; only luxon's zone offsets.
 */
import { IANAZone } from 'luxon';
import type { PlanCalendar, Weekday } from '../../definitions/plan';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/**
 * Offsets are sampled at this step; a change between two samples is located by bisection. Assumes a zone
 * never changes its offset twice within 12 hours, which holds for every IANA zone.
 */
const OFFSET_PROBE_MS = 12 * HOUR_MS;

/** A calendar that cannot be used: unknown zone, malformed holiday, or never open. */
export class CalendarError extends Error {
  override name = 'CalendarError';
}

/** A half-open interval [from, to) of epoch milliseconds. */
export interface Interval {
  from: number;
  to: number;
}

/** A PlanCalendar in the shape the arithmetic needs; built once per calendar object and cached. */
export interface PreparedCalendar {
  id: string;
  alwaysOpen: boolean;
  zone: IANAZone;
  /** Index 1–7 (luxon weekday): opening ranges in ms since local midnight, sorted. */
  rangesByWeekday: Array<Array<{ from: number; to: number }>>;
  /** Local dates closed all day, as days since 1970-01-01. */
  holidayDays: Set<number>;
  /** The last holiday (days since 1970-01-01), or -Infinity: after it the calendar repeats weekly. */
  lastHolidayDay: number;
  /** How many days a search may cross without meeting an opening before it gives up (never open). */
  searchDays: number;
  /** Offsets per 12-hour chunk of the timeline (chunk k = [k·12h, (k+1)·12h)); a cache for speed only. */
  offsetChunks: Map<number, OffsetChunk>;
}

/** The zone's offset over one chunk: `offset` from its start, `offsetAfter` from `change` on, if it changes. */
interface OffsetChunk {
  offset: number;
  change?: number;
  offsetAfter?: number;
}

/** Bounds the offset cache (about 13 years of chunks); results never depend on it. */
const OFFSET_CACHE_LIMIT = 10_000;

const prepared = new WeakMap<PlanCalendar, PreparedCalendar>();

/** Prepares (and caches per calendar object) a calendar; throws CalendarError on an unusable one. */
export function prepareCalendar(cal: PlanCalendar): PreparedCalendar {
  const cached = prepared.get(cal);
  if (cached) return cached;
  const zone = IANAZone.create(cal.timezone);
  if (!zone.isValid) throw new CalendarError(`calendar ${cal.id}: unknown time zone "${cal.timezone}"`);
  const rangesByWeekday: PreparedCalendar['rangesByWeekday'] = [[]];
  let anyOpening = false;
  for (let weekday = 1; weekday <= 7; weekday++) {
    const ranges = openingRanges(cal, weekday as Weekday);
    anyOpening ||= ranges.length > 0;
    rangesByWeekday.push(ranges);
  }
  if (!cal.alwaysOpen && !anyOpening) {
    throw new CalendarError(`calendar ${cal.id} has no opening hours: business time never passes on it`);
  }
  const holidayDays = new Set(cal.holidays.map((date) => localDateToDay(cal.id, date)));
  // Each week without an opening needs at least one holiday (or, once a year, a skipped DST hour that
  // swallows a range), so an opening comes within this many days or never.
  const searchDays = 7 * (holidayDays.size + 3);
  const lastHolidayDay = Math.max(-Infinity, ...holidayDays);
  const result: PreparedCalendar = {
    id: cal.id,
    alwaysOpen: cal.alwaysOpen,
    zone,
    rangesByWeekday,
    holidayDays,
    lastHolidayDay,
    searchDays,
    offsetChunks: new Map(),
  };
  prepared.set(cal, result);
  return result;
}

/** A weekday's ranges in ms since midnight: checked, sorted, overlaps merged (so nothing counts twice). */
function openingRanges(cal: PlanCalendar, weekday: Weekday): Array<{ from: number; to: number }> {
  const merged: Array<{ from: number; to: number }> = [];
  const ranges = [...(cal.hours[weekday] ?? [])].sort((a, b) => a.startMinute - b.startMinute);
  for (const { startMinute, endMinute } of ranges) {
    if (!(startMinute >= 0 && endMinute <= 1440)) {
      throw new CalendarError(
        `calendar ${cal.id}: range ${startMinute}–${endMinute} is not within 0–1440 minutes`,
      );
    }
    if (endMinute <= startMinute) continue;
    const last = merged[merged.length - 1];
    if (last && startMinute * MINUTE_MS <= last.to) last.to = Math.max(last.to, endMinute * MINUTE_MS);
    else merged.push({ from: startMinute * MINUTE_MS, to: endMinute * MINUTE_MS });
  }
  return merged;
}

function localDateToDay(calendarId: string, date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new CalendarError(`calendar ${calendarId}: holiday "${date}" is not a YYYY-MM-DD date`);
  // Date.UTC is a pure function of its arguments: safe in the workflow sandbox. It rolls 02-30 over to
  // March, so a round trip catches dates that do not exist.
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new CalendarError(`calendar ${calendarId}: holiday "${date}" is not a date`);
  }
  return ms / DAY_MS;
}

/** The zone's UTC offset at an instant, in ms (local wall time = instant + offset). */
export function offsetAt(cal: PreparedCalendar, ms: number): number {
  const chunk = offsetChunk(cal, Math.floor(ms / OFFSET_PROBE_MS));
  return chunk.change !== undefined && ms >= chunk.change
    ? (chunk.offsetAfter ?? chunk.offset)
    : chunk.offset;
}

function zoneOffset(cal: PreparedCalendar, ms: number): number {
  return cal.zone.offset(ms) * MINUTE_MS;
}

/**
 * The offsets over chunk k, from luxon, cached: asking the zone is the costly part of the arithmetic
 * (an Intl formatting per question), and clocks and escalations ask about the same days again and again.
 */
function offsetChunk(cal: PreparedCalendar, k: number): OffsetChunk {
  const cached = cal.offsetChunks.get(k);
  if (cached) return cached;
  const from = k * OFFSET_PROBE_MS;
  const to = from + OFFSET_PROBE_MS;
  const offset = zoneOffset(cal, from);
  const offsetAfter = zoneOffset(cal, to);
  const chunk: OffsetChunk =
    offsetAfter === offset ? { offset } : { offset, change: offsetChangeIn(cal, from, to), offsetAfter };
  if (cal.offsetChunks.size >= OFFSET_CACHE_LIMIT) cal.offsetChunks.clear();
  cal.offsetChunks.set(k, chunk);
  return chunk;
}

/** luxon numbering: 1 = Monday … 7 = Sunday; day 0 (1970-01-01) was a Thursday. */
function weekdayOfDay(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Whether a local wall-clock time (ms since 1970-01-01 local) is inside the calendar's opening hours. */
export function isOpenWallTime(cal: PreparedCalendar, wallMs: number): boolean {
  const day = Math.floor(wallMs / DAY_MS);
  if (cal.holidayDays.has(day)) return false;
  const sinceMidnight = wallMs - day * DAY_MS;
  return (cal.rangesByWeekday[weekdayOfDay(day)] ?? []).some(
    (r) => sinceMidnight >= r.from && sinceMidnight < r.to,
  );
}

/** Open wall-clock intervals inside [wallFrom, wallTo), in order. */
function openWallIntervals(cal: PreparedCalendar, wallFrom: number, wallTo: number): Interval[] {
  const out: Interval[] = [];
  for (let day = Math.floor(wallFrom / DAY_MS); day * DAY_MS < wallTo; day++) {
    if (cal.holidayDays.has(day)) continue;
    const midnight = day * DAY_MS;
    for (const r of cal.rangesByWeekday[weekdayOfDay(day)] ?? []) {
      const from = Math.max(wallFrom, midnight + r.from);
      const to = Math.min(wallTo, midnight + r.to);
      if (from < to) out.push({ from, to });
    }
  }
  return out;
}

/** The first instant in (from, to] whose offset differs from the offset at `from`; `to` must differ. */
function offsetChangeIn(cal: PreparedCalendar, from: number, to: number): number {
  const before = zoneOffset(cal, from);
  let lo = from;
  let hi = to;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zoneOffset(cal, mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The open intervals of a calendar at or after `fromMs`, in order, clipped to start at `fromMs`. Adjacent
 * intervals are not merged (a range ending at midnight and one starting there come out as two). Stops
 * before `untilMs` when given. Throws CalendarError when no opening comes within the calendar's search
 * horizon, so a calendar that never opens cannot loop forever. Not for alwaysOpen calendars.
 */
export function* openIntervals(
  cal: PreparedCalendar,
  fromMs: number,
  untilMs = Infinity,
): Generator<Interval> {
  let lastOpenSeen = fromMs;
  for (let k = Math.floor(fromMs / OFFSET_PROBE_MS); k * OFFSET_PROBE_MS < untilMs; k++) {
    const chunkFrom = Math.max(fromMs, k * OFFSET_PROBE_MS);
    const chunkTo = Math.min((k + 1) * OFFSET_PROBE_MS, untilMs);
    // Split the chunk where the offset changes, then map each constant-offset stretch through wall time.
    const { offset, change, offsetAfter } = offsetChunk(cal, k);
    const stretches: Array<[number, number, number]> =
      change === undefined || offsetAfter === undefined
        ? [[chunkFrom, chunkTo, offset]]
        : [
            [chunkFrom, Math.min(chunkTo, change), offset],
            [Math.max(chunkFrom, change), chunkTo, offsetAfter],
          ];
    for (const [from, to, stretchOffset] of stretches) {
      if (from >= to) continue;
      for (const wall of openWallIntervals(cal, from + stretchOffset, to + stretchOffset)) {
        lastOpenSeen = wall.to - stretchOffset;
        yield { from: wall.from - stretchOffset, to: wall.to - stretchOffset };
      }
    }
    if (chunkTo - lastOpenSeen > cal.searchDays * DAY_MS) {
      throw new CalendarError(
        `calendar ${cal.id} has no opening within ${cal.searchDays} days after ${new Date(lastOpenSeen).toISOString()}`,
      );
    }
  }
}
