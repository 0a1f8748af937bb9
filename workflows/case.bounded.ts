/**
 * The driver's side of bounded case state (workflows/engine/bounds.ts, docs/security.md): after every change
 * it sends the case's new messages to PostgreSQL through an activity and trims the lists, and it asks for
 * continue-as-new once the history reaches a size in bytes. Behind patched('bounded-case-state'): a run that
 * began before it keeps its messages and lists in the state until it continues as new (its history then
 * replays unchanged); the next run moves the carried messages out first thing.
 */
import { log, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { CaseActivities } from '../activities/types';
import { decisionTotal, takeMessages, trimLists } from './engine/bounds';
import type { CaseState } from './engine/types';

export const BOUNDED_STATE_PATCH = 'bounded-case-state';

/** History size (bytes) at which a case continues as new, unless its start arguments say otherwise. */
export const DEFAULT_HISTORY_BYTES = 4 * 1024 * 1024;

/** Messages must land, like projections: retried without limit, each attempt short. */
const { recordCaseMessage } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

export interface BoundedState {
  /** false: a run that began before bounded state; everything below does nothing. */
  readonly on: boolean;
  /** After every change (and once at start): new messages written out, lists trimmed. */
  afterChange(state: CaseState, track: (work: Promise<void>) => void): void;
  /** Before a projection is written: the decision total of the view it carries. */
  beforeProjection(state: CaseState): number;
  /** After that projection was written: decisions up to `total` may leave the state. */
  afterProjection(state: CaseState, total: number): void;
  /** True once the history is at least the byte limit. */
  historyTooBig(): boolean;
}

/** Call once, first thing in the workflow (the patch marker then leads the history of a new run). */
export function boundedState(historyBytes: number | undefined, carried: boolean): BoundedState {
  const on = patched(BOUNDED_STATE_PATCH);
  const limit = historyBytes ?? DEFAULT_HISTORY_BYTES;
  /** The decision total of the newest view written (-1: not known until the first change). */
  let projectedDecisions = -1;
  return {
    on,
    afterChange(state, track) {
      if (!on) return;
      // A carried bounded state was wholly projected (and its decisions written) before the previous run
      // continued as new; one from before bounded state has none in `case_decisions` yet.
      if (projectedDecisions < 0)
        projectedDecisions = carried && state.bounds !== undefined ? decisionTotal(state) : 0;
      for (const message of takeMessages(state)) {
        track(
          recordCaseMessage(message).catch((error: unknown) =>
            log.error('message not recorded', {
              caseId: message.caseId,
              seq: message.seq,
              error: String(error),
            }),
          ),
        );
      }
      trimLists(state, projectedDecisions);
    },
    beforeProjection: (state) => decisionTotal(state),
    afterProjection(state, total) {
      if (!on) return;
      projectedDecisions = Math.max(projectedDecisions, total);
      trimLists(state, projectedDecisions);
    },
    historyTooBig: () => on && workflowInfo().historySize >= limit,
  };
}
