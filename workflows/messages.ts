/**
 * The case workflow's messages: the signals, updates and queries the API sends it and the arguments it
 * starts with. The shapes they carry (input, views, update and signal arguments) are the case contract's
 * (contract/), written once as zod schemas; this file names the Temporal definitions that carry them.
 * Everything here is plain JSON: it travels through Temporal payloads.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Plan } from '../definitions/plan';

// The shapes are the case contract's (contract/): imported as types only, so zod stays out of the
// workflow bundle, and re-exported under the names the rest of the code has always used.
import type {
  CancelCaseArgs,
  CaseClosedArgs,
  CaseMigration,
  CaseInput,
  CaseSignalArgs,
  CaseStatus,
  CaseView,
  CompleteTaskArgs,
  CustomerContactArgs,
  CustomerMessageArgs,
  HandoffTaskArgs,
  Principal,
  ReassignTaskArgs,
  StepMap,
  SubmitSurveyArgs,
  TaskActionBase,
  TaskView,
  TemplateRef,
} from '../contract';

export type {
  CancelCaseArgs,
  CaseInput,
  CaseSignalArgs,
  CaseStatus,
  CaseView,
  ChannelName,
  ClockView,
  CompleteTaskArgs,
  Customer,
  CustomerContactArgs,
  CustomerMessageArgs,
  EscalationView,
  HandoffTaskArgs,
  Principal,
  ReassignTaskArgs,
  SubmitSurveyArgs,
  SurveyLinkClaims,
  TaskActionBase,
  TaskStatus,
  TaskView,
  TemplateRef,
} from '../contract';

/**
 * The case workflow's arguments: the case, the template version it runs, what it was opened with and by whom.
 * The version is named by reference (`template`): the case loads its compiled plan once at the start of each
 * run through the local activity `loadPlan` (docs/architecture.md, "How a case gets its plan"). Runs started
 * before issue 13 carry the plan itself (`plan`), and a workflow started by hand (tests) may too: with a
 * `plan`, no activity runs. One of the two is always there.
 */
export interface StartCaseArgs {
  caseId: string;
  /** The published template version, by reference (name, version, sha256); the plan is loaded. */
  template?: TemplateRef;
  /** The compiled plan inline: histories from before issue 13, and tests. */
  plan?: Plan;
  input: CaseInput;
  openedBy: Principal;
  /** ISO instant the API accepted the case; createdAt of the case. */
  openedAt: string;
  /** Carried over by continue-as-new; absent on a first start. */
  carried?: unknown;
  /**
   * Continue-as-new once the history has this many events (besides Temporal's own suggestion). For tests
   * and for operators who want shorter histories; absent = only when Temporal suggests it.
   */
  continueAsNewAtHistoryLength?: number;
  /** Continue-as-new once the history is this many bytes; absent = 4 MiB (docs/security.md). */
  continueAsNewAtHistoryBytes?: number;
}

/**
 * What the case's updates and the workflow itself answer (issue 13, docs/performance.md): a case's history
 * records every Update's result and the workflow's result, and these used to be the whole case view (5–7 KB
 * each). Now a task action answers the task after it, the other updates and the workflow the case's status
 * and revision; the API reads anything more from the projection. Runs of older code answered the whole
 * CaseView, which their histories keep: readers accept both (isCaseView).
 */
export interface CaseRevision {
  caseId: string;
  status: CaseStatus;
  /** The revision the answer is about; already projected when an update answers. */
  revision: number;
}
/** A task action's answer: the task after it, or the case's whole view when the task is no longer in it. */
export type TaskActionAnswer = (CaseRevision & { task: TaskView }) | CaseView;
/** Cancel's and the survey's answer, and the workflow's result. */
export type CaseAnswer = CaseRevision | CaseView;
/** A whole case view (an answer of older code, or a task action's whole-view answer), not a compact one. */
export const isCaseView = (answer: unknown): answer is CaseView =>
  typeof answer === 'object' && answer !== null && Array.isArray((answer as { tasks?: unknown }).tasks);

