/**
 * The triage model's retraining activity (workflows/triage-training.workflow.ts, issue 17): train on the
 * template's recorded cases now and store the next version (triage/train.ts). A template without a single
 * labelled case yet is not a failure to retry: the answer says nothing was trained.
 */
import type { Pool } from 'pg';
import { NothingToLearn, trainTriageModel } from '../triage/train';
import { suggestsAtAll } from '../triage/model';

export interface TriageTrainingResult {
  /** The stored version; absent when there was nothing to learn from. */
  version?: number;
  trainedOn: number;
  /** False: too few cases for every department (or none at all), so no suggestions. */
  suggests: boolean;
  accuracy?: number;
  rulesAccuracy?: number;
  /** Why nothing was trained, when nothing was. */
  skipped?: string;
}

export interface TriageTrainingActivities {
  trainTriageModel(args: { template: string }): Promise<TriageTrainingResult>;
}

export function triageTrainingActivities(pool: Pool): TriageTrainingActivities {
  return {
    async trainTriageModel({ template }) {
      try {
        const m = await trainTriageModel(pool, template);
        return {
          version: m.version,
          trainedOn: m.trainedOn,
          suggests: suggestsAtAll(m),
          accuracy: m.evaluation.accuracy,
          rulesAccuracy: m.evaluation.rulesAccuracy,
        };
      } catch (err) {
        if (!(err instanceof NothingToLearn)) throw err;
        return { trainedOn: 0, suggests: false, skipped: err.message };
      }
    },
  };
}
