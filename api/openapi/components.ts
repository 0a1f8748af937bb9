import { z } from 'zod';
import {
  caseStatusSchema,
  caseViewSchema,
  clockViewSchema,
  customerViewSchema,
  escalationViewSchema,
  taskFormFieldSchema,
  taskViewSchema,
  templateRefSchema,
} from '../../contract';

/**
 * Response schemas shared by several routes, registered as OpenAPI components (`.meta({ id })`). The case,
 * its tasks, clocks and escalations are the case contract's views (contract/), closed: the document names
 * every field a response carries, so the contract test (test/support/contract.ts) fails on a field the
 * workflow adds to its views without the contract. Clients still ignore fields they do not know: SPEC §6
 * lets fields be added, never renamed. The other components are loose where their routes add fields.
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

const taskFormField = taskFormFieldSchema.meta({
  id: 'TaskFormField',
  description: "One field of an outcome's form.",
});
const taskForms = z.record(z.string(), z.array(taskFormField));

/** A task (contract), with the forms its outcomes ask for where the API knows them. */
export const taskSchema = taskViewSchema
  .extend({
    forms: taskForms
      .optional()
      .describe(
        'What each outcome asks for (SPEC §10), on `GET /tasks` and `GET /tasks/{id}`: outcome id → the ' +
          "fields to send in `form` when completing with it, in the template's order. Only outcomes that " +
          'have a form are listed (`{}` when none has); the case workflow checks the same fields. Absent ' +
          "when the task's template version is not in the registry.",
      ),
  })
  .meta({ id: 'Task' });

/** A case's status (contract). */
export const caseStatus = caseStatusSchema;

export const templateRef = templateRefSchema.meta({ id: 'TemplateRef' });

export const customerSchema = customerViewSchema.meta({ id: 'Customer' });

export const clockSchema = clockViewSchema.meta({
  id: 'Clock',
  description: 'An SLA or OLA clock, read at `asOf` (docs/time.md).',
});

export const escalationSchema = escalationViewSchema.meta({
  id: 'Escalation',
  description: 'An escalation rung that fired: which rule, why, and what it did.',
});

/** The case view (contract), its parts named as components. */
export const caseSchema = caseViewSchema
  .extend({
    template: templateRef,
    customer: customerSchema,
    tasks: z.array(taskSchema),
    clocks: z.array(clockSchema),
    escalations: z.array(escalationSchema),
  })
  .meta({ id: 'Case', description: 'A case: its live state (GET /cases/{id}) or its projection (lists).' });

/** What POST /cases answers when it opened a case (201): the first fields of the case. */
export const openedCaseSchema = caseSchema.pick({
  id: true,
  status: true,
  template: true,
  channel: true,
  customer: true,
  subject: true,
  createdAt: true,
});

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
