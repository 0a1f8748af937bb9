/**
 * The case workflow's public contract: its input, the signals, updates and queries the API sends it, and
 * the views it answers with. Shared by the workflow (workflows/case.workflow.ts) and the API (api/), so the
 * two cannot drift. Everything here is plain JSON: it travels through Temporal payloads.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Plan } from '../definitions/plan';

/** Who acted: recorded on every signal and update so the history says who did what (SPEC §7). */
export interface Principal {
  name: string;
  roles: string[];
  /** The departments the principal is an agent of (auth file), sent with task actions. */
  departments?: string[];
  /** The departments the principal leads (auth file `leads`), sent with task actions. */
  leads?: string[];
}

export type CaseStatus = 'open' | 'waiting' | 'resolved' | 'closed' | 'rejected' | 'cancelled';
export type TaskStatus = 'open' | 'claimed' | 'completed' | 'cancelled';
export type ChannelName = 'phone' | 'web' | 'email' | 'chat' | 'app' | 'social' | 'self-service' | 'walk-in';

export interface Customer {
  id: string;
  name?: string;
  tier?: 'standard' | 'gold' | 'vip';
  phone?: string;
  email?: string;
}

/** What intake gave, after validation against the template's `input`. */
export interface CaseInput {
  channel: ChannelName;
  customer: Customer;
  subject: string;
  description: string;
  attributes: Record<string, unknown>;
  /** Set by intake when the customer is on the blocklist in `flag` mode. */
  flags?: string[];
}

