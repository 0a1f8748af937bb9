/**
 * What people do to a task: the bodies they send (POST /tasks/{id}/complete, /handoff, /reassign, a line
 * of a `caseflow simulate` script) and the update arguments the case workflow receives, which add the task
 * and the acting principal (and what the API knows about an assignee).
 */
import { z } from 'zod';
import { principalSchema } from './principal';

/** Claim and release take nothing but the task and who acts; every task update starts with these. */
export const taskActionSchema = z.object({ taskId: z.string(), principal: principalSchema });
/** The arguments of claimTask and releaseTask, and the base of every task update. */
export type TaskActionBase = z.infer<typeof taskActionSchema>;

/** Completing a task: the outcome, the form its outcome asks for (SPEC §10), a note. */
export const completeTaskBodySchema = z.object({
  outcome: z.string().min(1).max(100),
  form: z.record(z.string(), z.unknown()).optional(),
  note: z.string().max(10_000).optional(),
});
/** The arguments of completeTask. */
export const completeTaskArgsSchema = taskActionSchema.extend(completeTaskBodySchema.shape);
/** The arguments of completeTask. */
export type CompleteTaskArgs = z.infer<typeof completeTaskArgsSchema>;

/** Handing a task off to another department, with a reason. */
export const handoffTaskBodySchema = z.object({
  department: z.string().min(1).max(100),
  reason: z.string().trim().min(1).max(2_000),
});
/** The arguments of handoffTask. */
export const handoffTaskArgsSchema = taskActionSchema.extend(handoffTaskBodySchema.shape);
/** The arguments of handoffTask. */
export type HandoffTaskArgs = z.infer<typeof handoffTaskArgsSchema>;

/** The fields of a reassignment; reassignTaskBodySchema adds that one of them must be given. */
export const reassignTaskFieldsSchema = z.object({
  assignee: z.string().min(1).max(200).optional(),
  department: z.string().min(1).max(100).optional(),
});
const namesAssigneeOrDepartment = (b: { assignee?: string; department?: string }): boolean =>
  b.assignee !== undefined || b.department !== undefined;
const assigneeOrDepartment = { message: 'expected an assignee or a department' };

/** Reassigning a task to an agent or a department (at least one of them). */
export const reassignTaskBodySchema = reassignTaskFieldsSchema.refine(
  namesAssigneeOrDepartment,
  assigneeOrDepartment,
);
/** The arguments of reassignTask. */
export const reassignTaskArgsSchema = taskActionSchema
  .extend(reassignTaskFieldsSchema.shape)
  .extend({
    assigneeDepartments: z
      .union([z.array(z.string()), z.literal('unknown')])
      .optional()
      .describe(
        "The departments of `assignee` as the API's principals file has them (only an agent's), or " +
          '`unknown` when no principal has that name: the engine decides whether the assignee may take the task.',
      ),
  })
  .refine(namesAssigneeOrDepartment, assigneeOrDepartment);
/** The arguments of reassignTask. */
export type ReassignTaskArgs = z.infer<typeof reassignTaskArgsSchema>;
