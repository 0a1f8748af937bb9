/**
 * A case as the outside world reads it: the answer to the caseState query and to every update, what the
 * projection stores and the API serves. Closed: a field the workflow adds to its view must be added here,
 * or the test that parses real views (test/unit/contract) and the API's contract test fail.
 */
import { z } from 'zod';
import { channelSchema, contactConsentSchema } from './case-input';
import { clockViewSchema } from './clock-view';
import { customerViewSchema } from './customer';
import { suggestionSchema } from './suggestion';
import { decisionSchema } from './decision';
import { escalationViewSchema } from './escalation-view';
import { CASE_STATUSES } from './statuses';
import { taskViewSchema } from './task-view';

/** A case's status, as zod checks it. */
export const caseStatusSchema = z.enum(CASE_STATUSES);

/** The template version a case runs on. */
export const templateRefSchema = z.strictObject({
  name: z.string(),
  version: z.number().int(),
  sha256: z.string(),
});
/** The template version a case runs on. */
export type TemplateRef = z.infer<typeof templateRefSchema>;

/**
 * The survey a case waits on: its step, occurrence (`<case>/<step>/<visit>`) and deadline (the expiry of its
 * link). GET /survey/{token} refuses a link of another survey with it (docs/security.md, Survey links).
 */
export const awaitingSurveySchema = z.strictObject({
  stepId: z.string(),
  surveyKey: z.string(),
  expiresAt: z.string(),
});

/** The whole view of a case. */
export const caseViewSchema = z.strictObject({
  id: z.string(),
  status: caseStatusSchema,
  template: templateRefSchema,
  channel: channelSchema,
  customer: customerViewSchema,
  subject: z.string(),
  description: z
    .string()
    .optional()
    .describe('The description the case was opened with (absent on cases projected before it was kept).'),
  attributes: z.record(z.string(), z.unknown()).optional().describe('The attributes it was opened with.'),
  flags: z.array(z.string()).optional().describe("Intake's flags (and `repeat-contact` once one joined)."),
  consent: contactConsentSchema
    .optional()
    .describe("The customer's contact consent the case was opened with (absent: none was collected)."),
  category: z.string().optional(),
  department: z.string().optional().describe('The department holding the case now.'),
  suggestion: suggestionSchema
    .optional()
    .describe(
      "The learned triage suggestion scored at intake (absent: the template's suggestions are off, or none).",
    ),
  priority: z.string().optional(),
  tags: z.array(z.string()),
  step: z.string().optional(),
  tasks: z.array(taskViewSchema),
  clocks: z.array(clockViewSchema),
  escalations: z.array(escalationViewSchema),
  vars: z.record(z.string(), z.unknown()),
  decisions: z.array(decisionSchema).describe('Each decision the engine took and why, in order.'),
  decisionsDropped: z
    .number()
    .int()
    .optional()
    .describe(
      'Bounded state (docs/security.md): the oldest decisions left out of `decisions` (the whole decision ' +
        'log is in the timeline); absent on a case that runs code from before.',
    ),
  escalationsDropped: z
    .number()
    .int()
    .optional()
    .describe('The oldest escalations left out of `escalations` (bounded state).'),
  messageCount: z.number().int().optional().describe('The messages the case received (bounded state).'),
  lastCustomerMessageAt: z.string().optional(),
  awaitingSurvey: awaitingSurveySchema.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  revision: z.number().int().describe('Increases with every change; projections keep the newest.'),
});
/** A case as views show it. */
export type CaseView = z.infer<typeof caseViewSchema>;
