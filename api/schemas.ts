import { z } from 'zod';

/** Request schemas: they validate, type, and (through zod-to-openapi) document the API. */
export const channels = [
  'phone',
  'web',
  'email',
  'chat',
  'app',
  'social',
  'self-service',
  'walk-in',
] as const;

export const customerSchema = z.object({
  id: z.string().trim().min(1).max(200),
  name: z.string().max(200).optional(),
  tier: z.enum(['standard', 'gold', 'vip']).optional(),
  phone: z.string().max(50).optional(),
  email: z.string().max(320).optional(),
});

export const openCaseBody = z.object({
  template: z.string().trim().min(1).max(100).optional(),
  version: z.number().int().min(1).optional(),
  channel: z.enum(channels),
  customer: customerSchema,
  subject: z.string().trim().min(1).max(500),
  description: z.string().max(20_000).default(''),
  attributes: z.record(z.string(), z.unknown()).default({}),
});

export const idParams = z.object({ id: z.string().min(1).max(200) });

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
};

export const taskListQuery = z.object({
  department: z.string().min(1).optional(),
  status: z.enum(['open', 'claimed', 'completed', 'cancelled']).optional(),
  assignee: z.string().min(1).optional(),
  priority: z.string().min(1).optional(),
  ...pageQuery,
});

export const completeTaskBody = z.object({
  outcome: z.string().min(1).max(100),
  form: z.record(z.string(), z.unknown()).optional(),
  note: z.string().max(10_000).optional(),
});

export const handoffTaskBody = z.object({
  department: z.string().min(1).max(100),
  reason: z.string().trim().min(1).max(2_000),
});

export const reassignTaskBody = z
  .object({
    assignee: z.string().min(1).max(200).optional(),
    department: z.string().min(1).max(100).optional(),
  })
  .refine((b) => b.assignee !== undefined || b.department !== undefined, {
    message: 'expected an assignee or a department',
  });

export const caseListQuery = z.object({
  status: z.enum(['open', 'waiting', 'resolved', 'closed', 'rejected', 'cancelled']).optional(),
  category: z.string().min(1).optional(),
  priority: z.string().min(1).optional(),
  department: z.string().min(1).optional(),
  customer: z.string().min(1).optional(),
  template: z.string().min(1).optional(),
  createdFrom: z.iso.datetime({ offset: true }).optional(),
  createdTo: z.iso.datetime({ offset: true }).optional(),
  ...pageQuery,
});

export const caseMessageBody = z.object({
  from: z.enum(['customer', 'agent']),
  text: z.string().trim().min(1).max(20_000),
});

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

export const cancelCaseBody = z.object({ reason: z.string().trim().min(1).max(2_000) });
