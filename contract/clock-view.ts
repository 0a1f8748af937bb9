/** An SLA or OLA clock of a case as views show it (docs/time.md). */
import { z } from 'zod';

/** A clock read at `asOf`: business time used and left, due instant, paused, breached. */
export const clockViewSchema = z.strictObject({
  name: z.string().describe('`response`, `resolution` or `ola:<department>`.'),
  target: z.string().describe('The business time allowed, as an ISO-8601 duration in hours (`PT9H`).'),
  dueAt: z
    .string()
    .optional()
    .describe(
      'When the target runs out if the clock keeps running; absent while paused (unless already used up).',
    ),
  usedMs: z.number().describe('Business time used so far (or until it stopped); may exceed the target.'),
  remainingMs: z.number().describe('Business time left, 0 once used up.'),
  paused: z.boolean(),
  breached: z.boolean(),
  calendar: z.string().optional().describe('The calendar it counts on now.'),
  startedAt: z.string().optional(),
  stoppedAt: z
    .string()
    .optional()
    .describe('Set once stopped: the first response (response clock) or the end of the work.'),
  asOf: z
    .string()
    .optional()
    .describe(
      'The instant usedMs, remainingMs and breached were read at: the workflow time of the case’s last ' +
        'activation, or the instant of the request when the API reads the clock again.',
    ),
});
/** A clock as views show it. */
export type ClockView = z.infer<typeof clockViewSchema>;
