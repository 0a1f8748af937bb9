/**
 * Similar resolved cases (issue 17, SPEC §12): GET /cases/{id}/similar, the closest cases a person
 * resolved, each with how it was resolved and by whom, so an agent need not solve the same problem again.
 */
import { z } from 'zod';

export const similarCaseSchema = z.strictObject({
  caseId: z.string(),
  subject: z.string(),
  resolution: z
    .string()
    .describe(
      'The `resolution` field of the form the case was resolved with, or else the note of that completion.',
    ),
  resolvedBy: z.string().optional().describe('Who completed the task with outcome `resolved`.'),
  score: z
    .number()
    .min(0)
    .max(1)
    .describe('0…1: shared words (ts_rank), a bonus for the same category, and recency.'),
  category: z.string().optional(),
  resolvedAt: z.string(),
});
/** One similar resolved case. */
export type SimilarCaseView = z.infer<typeof similarCaseSchema>;

export const similarCasesSchema = z.strictObject({
  items: z.array(similarCaseSchema).describe('Best first; empty when the case has no words to compare.'),
});
/** The answer of GET /cases/{id}/similar. */
export type SimilarCases = z.infer<typeof similarCasesSchema>;

/** GET /cases/{id}/similar's query. */
export const similarCasesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(20).default(5),
});
