/**
 * When a delay "on a calendar" ends. The seam for business calendars: the time helper's calendar module
 * (calendar.ts) will answer this in business time; until it is wired in, every calendar counts as 24x7.
 */
import type { Run } from './run';

export function dueAfter(run: Run, delayMs: number, _calendar?: string): number {
  return run.ctx.now + delayMs;
}
