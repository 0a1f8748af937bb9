/** Calendars and instant helpers shared by the time example tests. */
import { DateTime } from 'luxon';
import { officeCalendar, twentyFourSeven } from '../../support/calendars';

export { officeCalendar, twentyFourSeven };

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

export const shanghai = officeCalendar('cn-office', 'Asia/Shanghai', ['2026-10-01', '2026-10-02']);
export const calendars = { [shanghai.id]: shanghai, [twentyFourSeven.id]: twentyFourSeven };

/** Epoch ms of a local wall-clock time (ISO without offset) in a zone. */
export function at(timezone: string, local: string): number {
  const dt = DateTime.fromISO(local, { zone: timezone });
  if (!dt.isValid) throw new Error(`bad local time ${local}`);
  return dt.toMillis();
}

/** Local wall-clock ISO (minutes) of an instant in a zone, with its offset, for readable assertions. */
export function local(timezone: string, ms: number): string {
  return DateTime.fromMillis(ms, { zone: timezone }).toFormat("yyyy-MM-dd'T'HH:mmZZ");
}

export const cn = (localTime: string): number => at('Asia/Shanghai', localTime);
export const cnLocal = (ms: number): string => local('Asia/Shanghai', ms);
