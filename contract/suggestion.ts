/**
 * A learned triage suggestion (issue 17, SPEC §12): where a model trained on the organisation's own
 * resolved cases would send a case, how sure it is and the words that weighed most. Scored once at intake
 * by an activity, so the case's history records it and replay never asks the model again.
 */
import { z } from 'zod';

export const suggestionSchema = z.strictObject({
  category: z.string(),
  department: z.string(),
  confidence: z.number().min(0).max(1).describe("The model's probability for its department, 0…1."),
  because: z.array(z.string()).describe('The words of the case that weighed most for this department.'),
  model: z.number().int().describe('The version of the triage model that scored the case.'),
  used: z
    .boolean()
    .describe(
      "Whether the case was routed by it: the template's `suggestions.minConfidence` was met (else the rules routed).",
    ),
});
/** A suggestion as the case view shows it. */
export type Suggestion = z.infer<typeof suggestionSchema>;

/** What the scoring activity answers: a suggestion, or why there is none (no model, no text, too few cases). */
export type SuggestionOutcome = { suggestion: Omit<Suggestion, 'used'> } | { none: string };
