/**
 * When a delay "on a calendar" ends (follow-up visits, waits with a calendar): in business time of that
 * calendar, so "2 days" on an office calendar skips nights, weekends and holidays.
 */
import { addBusinessTime } from '../time';
import type { Run } from './run';

export function dueAfter(run: Run, delayMs: number, calendar?: string): number {
  const cal = calendar === undefined ? undefined : run.plan.calendars[calendar];
  return cal === undefined ? run.ctx.now + delayMs : addBusinessTime(cal, run.ctx.now, delayMs);
}
