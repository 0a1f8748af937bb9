/**
 * What a task asks for when it is completed (SPEC §10): per outcome, the form fields its step declares.
 * definitions/task-forms.ts reads them from the compiled plan; the API shows them on tasks (`forms`).
 */
import { z } from 'zod';

/** The types a form field (and a template `input` field) may have. */
export const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'datetime', 'enum'] as const;
/** The type of a form field. */
export type FieldType = (typeof FIELD_TYPES)[number];

/** One field of an outcome's form, as a client sees it. */
export const taskFormFieldSchema = z.strictObject({
  name: z.string(),
  type: z.enum(FIELD_TYPES),
  required: z.boolean(),
  title: z.string().optional().describe('The label to show; label the field by its name when absent.'),
  description: z.string().optional().describe('A longer explanation of the field.'),
  options: z
    .array(z.string())
    .optional()
    .describe("The allowed values of an `enum` field, in the template's order."),
});
/** One field of an outcome's form. */
export type TaskFormField = z.infer<typeof taskFormFieldSchema>;

/** Outcome id → its form's fields, in declaration order; only outcomes that have a form are listed. */
export const taskFormsSchema = z.record(z.string(), z.array(taskFormFieldSchema));
/** The forms of a task's outcomes. */
export type TaskForms = z.infer<typeof taskFormsSchema>;
