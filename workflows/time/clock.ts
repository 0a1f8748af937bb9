/**
 * SLA and OLA clocks: plain-JSON state with a ledger of running and paused intervals, and the questions
 * asked of it (business time used, when it runs out, is it breached). Operations return a new clock and
 * never mutate their input, so the engine's state × event → state stays pure.
 *
 * A clock counts business time on the calendar in force while each running interval lasted: the ledger
 * records that calendar per interval, so a retarget (priority change) onto another calendar carries the
 * business time already spent over unchanged and counts on the new calendar from then on. Semantics in
 * docs/time.md.
 */
import type { PlanCalendar } from '../../definitions/plan';
import type { ClockView } from '../messages';
import {
  ALWAYS_OPEN_CALENDAR,
  ALWAYS_OPEN_CALENDAR_ID,
  addBusinessTime,
  businessTimeBetween,
} from './calendar';

/** One interval of a clock's life; `to` is absent on the current (last) entry of a clock still going. */
export type ClockLedgerEntry =
  | { state: 'running'; from: number; to?: number; calendar: string }
  | { state: 'paused'; from: number; to?: number; reason: string };

/** A target the clock has had, from `at` on (the first is set at start). */
export interface ClockTarget {
  at: number;
  targetMs: number;
  calendar: string;
}

/** An SLA or OLA clock. Plain JSON: it lives in the case state and travels through continue-as-new. */
export interface SlaClock {
  /** `response`, `resolution`, or `ola:<department>` (olaClockName). */
  name: string;
  /** Business time allowed, in ms, on `calendar`. */
  targetMs: number;
  /** The calendar the clock counts on now (and on resume, when paused). */
  calendar: string;
  startedAt: number;
  state: 'running' | 'paused' | 'stopped';
  /** When it was stopped (met, or abandoned when the work ended). */
  stoppedAt?: number;
  /** Contiguous, in time order, from startedAt; the last entry is open unless the clock is stopped. */
  ledger: ClockLedgerEntry[];
  /** Every target it has had, in order; retargets append. */
  targets: ClockTarget[];
}

/** A plan's calendars by id (Plan.calendars). */
export type CalendarMap = Readonly<Record<string, PlanCalendar>>;

/** The name of the OLA clock that runs while a department holds the case. */
export function olaClockName(department: string): string {
  return `ola:${department}`;
}

/** Looks a calendar up by id; the built-in `24x7` is found even when the map lacks it. */
export function calendarById(calendars: CalendarMap, id: string): PlanCalendar {
  const cal = calendars[id] ?? (id === ALWAYS_OPEN_CALENDAR_ID ? ALWAYS_OPEN_CALENDAR : undefined);
  if (!cal) throw new Error(`unknown calendar "${id}"`);
  return cal;
}

function assertTarget(targetMs: number): void {
  if (!Number.isFinite(targetMs) || targetMs < 0)
    throw new RangeError(`clock target must be ≥ 0 ms, got ${targetMs}`);
}

/** Starts a clock at `now`, running (or paused with `pausedReason`, when the case already waits). */
export function startClock(
  name: string,
  targetMs: number,
  calendar: string,
  now: number,
  pausedReason?: string,
): SlaClock {
  assertTarget(targetMs);
  const first: ClockLedgerEntry =
    pausedReason === undefined
      ? { state: 'running', from: now, calendar }
      : { state: 'paused', from: now, reason: pausedReason };
  return {
    name,
    targetMs,
    calendar,
    startedAt: now,
    state: first.state,
    ledger: [first],
    targets: [{ at: now, targetMs, calendar }],
  };
}

