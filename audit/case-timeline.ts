/**
 * A case's readable timeline (GET /cases/{id}/timeline): its run's history merged with the engine's whole
 * decision log (audit/timeline.ts). The decisions come from the run's final view when the run finished (no
 * worker needed to read a closed case), else from the live case, else from the projection the caller read.
 * A run that finished since issue 13 returns only its status and revision: the projection the caller read
 * holds its final view (the case writes it before it ends), so no worker is needed then either.
 * The caller has authorised the principal (access/policy.ts: `case.timeline`).
 */
import type { Client } from '@temporalio/client';
import type { PayloadConverter } from '@temporalio/common';
import type { History } from '@temporalio/common/lib/proto-utils';
import type { Pool } from 'pg';
import { fullDecisionLog } from '../db/case-messages';
import { templatePlan } from '../db/template-plans';
import {
  caseStateQuery,
  caseWorkflowId,
  isCaseView,
  type CaseAnswer,
  type CaseView,
} from '../workflows/messages';
import type { CaseHistories } from './case-history';
import { runsOf } from './history';
import { buildTimeline } from './timeline';
import type { Timeline } from './timeline-types';

export interface CaseTimelineContext {
  client: Client;
  pool: Pool;
  histories: CaseHistories;
}

/** The timeline of the case's run (the newest unless `runId` names one); undefined when there is none. */
export async function caseTimeline(
  ctx: CaseTimelineContext,
  input: { caseId: string; runId?: string | undefined; projected?: CaseView | undefined },
): Promise<Timeline | undefined> {
  const { caseId } = input;
  const history = await ctx.histories.history(caseId, { raw: false, runId: input.runId });
  if (!history) return undefined;
  const converter = ctx.client.options.loadedDataConverter.payloadConverter;
  const state =
    finalView(history, converter, input.projected) ?? (await liveView(ctx.client, caseId)) ?? input.projected;
  if (!state) return undefined;
  return buildTimeline({
    caseId,
    template: state.template,
    // A bounded state keeps the newest decisions only; the whole log is in PostgreSQL.
    decisions: await fullDecisionLog(ctx.pool, state),
    history,
    runId: runsOf(history).runId,
    converter,
    // A run started by reference carries no plan: its pause statuses come from the registry's (cached) plan.
    pauseWhen: (await templatePlan(ctx.pool, state.template))?.sla?.pauseWhen ?? [],
  });
}

/**
 * A finished run's final CaseView: its result (older code), or the projection when that holds the revision
 * the run ended at (a compact result): no worker is needed to read a closed case.
 */
function finalView(
  history: History,
  converter: PayloadConverter,
  projected: CaseView | undefined,
): CaseView | undefined {
  const events = history.events ?? [];
  const done = events[events.length - 1]?.workflowExecutionCompletedEventAttributes;
  const payload = done?.result?.payloads?.[0];
  if (!payload) return undefined;
  try {
    const result = converter.fromPayload<CaseAnswer>(payload);
    if (isCaseView(result)) return Array.isArray(result.decisions) ? result : undefined;
    const ended = typeof result?.revision === 'number' ? result.revision : Infinity;
    return projected !== undefined && projected.revision >= ended ? projected : undefined;
  } catch {
    return undefined;
  }
}

async function liveView(client: Client, caseId: string): Promise<CaseView | undefined> {
  try {
    return await client.workflow.getHandle(caseWorkflowId(caseId)).query(caseStateQuery);
  } catch {
    // No worker to answer (or the run failed): the projection's copy of the decision log is used instead.
    return undefined;
  }
}
