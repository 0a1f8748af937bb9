/** An escalation rung that fired, as views show it: which rule, why, and what it did. */
import { z } from 'zod';

/** What makes a rung fire: a clock reaching a share of its target or breaching, a task left unclaimed. */
export const ESCALATION_TRIGGERS = ['clock.at', 'clock.breached', 'task.unclaimed', 'step.after'] as const;
/** What made a rung fire. */
export type EscalationTrigger = (typeof ESCALATION_TRIGGERS)[number];

/** One rung that fired. */
export const escalationViewSchema = z.strictObject({
  id: z.string().describe("The rung's id in the template."),
  firedAt: z.string(),
  cause: z
    .string()
    .describe('Readable cause: "resolution clock at 80%", "task C1-t2 (technical/L1) unclaimed for 30m".'),
  actions: z
    .array(z.string())
    .describe('What each action did: "notify management by email", "reassign C1-t2 to technical/L2".'),
  dueAt: z
    .string()
    .optional()
    .describe(
      'When it became due (earlier than firedAt only when noticed late, e.g. after a worker outage).',
    ),
  scope: z.string().optional().describe("`case` (the template's ladder) or the step whose own rung it was."),
  trigger: z.enum(ESCALATION_TRIGGERS).optional(),
  clock: z.string().optional().describe('The clock (clock rungs).'),
  taskId: z.string().optional().describe('The task (task rungs).'),
});
/** An escalation as views show it. */
export type EscalationView = z.infer<typeof escalationViewSchema>;