/** Closes the current ledger entry at `now` (dropping it if it lasted no time) and appends `next`. */
function switchEntry(clock: SlaClock, now: number, next?: ClockLedgerEntry): ClockLedgerEntry[] {
  const current = clock.ledger[clock.ledger.length - 1];
  if (!current) throw new Error(`clock ${clock.name} has an empty ledger`);
  if (now < current.from) {
    throw new RangeError(`clock ${clock.name}: time went backwards (${now} < ${current.from})`);
  }
  const closed = current.from === now ? [] : [{ ...current, to: now }];
  return [...clock.ledger.slice(0, -1), ...closed, ...(next ? [next] : [])];
}

/** Pauses a running clock (e.g. waiting for the customer). No-op unless running. */
export function pauseClock(clock: SlaClock, now: number, reason: string): SlaClock {
  if (clock.state !== 'running') return clock;
  return {
    ...clock,
    state: 'paused',
    ledger: switchEntry(clock, now, { state: 'paused', from: now, reason }),
  };
}

/** Resumes a paused clock on its current calendar. No-op unless paused. */
export function resumeClock(clock: SlaClock, now: number): SlaClock {
  if (clock.state !== 'paused') return clock;
  const entry: ClockLedgerEntry = { state: 'running', from: now, calendar: clock.calendar };
  return { ...clock, state: 'running', ledger: switchEntry(clock, now, entry) };
}

/**
 * Gives the clock a new target (and optionally a new calendar), e.g. when the priority changes. Business
 * time already used is kept as counted; from `now` on the clock counts on the new calendar. No-op on a
 * stopped clock: a met or missed target is history.
 */
export function retargetClock(
  clock: SlaClock,
  now: number,
  targetMs: number,
  calendar = clock.calendar,
): SlaClock {
  assertTarget(targetMs);
  if (clock.state === 'stopped') return clock;
  const last = clock.ledger[clock.ledger.length - 1];
  if (last && now < last.from) throw new RangeError(`clock ${clock.name}: time went backwards`);
  // Only a running clock changing calendar needs a new ledger entry: each entry counts on one calendar.
  const ledger =
    clock.state === 'running' && calendar !== clock.calendar
      ? switchEntry(clock, now, { state: 'running', from: now, calendar })
      : clock.ledger;
  return {
    ...clock,
    targetMs,
    calendar,
    ledger,
    targets: [...clock.targets, { at: now, targetMs, calendar }],
  };
}

/** Stops the clock for good (its target met, or the work it measured ended). No-op when stopped. */
export function stopClock(clock: SlaClock, now: number): SlaClock {
  if (clock.state === 'stopped') return clock;
  return { ...clock, state: 'stopped', stoppedAt: now, ledger: switchEntry(clock, now) };
}

/** Business time the clock has counted up to `now` (or up to its stop). */
export function usedMs(clock: SlaClock, calendars: CalendarMap, now: number): number {
  let used = 0;
  for (const entry of clock.ledger) {
    if (entry.state !== 'running') continue;
    const to = Math.min(entry.to ?? now, now);
    used += businessTimeBetween(calendarById(calendars, entry.calendar), entry.from, to);
  }
  return used;
}

/**
 * The instant at which the clock has used `thresholdMs` of business time, given it keeps running from
 * where it is without further pauses. Already-passed instants are returned as they happened. `undefined`
 * when the threshold has not been reached and the clock is paused (it depends on the resume). A stopped
 * clock answers as it stood just before it stopped: if it was running, the projection of that run.
 */
export function instantWhenUsed(
  clock: SlaClock,
  calendars: CalendarMap,
  thresholdMs: number,
): number | undefined {
  let used = 0;
  const lastIndex = clock.ledger.length - 1;
  for (const [index, entry] of clock.ledger.entries()) {
    if (entry.state !== 'running') continue;
    const cal = calendarById(calendars, entry.calendar);
    const projected = entry.to === undefined || (clock.state === 'stopped' && index === lastIndex);
    if (!projected) {
      const span = businessTimeBetween(cal, entry.from, entry.to ?? entry.from);
      if (used + span < thresholdMs) {
        used += span;
        continue;
      }
    }
    return addBusinessTime(cal, entry.from, Math.max(0, thresholdMs - used));
  }
  return undefined;
}