export const claimTaskUpdate = defineUpdate<TaskActionAnswer, [TaskActionBase]>('claimTask');
export const releaseTaskUpdate = defineUpdate<TaskActionAnswer, [TaskActionBase]>('releaseTask');
export const completeTaskUpdate = defineUpdate<TaskActionAnswer, [CompleteTaskArgs]>('completeTask');
export const handoffTaskUpdate = defineUpdate<TaskActionAnswer, [HandoffTaskArgs]>('handoffTask');
export const reassignTaskUpdate = defineUpdate<TaskActionAnswer, [ReassignTaskArgs]>('reassignTask');
export const cancelCaseUpdate = defineUpdate<CaseAnswer, [CancelCaseArgs]>('cancelCase');
export const customerMessageSignal = defineSignal<[CustomerMessageArgs]>('customerMessage');
export const caseStateQuery = defineQuery<CaseView>('caseState');
export const caseSignal = defineSignal<[CaseSignalArgs]>('caseSignal');
export const submitSurveyUpdate = defineUpdate<CaseAnswer, [SubmitSurveyArgs]>('submitSurvey');
export const customerContactSignal = defineSignal<[CustomerContactArgs]>('customerContact');
/**
 * Moving an open case to another version of its template (issue 15, docs/migration.md). The API reads the
 * target version's compiled plan from the registry and sends it whole: the validator checks the move against
 * it with no activity, and replay applies the very plan the move was checked against. The query answers the
 * same check and changes nothing (the dry run); the update moves the case and answers what it did.
 */
export interface MigrateCaseArgs {
  plan: Plan;
  stepMap?: StepMap;
  /** Old step ids whose cases enter their target step afresh instead of keeping their place. */
  reenter?: string[];
  principal: Principal;
}
export const migrateCaseUpdate = defineUpdate<CaseMigration, [MigrateCaseArgs]>('migrateCase');
export const migrationCheckQuery = defineQuery<CaseMigration, [MigrateCaseArgs]>('migrationCheck');
/** Sent by a case to the customer workflow that started it, when the case ends. */
export const caseClosedSignal = defineSignal<[CaseClosedArgs]>('caseClosed');

/** Error types the update validators throw (ApplicationFailure type), mapped to HTTP status by the API. */
export const CaseErrorTypes = {
  /** The task or case is not in a state that allows this (closed task, finished case): 409. */
  Conflict: 'CaseConflict',
  /** The request names something the step does not have (outcome, form field, department): 422. */
  Invalid: 'CaseInvalid',
  /** The principal may not do this (not the assignee, not its department): 403. */
  Forbidden: 'CaseForbidden',
  /** No such task on this case: 404. */
  NotFound: 'CaseNotFound',
} as const;

/** Workflow id of a case (SPEC §6: a case with id X runs as workflow `case-X`). */
export const caseWorkflowId = (caseId: string): string => `case-${caseId}`;

/**
 * Continuity (SPEC §3, §5): every contact goes through the customer's workflow `customer-<customerId>`, so
 * two contacts of one customer can never both open a case. The API calls `openOrJoinCase` with
 * updateWithStart (conflict policy USE_EXISTING); see docs/engine.md.
 */
export interface OpenOrJoinCaseArgs {
  /** The id a new case gets; unused when the contact joins an open case. Repeating it is idempotent. */
  caseId: string;
  /** The template version a new case runs, by reference (the case loads the plan; see StartCaseArgs). */
  template?: TemplateRef;
  /** The plan's `continuity.mergeOpenCase`: whether the contact joins the customer's open case. */
  mergeOpenCase?: boolean;
  /** The compiled plan inline, instead of the two above: contacts from before issue 13, and tests. */
  plan?: Plan;
  input: CaseInput;
  openedBy: Principal;
  openedAt: string;
}
export interface OpenOrJoinCaseResult {
  /** The new case, or the open case the contact joined. */
  caseId: string;
  /** true: the contact joined an open case (POST /cases answers 200 with `merged: true`). */
  merged: boolean;
}
export interface CustomerWorkflowArgs {
  customerId: string;
  /** Carried over by continue-as-new. */
  carried?: unknown;
  /** How long the workflow stays after its last case closed; default 24h (absorbs late repeat contacts). */
  idleMs?: number;
}
export const openOrJoinCaseUpdate = defineUpdate<OpenOrJoinCaseResult, [OpenOrJoinCaseArgs]>(
  'openOrJoinCase',
);
/** The cases of a customer that are open right now (newest last). */
export const openCasesQuery = defineQuery<string[]>('openCases');
/** Workflow id of a customer's continuity workflow. */
export const customerWorkflowId = (customerId: string): string => `customer-${customerId}`;
