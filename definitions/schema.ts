/**
 * The template language v1 as one zod schema: it validates the shape of a YAML template, gives the types
 * (z.infer) and generates the JSON Schema editors use (`caseflow schema`, definitions/template.schema.json).
 * References between sections (unknown departments, steps, priorities …) are checked in validate.ts, which
 * can say where and what was expected with the whole document in view.
 */
import * as z from 'zod';
import { CASE_STATUSES } from '../contract/statuses';
import { HOURS_PATTERN } from './durations';
import {
  actionSchema,
  defaultFlag,
  duration,
  expression,
  fieldType,
  id,
  percent,
  when,
} from './schema-common';
import { stepSchema } from './steps';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const hoursRange = z
  .string({ error: 'expected opening hours as HH:MM-HH:MM (e.g. 09:00-18:00)' })
  .regex(HOURS_PATTERN, { error: 'expected opening hours as HH:MM-HH:MM (e.g. 09:00-18:00)' });

export const calendarSchema = z.strictObject({
  id: id('calendar'),
  timezone: z
    .string({ error: 'expected an IANA time zone, e.g. Asia/Shanghai' })
    .meta({ description: 'IANA time zone, e.g. Asia/Shanghai.' }),
  hours: z
    .partialRecord(
      z.enum(WEEKDAYS, { error: `expected a weekday: ${WEEKDAYS.join(', ')}` }),
      z.union([hoursRange, z.array(hoursRange)]),
    )
    .meta({
      description:
        'Opening hours per weekday: "09:00-18:00" or a list of ranges. Days not listed are closed.',
    }),
  holidays: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date as YYYY-MM-DD' }))
    .optional()
    .meta({ description: 'Local dates (YYYY-MM-DD) on which the calendar is closed.' }),
});

export const departmentSchema = z.strictObject({
  id: id('department'),
  title: z.string({ error: 'expected the department title' }),
  calendar: id('calendar').optional().meta({ description: "The department's own calendar (its OLA clock)." }),
  tiers: z.array(id('tier')).optional().meta({ description: 'Ordered support tiers, e.g. [L1, L2].' }),
});

export const inputFieldSchema = z.strictObject({
  type: fieldType,
  required: z.boolean().optional(),
  values: z.array(z.string()).min(1).optional().meta({ description: 'Allowed values, for type enum.' }),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  description: z.string().optional(),
});

export const classifyRuleSchema = z.strictObject({
  when: when.optional(),
  default: defaultFlag.optional(),
  category: id('category'),
  department: id('department').optional(),
  tags: z.array(z.string()).optional(),
});

const levelRule = z.strictObject({
  when: when.optional(),
  default: defaultFlag.optional(),
  level: id('level'),
});

export const prioritySchema = z.strictObject({
  order: z.array(id('priority')).min(1).meta({ description: 'Priority ids, most urgent first.' }),
  impact: z.array(levelRule).min(1),
  urgency: z.array(levelRule).min(1),
  matrix: z
    .record(z.string(), z.record(z.string(), id('priority')))
    .meta({ description: 'impact level → urgency level → priority; must cover every pair.' }),
  overrides: z
    .array(
      z.strictObject({
        when,
        raise: z.number().int().min(1).max(10),
        reason: z.string({ error: 'expected the reason, shown in the case timeline' }),
      }),
    )
    .optional(),
});

export const slaSchema = z.strictObject({
  pauseWhen: z
    .array(z.enum(CASE_STATUSES, { error: `expected a case status: ${CASE_STATUSES.join(', ')}` }))
    .optional(),
  calendar: id('calendar').optional().meta({ description: 'Default calendar of the targets.' }),
  targets: z.record(
    z.string(),
    z.strictObject({ response: duration, resolution: duration, calendar: id('calendar').optional() }),
  ),
});

export const ESCALATION_EVENTS = [
  'response.at',
  'response.breached',
  'resolution.at',
  'resolution.breached',
  'task.unclaimed',
] as const;