/** When the target runs out (see instantWhenUsed): the SLA due time. */
export function dueAt(clock: SlaClock, calendars: CalendarMap): number | undefined {
  return instantWhenUsed(clock, calendars, clock.targetMs);
}

/** When `percent` (0–100, may be fractional) of the target will have been used; rounded up to the ms. */
export function instantAtPercent(
  clock: SlaClock,
  calendars: CalendarMap,
  percent: number,
): number | undefined {
  return instantWhenUsed(clock, calendars, Math.ceil((clock.targetMs * percent) / 100));
}

/**
 * Whether the target is missed: a clock still going is breached from its due instant on (its business
 * time is used up and the work is not done); a stopped clock is breached when it stopped after its due
 * instant, so work done exactly at the due instant meets the target.
 */
export function isBreached(clock: SlaClock, calendars: CalendarMap, now: number): boolean {
  const due = dueAt(clock, calendars);
  if (due === undefined) return false;
  return clock.stoppedAt === undefined ? due <= now : due < clock.stoppedAt;
}

/**
 * The clock as the API shows it (workflows/messages.ts ClockView), read at `now`: used and remaining
 * business time, due instant and breach as of `now` (`asOf`), with its calendar and start (and stop).
 */
export function clockView(clock: SlaClock, calendars: CalendarMap, now: number): ClockView {
  const used = usedMs(clock, calendars, now);
  const due = dueAt(clock, calendars);
  return {
    name: clock.name,
    target: formatBusinessDuration(clock.targetMs),
    ...(due === undefined ? {} : { dueAt: new Date(due).toISOString() }),
    usedMs: used,
    remainingMs: Math.max(0, clock.targetMs - used),
    paused: clock.state === 'paused',
    breached: isBreached(clock, calendars, now),
    calendar: clock.calendar,
    startedAt: new Date(clock.startedAt).toISOString(),
    asOf: new Date(now).toISOString(),
    ...(clock.stoppedAt === undefined ? {} : { stoppedAt: new Date(clock.stoppedAt).toISOString() }),
  };
}

/**
 * A clock view read at `asOf`, read again at a later `now`, with nothing having happened to the clock in
 * between: the API's reading of a case at the request instant (a workflow query sees the case as of its
 * last activation, since Temporal moves workflow time only when the case wakes).
 *
 * The answer is the engine's own: equal to clockView(clock, calendars, now) of the clock the view was read
 * from (test/unit/time/clock-reading.property.test.ts). From `asOf` a running clock counts on `calendar`
 * with `remainingMs` to go, which is a clock of its own (its tail); the tail's business time is added to
 * the time used, and the target runs out where the tail's does. Paused and stopped clocks, and views
 * without a calendar or reading instant (older projections), change nothing over time and are returned as
 * they are, as is a view read at or after `now`. Throws like the engine on an unknown or unusable calendar.
 */
export function readClockAt(view: ClockView, calendars: CalendarMap, now: number): ClockView {
  if (view.paused || view.stoppedAt !== undefined || view.asOf === undefined || view.calendar === undefined)
    return view;
  const asOf = Date.parse(view.asOf);
  if (!(now > asOf)) return view;
  const tail = clockView(startClock(view.name, view.remainingMs, view.calendar, asOf), calendars, now);
  return {
    ...view,
    usedMs: view.usedMs + tail.usedMs,
    remainingMs: tail.remainingMs,
    // A used-up target (remainingMs 0) ran out before asOf: the view already says when and that it breached.
    breached: view.breached || tail.breached,
    asOf: tail.asOf,
  };
}

/** An ISO-8601 duration in hours, minutes and seconds (`PT9H`, `PT1H30M`, `PT0S`): business days vary. */
export function formatBusinessDuration(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  const parts = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
  return `PT${parts || '0S'}`;
}
