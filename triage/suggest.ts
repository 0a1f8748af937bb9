/**
 * Scoring a case (issue 17): where the newest model would send it, how sure it is, and the words that
 * weighed most, or why it has no suggestion. Never throws on a case's text: an empty description, words
 * the model never saw and departments it refuses all give `{ none: reason }`, which the case records.
 *
 * The confidence and the words are the department's (routing is what a template acts on); the category
 * comes from the category classifier over the same words.
 */
import type { Suggestion, SuggestionOutcome } from '../contract/suggestion';
import { predict } from './classifier';
import { MIN_CASES_PER_DEPARTMENT, suggestsAtAll, type TriageModel } from './model';
import { caseTokens } from './tokens';

/** A suggestion as scored: the contract's, without `used`, which the workflow decides. */
export type ScoredSuggestion = Omit<Suggestion, 'used'>;

/** What scoring answers: the contract's SuggestionOutcome (contract/suggestion.ts). */
export type ScoreOutcome = SuggestionOutcome;

export interface VersionedModel {
  version: number;
  model: TriageModel;
}

export function suggest(
  { version, model }: VersionedModel,
  subject: string,
  description: string | undefined,
): ScoreOutcome {
  const words = caseTokens(subject, description);
  if (words.length === 0) return { none: 'no text to go on' };
  if (!suggestsAtAll({ departments: model.department.labels, refused: model.refused })) {
    return {
      none: `triage model v${version} learnt from fewer than ${MIN_CASES_PER_DEPARTMENT} cases for every department, so it suggests nothing`,
    };
  }
  const department = predict(model.department, words);
  const category = predict(model.category, words);
  if (department === undefined || category === undefined || department.known === 0) {
    return { none: `none of the case's words occur in the cases triage model v${version} learnt from` };
  }
  const refused = model.refused.find((r) => r.department === department.label);
  if (refused !== undefined) return { none: `triage model v${version}: ${refused.reason}` };
  return {
    suggestion: {
      category: category.label,
      department: department.label,
      confidence: department.confidence,
      because: department.because,
      model: version,
    },
  };
}
