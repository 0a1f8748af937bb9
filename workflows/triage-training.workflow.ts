/**
 * The triage model's daily retraining (issue 17, docs/triage.md): started by the schedule
 * `caseflow-triage-training`, it trains each named template's model on its recorded cases (one activity,
 * activities/triage.ts) and ends. Each run stores a new version; cases opened after it are scored by it.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { TriageTrainingActivities, TriageTrainingResult } from '../activities/triage';

const { trainTriageModel } = proxyActivities<TriageTrainingActivities>({
  // Reading and counting some ten thousand cases takes seconds; the margin is for a busy database.
  startToCloseTimeout: '10m',
  // An outage is waited out for about half an hour; a training that still fails ends failed (visible in the
  // schedule's recent actions), and the previous model keeps scoring until tomorrow's run.
  retry: { initialInterval: '10s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 10 },
});

export interface TriageTrainingArgs {
  /** The templates whose models to retrain (default: customer-issue). */
  templates?: string[];
}

export async function triageTrainingWorkflow(
  args: TriageTrainingArgs = {},
): Promise<Record<string, TriageTrainingResult>> {
  const results: Record<string, TriageTrainingResult> = {};
  for (const template of args.templates ?? ['customer-issue'])
    results[template] = await trainTriageModel({ template });
  return results;
}
