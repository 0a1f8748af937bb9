import { z } from 'zod';
import { taskFormFieldSchema } from '../../definitions/task-forms';

/**
 * Response schemas shared by several routes, registered as OpenAPI components (`.meta({ id })`). They are
 * loose objects on purpose: SPEC §6 lets fields be added but never renamed, so a client must ignore what
 * it does not know, and the contract test checks the fields every client relies on.
 */
const opt = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .describe('Field-level issues: `body.customer.id`, `query.limit`, `params.id`.'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (application/problem+json).' });

export const principalRef = z.looseObject({ name: z.string(), roles: z.array(z.string()) });

/** definitions/task-forms.ts writes the shape; here it becomes a component. */
const taskFormField = taskFormFieldSchema.meta({
  id: 'TaskFormField',
  description: "One field of an outcome's form.",
});
const taskForms = z.record(z.string(), z.array(taskFormField));

export const taskSchema = z
  .looseObject({
    id: z.string(),
    caseId: z.string(),
    department: z.string(),
    coordinator: opt(z.string()),
    tier: opt(z.string()),
    step: z.string(),
    title: z.string(),
    instructions: opt(z.string()),
    status: z.enum(['open', 'claimed', 'completed', 'cancelled']),
    assignee: opt(z.string()),
    priority: opt(z.string()),
    priorityRank: opt(z.number()),
    dueAt: opt(z.string()),
    outcomes: z.array(z.string()),
    form: opt(z.record(z.string(), z.unknown())),
    forms: taskForms
      .optional()
      .describe(
        'What each outcome asks for (SPEC §10), on `GET /tasks` and `GET /tasks/{id}`: outcome id → the ' +
          "fields to send in `form` when completing with it, in the template's order. Only outcomes that " +
          'have a form are listed (`{}` when none has); the case workflow checks the same fields. Absent ' +
          "when the task's template version is not in the registry.",
      ),
    createdAt: z.string(),
    updatedAt: opt(z.string()),
  })
  .meta({ id: 'Task' });

export const caseStatus = z.enum(['open', 'waiting', 'resolved', 'closed', 'rejected', 'cancelled']);

export const templateRef = z
  .looseObject({ name: z.string(), version: z.number().int(), sha256: z.string() })
  .meta({ id: 'TemplateRef' });

export const customerSchema = z
  .looseObject({
    id: z.string(),
    name: opt(z.string()),
    tier: opt(z.string()),
    phone: opt(z.string()),
    email: opt(z.string()),
  })
  .meta({ id: 'Customer' });

export const clockSchema = z
  .looseObject({
    name: z.string(),
    target: z.string(),
    dueAt: opt(z.string()),
    usedMs: z.number(),
    remainingMs: z.number(),
    paused: z.boolean(),
    breached: z.boolean(),
  })
  .meta({ id: 'Clock' });

export const caseSchema = z
  .looseObject({
    id: z.string(),
    status: caseStatus,
    template: templateRef,
    channel: z.string(),
    customer: customerSchema,
    subject: opt(z.string()),
    category: opt(z.string()),
    department: opt(z.string()),
    priority: opt(z.string()),
    step: opt(z.string()),
    tags: z.array(z.string()).optional(),
    tasks: z.array(taskSchema).optional(),
    clocks: z.array(clockSchema).optional(),
    escalations: z.array(z.looseObject({})).optional(),
    createdAt: z.string(),
    updatedAt: opt(z.string()),
  })
  .meta({ id: 'Case', description: 'A case: its live state (GET /cases/{id}) or its projection (lists).' });

/** `{ items, total, nextCursor? }` (SPEC §6 lists). */
export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z
    .looseObject({
      items: z.array(item),
      total: z.number().int().min(0),
      nextCursor: z.string().optional().describe('Pass as `offset` to read the next page.'),
    })
    .meta({ id });
}

export const templateVersionSchema = z
  .looseObject({
    name: z.string(),
    version: z.number().int(),
    title: opt(z.string()),
    sha256: z.string(),
    status: z.enum(['active', 'retired']),
    publishedBy: z.string(),
    publishedAt: z.union([z.string(), z.looseObject({})]),
    retiredBy: opt(z.string()),
    retiredAt: opt(z.union([z.string(), z.looseObject({})])),
  })
  .meta({ id: 'TemplateVersion' });

export const templateSchema = z
  .looseObject({
    name: z.string(),
    title: opt(z.string()),
    newestActiveVersion: opt(z.number().int()),
    versions: z.array(templateVersionSchema),
  })
  .meta({ id: 'Template' });
