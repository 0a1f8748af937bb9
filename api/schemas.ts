import { z } from 'zod';
import {
  CHANNELS,
  cancelCaseBodySchema,
  caseMessageBodySchema,
  caseStatusSchema,
  completeTaskBodySchema,
  customerSchema as contractCustomerSchema,
  handoffTaskBodySchema,
  openCaseBodySchema,
  reassignTaskBodySchema,
  surveyAnswersBodySchema,
  TASK_STATUSES,
  taskStatusSchema,
} from '../contract';

/**
 * Request schemas: they validate, type, and (through zod-to-openapi) document the API. The bodies are the
 * case contract's (contract/): what a person sends is what the workflow's update or signal receives,
 * besides the task and the principal. Only the API's own parts (paths, queries, pages) are written here.
 */

/** The channels a contact can come through (contract). */
export const channels = CHANNELS;

/** The customer in a POST /cases body (contract). */
export const customerSchema = contractCustomerSchema;

/** POST /cases (contract: the same schema `caseflow simulate` reads its case file with). */
export const openCaseBody = openCaseBodySchema;

export const idParams = z.object({ id: z.string().min(1).max(200) });

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
};

/**
 * `status` of GET /tasks: one task status, or several comma-separated (`open,claimed`: the work still to do,
 * what an inbox shows by default), parsed into the contract's statuses.
 */
const taskStatusList = z
  .string()
  .regex(new RegExp(`^(${TASK_STATUSES.join('|')})(,(${TASK_STATUSES.join('|')}))*$`), {
    error: `expected a task status (${TASK_STATUSES.join(', ')}) or several, comma-separated`,
  })
  .transform((text) => [...new Set(text.split(','))].map((s) => taskStatusSchema.parse(s)));

export const taskListQuery = z.object({
  department: z.string().min(1).optional(),
  status: taskStatusList.optional(),
  assignee: z.string().min(1).optional(),
  priority: z.string().min(1).optional(),
  ...pageQuery,
});

/** POST /tasks/{id}/complete (contract). */
export const completeTaskBody = completeTaskBodySchema;

/** POST /tasks/{id}/handoff (contract). */
export const handoffTaskBody = handoffTaskBodySchema;

/** POST /tasks/{id}/reassign (contract): an assignee, a department, or both. */
export const reassignTaskBody = reassignTaskBodySchema;

export const caseListQuery = z.object({
  status: caseStatusSchema.optional(),
  category: z.string().min(1).optional(),
  priority: z.string().min(1).optional(),
  department: z.string().min(1).optional(),
  customer: z.string().min(1).optional(),
  template: z.string().min(1).optional(),
  createdFrom: z.iso.datetime({ offset: true }).optional(),
  createdTo: z.iso.datetime({ offset: true }).optional(),
  ...pageQuery,
});

/** POST /cases/{id}/messages (contract). */
export const caseMessageBody = caseMessageBodySchema;

/** A page of a case's messages, newest first (bounded case state: they live in PostgreSQL). */
export const caseMessagesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe("The previous page's `nextCursor`: the next page holds the messages before it"),
});

/** POST /cases/{id}/cancel (contract). */
export const cancelCaseBody = cancelCaseBodySchema;

/** POST /survey/{token}: the answers, question id → score or comment (contract). */
export const surveyAnswersBody = surveyAnswersBodySchema;
