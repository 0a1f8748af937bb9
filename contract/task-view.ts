/** A task as the outside world reads it: in case views, in the task projection, and from GET /tasks. */
import { z } from 'zod';
import { TASK_STATUSES } from './statuses';

/** A task's status, as zod checks it. */
export const taskStatusSchema = z.enum(TASK_STATUSES);

/** One task of a case: who holds it, what it asks for, what it offers to complete it with. */
export const taskViewSchema = z.strictObject({
  id: z.string().describe('`<caseId>-t<n>`'),
  caseId: z.string(),
  department: z.string(),
  coordinator: z
    .string()
    .optional()
    .describe('The department that coordinates the case while this task is handed off (SPEC §5).'),
  tier: z.string().optional(),
  step: z.string(),
  title: z.string(),
  instructions: z.string().optional(),
  status: taskStatusSchema,
  assignee: z.string().optional(),
  priority: z.string().optional(),
  priorityRank: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe(
      "Position of `priority` in the plan's priority order (0 = most urgent), so inboxes sort by it.",
    ),
  dueAt: z.string().optional(),
  outcomes: z.array(z.string()),
  form: z.record(z.string(), z.unknown()).optional().describe('The form it was completed with.'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A task as views show it. */
export type TaskView = z.infer<typeof taskViewSchema>;
