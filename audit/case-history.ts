/**
 * Where a case's history comes from. The API reads it from Temporal (`temporalCaseHistories`, payloads
 * decoded with the client's codecs); `caseflow replay --case` reads it through the API, so that the read is
 * authorised and written to the audit log like any other (cli/replay.ts). The audit use cases
 * (replay-case.ts, case-timeline.ts) take either.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';
import { caseWorkflowId } from '../workflows/messages';
import { historyToJson, type HistoryJson } from './history-json';
import { fetchHistory, runsOf } from './history';

export interface CaseHistoryOptions {
  /** Keep the payloads as stored (encoded by the codec, when there is one). */
  raw: boolean;
  /** A run of the case; the newest when absent. */
  runId?: string | undefined;
}

/** Reads a case's history; undefined when there is no such case (or run). */
export interface CaseHistories {
  history(caseId: string, options: CaseHistoryOptions): Promise<History | undefined>;
}

/** The histories of Temporal's cases, through this client (and its payload codecs). */
export function temporalCaseHistories(client: Client): CaseHistories {
  return {
    async history(caseId, options) {
      try {
        return await fetchHistory(client, caseWorkflowId(caseId), {
          raw: options.raw,
          ...(options.runId ? { runId: options.runId } : {}),
        });
      } catch (err) {
        // gRPC NOT_FOUND (5): Temporal knows no such execution.
        if (err instanceof WorkflowNotFoundError || (err as { code?: unknown }).code === 5) return undefined;
        throw err;
      }
    },
  };
}

/** A case's history as proto JSON (history-json.ts), with the run it continued from, if any. */
export interface CaseHistoryRead {
  history: HistoryJson;
  previousRunId?: string;
}

/**
 * A case's history for an auditor (GET /cases/{id}/history): payloads decoded unless `raw`; undefined when
 * there is no such case. The caller has authorised the principal (access/policy.ts: `case.history`).
 */
export async function readCaseHistory(
  ctx: { histories: CaseHistories },
  input: { caseId: string } & CaseHistoryOptions,
): Promise<CaseHistoryRead | undefined> {
  const history = await ctx.histories.history(input.caseId, { raw: input.raw, runId: input.runId });
  if (!history) return undefined;
  const { previousRunId } = runsOf(history);
  return { history: historyToJson(history), ...(previousRunId ? { previousRunId } : {}) };
}
