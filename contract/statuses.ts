/**
 * The statuses of a case and of a task, as plain lists. Zod-free on purpose: the workflow code needs these
 * values (which statuses end the work) and imports this file directly, so zod stays out of the workflow
 * bundle. The zod enums built from them are in case-view.ts and task-view.ts.
 */

/** Every status a case can have (SPEC §4), in the order of a case's life. */
export const CASE_STATUSES = ['open', 'waiting', 'resolved', 'closed', 'rejected', 'cancelled'] as const;
/** A case's status. */
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * The statuses of a case whose work goes on, which a `wait` step may set (`waiting` pauses the clocks when
 * the template's `sla.pauseWhen` says so); every other status ends the work.
 */
export const ONGOING_STATUSES = ['open', 'waiting'] as const satisfies readonly CaseStatus[];
/** A status of a case whose work goes on. */
export type OngoingStatus = (typeof ONGOING_STATUSES)[number];

/**
 * The statuses that end a case's work, which an `end` step of a template may set: every clock stops.
 * `resolved` is among them, but a resolved case still runs (follow-up, survey) and may be reopened.
 */
export const END_STATUSES = [
  'resolved',
  'closed',
  'rejected',
  'cancelled',
] as const satisfies readonly CaseStatus[];
/** A status an `end` step sets. */
export type EndStatus = (typeof END_STATUSES)[number];

/** The final statuses: the case is over for good, takes no more messages and counts as closed in reports. */
export const FINAL_STATUSES = ['closed', 'rejected', 'cancelled'] as const satisfies readonly EndStatus[];
/** A final status. */
export type FinalStatus = (typeof FINAL_STATUSES)[number];

/** Every status a task can have: open in its department's queue, claimed by an agent, then done. */
export const TASK_STATUSES = ['open', 'claimed', 'completed', 'cancelled'] as const;
/** A task's status. */
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Whether a case status ends the case's work (END_STATUSES). */
export const isEndStatus = (status: CaseStatus): status is EndStatus =>
  (END_STATUSES as readonly CaseStatus[]).includes(status);

/** Whether a case status is final (FINAL_STATUSES): `resolved` is not. */
export const isFinalStatus = (status: CaseStatus): status is FinalStatus =>
  (FINAL_STATUSES as readonly CaseStatus[]).includes(status);