export const escalationSchema = z.strictObject({
  id: id('escalation'),
  on: z.enum(ESCALATION_EVENTS, { error: `expected on: ${ESCALATION_EVENTS.join(', ')}` }),
  at: percent
    .optional()
    .meta({ description: 'For response.at / resolution.at: the share of the target, e.g. 80%.' }),
  after: duration
    .optional()
    .meta({ description: 'Delay after the event; for task.unclaimed the unclaimed time.' }),
  departments: z.array(id('department')).optional(),
  tiers: z.array(id('tier')).optional(),
  when: when.optional(),
  actions: z.array(actionSchema).min(1, { error: 'expected at least one action' }),
});

export const continuitySchema = z.strictObject({
  mergeOpenCase: z.boolean().optional(),
  preferLastHandler: z.boolean().optional(),
});

export const qualitySchema = z.strictObject({
  sample: percent,
  department: id('department'),
  title: z.string(),
  outcomes: z.array(id('outcome')).min(1),
});

/**
 * Learned triage (issue 17, docs/triage.md): `off`, or the confidence at which the classify step routes by
 * the model's suggestion instead of the rules. Without `minConfidence` the suggestion is scored and shown
 * (and CEL sees it as `case.suggestion`), but the rules route.
 */
export const suggestionsSchema = z.union([
  z.literal('off'),
  z.strictObject({
    minConfidence: z
      .number({ error: 'expected a confidence from 0 to 1' })
      .min(0, { error: 'expected a confidence from 0 to 1' })
      .max(1, { error: 'expected a confidence from 0 to 1' })
      .optional(),
  }),
]);

export const templateSchema = z
  .strictObject({
    apiVersion: z.literal('caseflow/v1', { error: 'expected apiVersion: caseflow/v1' }),
    kind: z.literal('CaseTemplate', { error: 'expected kind: CaseTemplate' }),
    name: z
      .string({ error: 'expected the template name (lowercase, digits and -)' })
      .regex(/^[a-z][a-z0-9-]*$/, { error: 'expected the template name (lowercase, digits and -)' }),
    version: z
      .number({ error: 'expected the version as an integer ≥ 1' })
      .int()
      .min(1, { error: 'expected the version as an integer ≥ 1' }),
    title: z.string({ error: 'expected the template title' }),
    description: z.string().optional(),
    departments: z.array(departmentSchema).min(1, { error: 'expected at least one department' }),
    calendars: z.array(calendarSchema).optional(),
    input: z
      .record(
        z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, {
          error: 'expected an input field name (a letter, then letters, digits or _)',
        }),
        inputFieldSchema,
      )
      .optional(),
    classify: z.array(classifyRuleSchema).min(1, { error: 'expected at least the default rule' }),
    priority: prioritySchema,
    sla: slaSchema,
    escalations: z.array(escalationSchema).optional(),
    steps: z.array(stepSchema).min(1, { error: 'expected at least one step' }),
    continuity: continuitySchema.optional(),
    quality: qualitySchema.optional(),
    suggestions: suggestionsSchema.optional(),
  })
  .meta({ title: 'caseflow case template v1', description: 'One version of one case template (SPEC §3).' });

export { expression };
export type TemplateDocument = z.infer<typeof templateSchema>;
export type CalendarDocument = z.infer<typeof calendarSchema>;
export type DepartmentDocument = z.infer<typeof departmentSchema>;
export type EscalationDocument = z.infer<typeof escalationSchema>;
export type PriorityDocument = z.infer<typeof prioritySchema>;
export type ActionDocument = z.infer<typeof actionSchema>;

/** The JSON Schema of the language, for editors (yaml-language-server) and `caseflow schema`. */
export function templateJsonSchema(): Record<string, unknown> {
  // draft-7: the dialect yaml-language-server and most editors understand best.
  return z.toJSONSchema(templateSchema, { target: 'draft-7', unrepresentable: 'any' });
}
