/**
 * A workflow that exercises the time code inside the Temporal workflow sandbox (no Node built-ins,
 * deterministic Date, luxon bundled by webpack). Used by sandbox.temporal.ts only.
 */
import type { PlanCalendar, PlanEscalation } from '../../../../definitions/plan';
import {
  addBusinessTime,
  clockView,
  nextTransition,
  readClockAt,
  startClock,
  type CalendarTransition,
} from '../../../../workflows/time';
import { dueRungs } from '../../../../workflows/engine/escalation';
import type { ClockView } from '../../../../workflows/messages';

export interface TimeCheckResult {
  due: number;
  next?: CalendarTransition;
  view: ClockView;
  /** The view read half an hour after the start, read again at the instant of `view` (the API's reading). */
  read: ClockView;
  rungs: string[];
}

export function timeCheck(
  calendar: PlanCalendar,
  start: number,
  rungs: PlanEscalation[],
): Promise<TimeCheckResult> {
  const clock = startClock('response', 3_600_000, calendar.id, start);
  const calendars = { [calendar.id]: calendar };
  return Promise.resolve({
    due: addBusinessTime(calendar, start, 3_600_000),
    next: nextTransition(calendar, start),
    view: clockView(clock, calendars, start + 2 * 3_600_000),
    read: readClockAt(clockView(clock, calendars, start + 1_800_000), calendars, start + 2 * 3_600_000),
    rungs: dueRungs({
      rungs,
      clocks: { response: clock },
      calendars,
      tasks: [],
      fired: [],
      now: start + 100 * 3_600_000,
    }).map((f) => f.description),
  });
}
