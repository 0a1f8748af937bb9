/**
 * Learned triage (issue 17, SPEC §12, docs/triage.md): what POST /triage/model and GET /triage/model take and
 * answer. A model learns department and category from the subject and description of recorded cases; its
 * evaluation sets it against the template's own classify rules on the same held-out cases. The suggestion a
 * model gives a case is in suggestion.ts.
 */
import { z } from 'zod';

/** Which template's cases to learn from: a template name as the registry spells it. */
const templateName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .describe('The template whose recorded cases the model learns from (default customer-issue).');

/** The body of POST /triage/model (may be empty). */
export const triageTrainBodySchema = z.strictObject({ template: templateName.optional() });
/** The body of POST /triage/model. */
export type TriageTrainBody = z.infer<typeof triageTrainBodySchema>;

/** The query of GET /triage/model. */
export const triageModelQuerySchema = z.object({ template: templateName.optional() });

/** One department's figures on the held-out cases. */
export const departmentFiguresSchema = z.strictObject({
  precision: z
    .number()
    .nullable()
    .describe(
      'Of the held-out cases the model sent here, the share a person sent here too (null: it sent none).',
    ),
  recall: z
    .number()
    .nullable()
    .describe(
      'Of the held-out cases a person sent here, the share the model sent here too (null: there were none).',
    ),
  support: z.number().int().describe('Held-out cases a person sent here.'),
});

/** How a model did on cases it did not learn from, next to the template's rules on the same cases. */
export const triageEvaluationSchema = z.strictObject({
  heldOut: z
    .number()
    .int()
    .describe('Cases held out of training (about 20%, chosen by a hash of the case id).'),
  accuracy: z.number().describe('Share of held-out cases whose department the model got right (0…1).'),
  rulesAccuracy: z
    .number()
    .describe("Share of the same cases whose department the template version's classify rules got right."),
  category: z.strictObject({
    accuracy: z.number().describe('Share of held-out cases whose final category the model got right.'),
    rulesAccuracy: z.number().describe('The same for the classify rules.'),
  }),
  perDepartment: z.record(z.string(), departmentFiguresSchema),
});
/** A model's evaluation. */
export type TriageEvaluation = z.infer<typeof triageEvaluationSchema>;

/** A department the model will not suggest, and why. */
export const refusedDepartmentSchema = z.strictObject({
  department: z.string(),
  cases: z.number().int().describe('Recorded cases a person sent there.'),
  reason: z.string(),
});
/** A department the model will not suggest. */
export type RefusedDepartment = z.infer<typeof refusedDepartmentSchema>;

/** What POST /triage/model and GET /triage/model answer: a stored model's version and evaluation. */
export const triageModelAnswerSchema = z.strictObject({
  version: z.number().int().describe('The model version; each training adds one, and suggestions name it.'),
  template: z.string(),
  trainedAt: z.string(),
  trainedOn: z.number().int().describe('Labelled recorded cases the model learnt from.'),
  suggests: z
    .boolean()
    .describe(
      'False: it had too few cases for every department and gives no suggestion at all (see refused).',
    ),
  evaluation: triageEvaluationSchema,
  refused: z
    .array(refusedDepartmentSchema)
    .optional()
    .describe('Departments with too few cases: the model never suggests them.'),
});
/** A stored triage model, as the API answers it. */
export type TriageModelAnswer = z.infer<typeof triageModelAnswerSchema>;