export interface StartCaseArgs {
  caseId: string;
  plan: Plan;
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

export interface TaskView {
  id: string;
  caseId: string;
  department: string;
  /** The department that coordinates the case while this task is handed off (SPEC §5). */
  coordinator?: string;
  tier?: string;
  step: string;
  title: string;
  instructions?: string;
  status: TaskStatus;
  assignee?: string;
  priority?: string;
  /** Position of `priority` in the plan's priority order (0 = most urgent), so inboxes sort by it. */
  priorityRank?: number;
  dueAt?: string;
  outcomes: string[];
  form?: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** An SLA or OLA clock of the case (docs/time.md). */
export interface ClockView {
  /** `response`, `resolution` or `ola:<department>`. */
  name: string;
  /** The business time allowed, as an ISO-8601 duration in hours (`PT9H`). */
  target: string;
  /** When the target runs out if the clock keeps running; absent while paused (unless already used up). */
  dueAt?: string;
  /** Business time used so far (or until it stopped); may exceed the target. */
  usedMs: number;
  /** Business time left, 0 once used up. */
  remainingMs: number;
  paused: boolean;
  breached: boolean;
  /** The calendar it counts on now. */
  calendar?: string;
  startedAt?: string;
  /** Set once stopped: the first response (response clock) or the end of the work. */
  stoppedAt?: string;
  /**
   * The instant usedMs, remainingMs and breached were read at: the workflow time of the case's last
   * activation (Temporal does not advance workflow time for a query). Every due instant, rung and breach
   * wakes the case, so `breached` flips on time; between events a running clock has used more than shown.
   */
  asOf?: string;
}

/** An escalation rung that fired: which rule and why. */
export interface EscalationView {
  /** The rung's id in the template. */
  id: string;
  firedAt: string;
  /** Readable cause: "resolution clock at 80%", "task C1-t2 (technical/L1) unclaimed for 30m". */
  cause: string;
  /** What each action did: "notify management by email", "reassign C1-t2 to technical/L2". */
  actions: string[];
  /** When it became due (earlier than firedAt only when noticed late, e.g. after a worker outage). */
  dueAt?: string;
  /** `case` (the template's ladder) or the step whose own rung it was. */
  scope?: string;
  trigger?: 'clock.at' | 'clock.breached' | 'task.unclaimed' | 'step.after';
  /** The clock (clock rungs). */
  clock?: string;
  /** The task (task rungs). */
  taskId?: string;
}

export interface CaseView {
  id: string;
  status: CaseStatus;
  template: { name: string; version: number; sha256: string };
  channel: ChannelName;
  customer: Customer;
  subject: string;
  category?: string;
  department?: string;
  priority?: string;
  tags: string[];
  step?: string;
  tasks: TaskView[];
  clocks: ClockView[];
  escalations: EscalationView[];
  vars: Record<string, unknown>;
  /** Each decision the engine took and why (which rule matched), in order. */
  decisions: Array<{ at: string; step: string; what: string; why: string; by?: string }>;
  /**
   * Bounded state (docs/security.md): the oldest decisions and escalations left out of `decisions` and
   * `escalations` (the whole decision log is in the timeline), and the messages received; absent on a case
   * that runs code from before.
   */
  decisionsDropped?: number;
  escalationsDropped?: number;
  messageCount?: number;
  lastCustomerMessageAt?: string;
  /**
   * The survey the case waits on: its step, occurrence (`<case>/<step>/<visit>`) and deadline (the expiry of
   * its link). GET /survey/{token} refuses a link of another survey with it (docs/security.md, Survey links).
   */
  awaitingSurvey?: { stepId: string; surveyKey: string; expiresAt: string };
  createdAt: string;
  updatedAt: string;
  /** Increases with every change; projections keep the newest. */
  revision: number;
}

export interface TaskActionBase {
  taskId: string;
  principal: Principal;
}
export interface CompleteTaskArgs extends TaskActionBase {
  outcome: string;
  form?: Record<string, unknown>;
  note?: string;
}
export interface HandoffTaskArgs extends TaskActionBase {
  department: string;
  reason: string;
}
export interface ReassignTaskArgs extends TaskActionBase {
  assignee?: string;
  department?: string;
  /**
   * The departments of `assignee` as the API's principals file has them (only an agent's), or `unknown`
   * when no principal has that name: the engine decides whether the assignee may take the task.
   */
  assigneeDepartments?: string[] | 'unknown';
}
export interface CustomerMessageArgs {
  from: 'customer' | 'agent';
  text: string;
  principal: Principal;
  at: string;
}
export interface CancelCaseArgs {
  reason: string;
  principal: Principal;
}

/** A named signal a `wait` step may wait for (`for: { signal: <name> }`); the payload lands in vars[stepId]. */
export interface CaseSignalArgs {
  name: string;
  payload?: unknown;
  principal: Principal;
}
/** The customer's survey answers: each question's integer score (min…max, 1–5 by default), optional comment. */
export interface SubmitSurveyArgs {
  answers: Record<string, number | string>;
  principal: Principal;
  /** What the signed link names (the API checked its signature): answers only the survey it was sent for. */
  link?: SurveyLinkClaims;
}
/** A survey link's binding: its step, its occurrence (`<case>/<step>/<visit>`, absent on older links), expiry. */
export interface SurveyLinkClaims {
  stepId: string;
  surveyKey?: string;
  expiresAt: string;
}
/** A repeat contact that joined this open case (continuity, SPEC §5); sent by the customer workflow. */
export interface CustomerContactArgs {
  input: CaseInput;
  principal: Principal;
  at: string;
}

export const claimTaskUpdate = defineUpdate<CaseView, [TaskActionBase]>('claimTask');
export const releaseTaskUpdate = defineUpdate<CaseView, [TaskActionBase]>('releaseTask');
export const completeTaskUpdate = defineUpdate<CaseView, [CompleteTaskArgs]>('completeTask');
export const handoffTaskUpdate = defineUpdate<CaseView, [HandoffTaskArgs]>('handoffTask');
export const reassignTaskUpdate = defineUpdate<CaseView, [ReassignTaskArgs]>('reassignTask');
export const cancelCaseUpdate = defineUpdate<CaseView, [CancelCaseArgs]>('cancelCase');
export const customerMessageSignal = defineSignal<[CustomerMessageArgs]>('customerMessage');
export const caseStateQuery = defineQuery<CaseView>('caseState');
export const caseSignal = defineSignal<[CaseSignalArgs]>('caseSignal');
export const submitSurveyUpdate = defineUpdate<CaseView, [SubmitSurveyArgs]>('submitSurvey');
export const customerContactSignal = defineSignal<[CustomerContactArgs]>('customerContact');
/** Sent by a case to the customer workflow that started it, when the case ends. */
export const caseClosedSignal = defineSignal<[{ caseId: string; status: CaseStatus }]>('caseClosed');

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
  plan: Plan;
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
