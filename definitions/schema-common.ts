/**
 * Building blocks shared by the template schema (schema.ts) and the step kinds (steps/): ids,
 * durations, expressions, actions. Shapes only; references between sections are checked in validate.ts.
 */
import * as z from 'zod';
import { FIELD_TYPES } from '../contract/task-forms';
import { DURATION_HINT, DURATION_PATTERN, PERCENT_PATTERN } from './durations';

/** Ids name departments, steps, priorities, outcomes …; no dots, so `case.department` is never an id. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export const id = (what: string) =>
  z
    .string({ error: `expected ${what} id (letters, digits, - and _)` })
    .regex(ID_PATTERN, { error: `expected ${what} id (letters, digits, - and _)` })
    .meta({ description: `The ${what}'s id.` });

export const duration = z
  .string({ error: `expected ${DURATION_HINT}` })
  .regex(DURATION_PATTERN, { error: `expected ${DURATION_HINT}` })
  .meta({ description: `A duration: ${DURATION_HINT}. On a business calendar it counts business time.` });

export const percent = z
  .union(
    [
      z.string().regex(PERCENT_PATTERN, { error: 'expected a percentage such as 80%' }),
      z
        .number()
        .min(0, { error: 'expected a percentage from 0 to 100' })
        .max(100, { error: 'expected a percentage from 0 to 100' }),
    ],
    { error: 'expected a percentage such as 80%' },
  )
  .meta({ description: 'A percentage, e.g. 80%.' });

export const expression = (purpose: string) =>
  z
    .string({ error: `expected a CEL expression (${purpose})` })
    .min(1, { error: `expected a CEL expression (${purpose})` })
    .meta({ description: `CEL expression: ${purpose}. Variables: case, vars, survey, now.` });

export const when = expression('a condition yielding bool');

/** `default: true` marks the catch-all rule of an ordered list; validate.ts checks there is exactly one, last. */
export const defaultFlag = z
  .literal(true, { error: 'expected default: true (the catch-all rule, last in the list)' })
  .meta({ description: 'Marks the catch-all rule; exactly one, last in the list.' });

export const channel = z.enum(['sms', 'email', 'voice', 'webhook'], {
  error: 'expected a channel: sms, email, voice or webhook',
});

/** `customer`, `holder` (the department holding the case), `assignee`, or a department id. */
export const recipient = z
  .string({ error: 'expected a recipient: customer, holder, assignee or a department id' })
  .regex(ID_PATTERN, { error: 'expected a recipient: customer, holder, assignee or a department id' })
  .meta({ description: 'customer, holder (the department holding the case), assignee, or a department id.' });

export const RESERVED_RECIPIENTS = ['customer', 'holder', 'assignee'] as const;

/** A department id, or a CEL expression that yields one (e.g. `case.department`). */
export const departmentRef = z
  .string({ error: 'expected a department id or a CEL expression yielding one' })
  .min(1, { error: 'expected a department id or a CEL expression yielding one' })
  .meta({ description: 'A department id, or a CEL expression yielding one (e.g. case.department).' });

export const notifyAction = z.strictObject({
  to: recipient,
  channel,
  fallback: channel
    .optional()
    .meta({ description: 'Channel to use when the first one fails (e.g. voice then sms).' }),
  message: z.string({ error: 'expected the message text' }),
});

export const actionSchema = z
  .union(
    [
      z.strictObject({ notify: notifyAction }),
      z.strictObject({
        reassign: z.union([
          id('department'),
          z.strictObject({
            department: id('department').optional(),
            tier: z.string().regex(ID_PATTERN).optional().meta({ description: 'A tier id, or `next`.' }),
          }),
        ]),
      }),
      z.strictObject({
        raise: z.number().int().min(1).max(10).meta({ description: 'Priority levels to raise.' }),
      }),
      z.strictObject({
        task: z.strictObject({
          department: id('department'),
          title: z.string(),
          instructions: z.string().optional(),
          outcomes: z.array(id('outcome')).min(1),
        }),
      }),
    ],
    {
      error:
        'expected one action: notify {to, channel, message}, reassign, raise <levels> or task {department, title, outcomes}',
    },
  )
  .meta({ description: 'One action: notify, reassign, raise or task.' });

/** The type of a form field or an `input` field: the contract's field types. */
export const fieldType = z.enum(FIELD_TYPES, {
  error: `expected a field type: ${FIELD_TYPES.slice(0, -1).join(', ')} or ${FIELD_TYPES[FIELD_TYPES.length - 1]}`,
});

export const formField = z.strictObject({
  type: fieldType,
  required: z.boolean().optional(),
  values: z.array(z.string()).min(1).optional().meta({ description: 'Allowed values, for type enum.' }),
  title: z.string().optional().meta({ description: "The field's label for people; its name when absent." }),
  description: z.string().optional(),
});

export const form = z
  .record(
    z.string().regex(ID_PATTERN, { error: 'expected a form field name (letters, digits, - and _)' }),
    formField,
  )
  .meta({ description: 'Form fields by name.' });

/** An outcome: just the next step's id, or `{next, title, form}`. */
export const outcome = z.union(
  [
    id('step'),
    z.strictObject({
      next: id('step'),
      title: z.string().optional(),
      form: form.optional(),
    }),
  ],
  { error: 'expected the next step id, or {next, title?, form?}' },
);

export const outcomes = z
  .record(
    z.string().regex(ID_PATTERN, { error: 'expected an outcome id (letters, digits, - and _)' }),
    outcome,
  )
  .meta({ description: 'Outcome id → next step (or {next, title, form}).' });

export const branch = z.strictObject({
  label: z.string().optional().meta({ description: 'A short name for the diagram and the timeline.' }),
  when: when.optional(),
  default: defaultFlag.optional(),
  next: id('step'),
});
