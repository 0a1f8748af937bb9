/**
 * The driver's side of bounded case state (workflows/engine/bounds.ts, docs/security.md): after every change
 * it sends the case's new messages to PostgreSQL through an activity and trims the lists, and it asks for
 * continue-as-new once the history reaches a size in bytes. Behind patched('bounded-case-state'): a run that
 * began before it keeps its messages and lists in the state until it continues as new (its history then
 * replays unchanged); the next run moves the carried messages out first thing.
 *
 * Message writes in flight are bounded too (patched('bounded-message-writes')): a workflow task that took
 * a burst of signals scheduled one activity per message, each carrying its text, and a completion over
 * gRPC's 4 MB limit fails for good — every retry takes the same signals and more. The writes now queue, in
 * order, and at most MESSAGE_WRITE_BUDGET characters of them are under way at once.
 */
import { patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { CaseActivities } from '../activities/types';
import { decisionTotal, takeMessages, trimLists } from './engine/bounds';
import type { CaseMessageRecord } from './engine/bounds';
import type { CaseState } from './engine/types';
import { caseLog } from './case-log';

export const BOUNDED_STATE_PATCH = 'bounded-case-state';
export const BOUNDED_MESSAGE_WRITES_PATCH = 'bounded-message-writes';

/**
 * Characters of message records (JSON) being written at once. A workflow task's completion carries the
 * inputs of the activities it schedules; gRPC refuses one over 4 MB. A character is at most 3 bytes of
 * UTF-8, so the messages' share stays under 1.5 MB whatever the script (25 messages of 20 000 characters).
 */
export const MESSAGE_WRITE_BUDGET = 512 * 1024;

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
export function boundedState(
  historyBytes: number | undefined,
  carried: boolean,
  /** A lean run (case.workflow.ts, LEAN_HISTORY) began after both patches below: it asks neither. */
  lean = false,
): BoundedState {
  const on = lean || patched(BOUNDED_STATE_PATCH);
  const write =
    on && (lean || patched(BOUNDED_MESSAGE_WRITES_PATCH))
      ? messageWriter(MESSAGE_WRITE_BUDGET)
      : recordCaseMessage;
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
          write(message).catch((error: unknown) =>
            caseLog.error('message not recorded', {
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

/**
 * recordCaseMessage, at most `budget` characters of records under way at once (one larger record goes
 * alone), in the order the case received them. Deterministic: the queue moves only when a write settles.
 */
export function messageWriter(budget: number): (message: CaseMessageRecord) => Promise<void> {
  const queue: { message: CaseMessageRecord; size: number; settle: (work: Promise<void>) => void }[] = [];
  let writing = 0;
  const pump = (): void => {
    for (let next = queue[0]; next && (writing === 0 || writing + next.size <= budget); next = queue[0]) {
      queue.shift();
      const { size } = next;
      writing += size;
      const work = recordCaseMessage(next.message);
      next.settle(work);
      void work
        .catch(() => undefined)
        .then(() => {
          writing -= size;
          pump();
        });
    }
  };
  return (message) =>
    new Promise<void>((resolve, reject) => {
      queue.push({
        message,
        size: JSON.stringify(message).length,
        settle: (work) => {
          void work.then(resolve, reject);
        },
      });
      pump();
    });
}
