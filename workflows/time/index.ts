/**
 * Time in one place: business calendars (calendar.ts, on the model in calendar-model.ts) and SLA/OLA clocks
 * (clock.ts), as pure, deterministic functions on epoch milliseconds. The engine runs its clocks and timers
 * with them (workflows/engine: sla.ts, escalation.ts, escalate.ts, schedule.ts, view.ts), the API reads a
 * case's clocks at the request instant with them (api/clock-reading.ts: readClockAt) and the reports
 * measure business time with them (db/reports-measures.ts). No Node built-ins and no I/O: it bundles into
 * the Temporal workflow sandbox (the lint rules for workflows/ keep it so). Semantics in docs/time.md.
 */
export {
  ALWAYS_OPEN_CALENDAR,
  ALWAYS_OPEN_CALENDAR_ID,
  CalendarError,
  type CalendarTransition,
  addBusinessTime,
  businessTimeBetween,
  isOpen,
  nextOpening,
  nextTransition,
} from './calendar';
export {
  type CalendarMap,
  type ClockLedgerEntry,
  type ClockTarget,
  type SlaClock,
  calendarById,
  clockView,
  dueAt,
  formatBusinessDuration,
  instantAtPercent,
  instantWhenUsed,
  isBreached,
  olaClockName,
  pauseClock,
  readClockAt,
  resumeClock,
  retargetClock,
  startClock,
  stopClock,
  usedMs,
} from './clock';
