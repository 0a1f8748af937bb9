/**
 * The retention purge (issue 16, docs/privacy.md "Retention"): started daily by the schedule
 * `caseflow-retention` (worker/schedules.ts), it scrubs the cases finished longer ago than CASEFLOW_RETENTION
 * a batch at a time (activities/retention.ts, db/retention.ts) until none is left, then ends. Each batch is
 * its own transaction, so a purge stopped halfway leaves every case either purged or untouched, and the
 * next run goes on where it stopped.
 */
import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { RetentionActivities } from '../activities/types';

const { purgeExpiredCases } = proxyActivities<RetentionActivities>({
  startToCloseTimeout: '5m',
  // An outage is waited out for about half an hour; a purge that still fails ends failed (visible in the
  // schedule's recent actions) and tomorrow's run tries again, rather than running on and skipping it.
  retry: { initialInterval: '10s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 10 },
});

/** Batches per run before it continues as new (about six history events each). */
const BATCHES_PER_RUN = 200;

export interface RetentionArgs {
  /** CASEFLOW_RETENTION in seconds. */
  retentionSeconds: number;
  /** Cases purged by the runs this one continues (continue-as-new). */
  purgedBefore?: number;
}

export interface RetentionRun {
  /** Cases purged by this purge, its earlier runs included. */
  purged: number;
  /** When the oldest case still due ended, if the purge stopped with some left (another purge running). */
  oldestLeft?: string;
}

/** Whether another batch is due after this one: more are left and this one made progress. */
export function anotherBatch(batch: { purged: number; oldestLeft?: string }): boolean {
  return batch.oldestLeft !== undefined && batch.purged > 0;
}

export async function retentionWorkflow(args: RetentionArgs): Promise<RetentionRun> {
  let purged = args.purgedBefore ?? 0;
  for (let batches = 0; ; batches++) {
    if (batches === BATCHES_PER_RUN)
      await continueAsNew<typeof retentionWorkflow>({ ...args, purgedBefore: purged });
    const batch = await purgeExpiredCases({ retentionSeconds: args.retentionSeconds });
    purged += batch.purged;
    // A batch that purged nothing while some are due: another purge took them; it finishes the rest.
    if (!anotherBatch(batch))
      return { purged, ...(batch.oldestLeft !== undefined ? { oldestLeft: batch.oldestLeft } : {}) };
  }
}
