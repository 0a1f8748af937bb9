import type { Pool } from 'pg';
import type { SuggestionOutcome } from '../contract/suggestion';
import { latestTriageModel } from '../db/triage-models';
import type { TriageModel } from '../triage/model';
import { suggest } from '../triage/suggest';
import type { SuggestTriageRequest } from './types';

/**
 * Scores a new case with the template's newest triage model (issue 17, docs/triage.md): the model's
 * department and category, its confidence and the words that weighed most, or why there is no suggestion.
 *
 * Each call asks which version is newest (a small indexed read) and loads a version's token counts once per
 * worker process: models never change once stored, so a retraining is picked up by the next case.
 */
export function createSuggestTriage(
  pool: Pool,
): (request: SuggestTriageRequest) => Promise<SuggestionOutcome> {
  const loaded = new Map<string, { version: number; model: TriageModel }>();
  return async (request) => {
    const newest = await latestTriageModel(pool, request.template, { withModel: false });
    if (newest === undefined) {
      return { none: `no triage model trained for ${request.template} (POST /triage/model trains one)` };
    }
    let current = loaded.get(request.template);
    if (current?.version !== newest.version) {
      const full = await latestTriageModel<TriageModel>(pool, request.template);
      if (full === undefined) return { none: `no triage model trained for ${request.template}` };
      current = { version: full.version, model: full.model };
      loaded.set(request.template, current);
    }
    return suggest(current, request.subject, request.description);
  };
}
