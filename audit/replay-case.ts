/**
 * Replaying a case (POST /cases/{id}/replay, `caseflow replay --case`): its history, from wherever the
 * caller reads histories (audit/case-history.ts), through today's workflow code (audit/replay.ts). The
 * caller has authorised the principal (access/policy.ts: `case.replay`, auditors).
 */
import type { ReplayWorkerOptions } from '@temporalio/worker';
import type { History } from '@temporalio/common/lib/proto-utils';
import { caseWorkflowId } from '../workflows/messages';
import type { CaseHistories } from './case-history';
import { runsOf } from './history';
import { replayHistory, type ReplayVerdict } from './replay';

/** The verdict on a case's run: which run (and the one it continued from), and whether it replays. */
export interface ReplayedCase extends ReplayVerdict {
  caseId: string;
  runId?: string;
  previousRunId?: string;
}

export interface ReplayCaseContext {
  histories: CaseHistories;
  /** The replay worker's options (tests hand in a bundle); today's workflow code when absent. */
  replayOptions?: ReplayWorkerOptions;
  /** Called with the history before it is replayed (`caseflow replay --save` writes it to a file). */
  onHistory?: (history: History) => void;
}

/** Replays the case's run (the newest unless `runId` names one); undefined when there is no such case. */
export async function replayCase(
  ctx: ReplayCaseContext,
  input: { caseId: string; runId?: string | undefined },
): Promise<ReplayedCase | undefined> {
  const history = await ctx.histories.history(input.caseId, { raw: false, runId: input.runId });
  if (!history) return undefined;
  ctx.onHistory?.(history);
  const verdict = await replayHistory(history, caseWorkflowId(input.caseId), ctx.replayOptions);
  return { caseId: input.caseId, ...runsOf(history), ...verdict };
}
