/**
 * The calendars of the tests' hand-built plans: the always-open 24x7 calendar every plan has (the engine
 * fixture's, the SLA fixture's, the reports' and the time tests'), and office hours Monday–Friday
 * 09:00–18:00 in a zone.
 */
import type { PlanCalendar } from '../../definitions/plan';

/** Always open, in UTC: business time is wall-clock time. */
export const twentyFourSeven: PlanCalendar = {
  id: '24x7',
  timezone: 'UTC',
  alwaysOpen: true,
  hours: {},
  holidays: [],
};

const officeHours = [{ startMinute: 9 * 60, endMinute: 18 * 60 }];

/** Monday–Friday 09:00–18:00 in a zone, with optional holidays (YYYY-MM-DD). */
export function officeCalendar(id: string, timezone: string, holidays: string[] = []): PlanCalendar {
  return {
    id,
    timezone,
    alwaysOpen: false,
    hours: { 1: officeHours, 2: officeHours, 3: officeHours, 4: officeHours, 5: officeHours },
    holidays,
  };
}
