/**
 * The case engine's data: the state it keeps, the events it accepts and the commands it emits. Everything
 * here is plain JSON (no Dates, no classes, no bigint) because the state travels through Temporal payloads
 * and continue-as-new, and because `caseflow simulate` and the unit tests run the very same engine.
 */
import type { Channel, ClockName } from '../../definitions/plan';
import type { BusinessCallRequest, NotificationRequest, SurveyLinkRequest } from '../../activities/types';
import type { Decision, MessageSender, Suggestion, TemplateRef } from '../../contract';
import type { CaseInput, CaseStatus, Principal, SurveyLinkClaims, TaskStatus } from '../messages';
import type { SlaClock } from '../time';
import type { EscalationCause } from './escalation-cause';
import type { StateBounds } from './bounds';

/** What the driver supplies to every engine call: the engine has no clock of its own (determinism). */
export interface EngineContext {
  /** Epoch milliseconds (workflow time in Temporal, virtual time in simulate). */
  now: number;
  /**
   * A survey sends its link's claims with the notification, whose activity signs the token at delivery, so
   * no token enters the history (patch `survey-link-at-delivery`, docs/security.md "Survey links"). Unset: the
   * link is signed by the issueSurveyLink activity first, as cases recorded before replay it.
   */
  signSurveyLinkAtDelivery?: boolean;
}

/** One line of the decision log: what the engine did, why (which rule, outcome or timer), and who acted. */
export type { Decision } from '../../contract';

/**
 * Where a task came from: the step that owns it, the quality sampling at close, or an escalation rung's
 * `task` action (a side task, e.g. a management review, that does not move the flow).
 */
export type TaskOrigin = 'step' | 'consult' | 'quality' | 'escalation';

export interface TaskRecord {
  id: string;
  step: string;
  origin: TaskOrigin;
  /** For consult tasks: the id of the consult entry (PlanConsultStep.tasks[].id). */
  entry?: string;
  department: string;
  coordinator?: string;
  tier?: string;
  title: string;
  instructions?: string;
  status: TaskStatus;
  assignee?: string;
  outcomes: string[];
  outcome?: string;
  form?: Record<string, unknown>;
  note?: string;
  createdAt: string;
  updatedAt: string;
  /** Timings for escalations (task.unclaimed, step.after): set while claimed; cleared on release. */
  claimedAt?: string;
  /** When the task last became unclaimed in its current queue (release, handoff, reassignment). */
  unclaimedSince?: string;
  /** When it was completed or cancelled. */
  closedAt?: string;
}

/** Where the current step stands; one variant per kind of step that waits for something. */
export type StepCursor =
  | { kind: 'none' }
  | { kind: 'task'; taskId: string }
  | { kind: 'consult'; taskIds: string[] }
  | { kind: 'wait'; until?: number; timeoutAt?: number }
  | { kind: 'call'; key: string }
  | { kind: 'follow-up-delay'; wakeAt: number }
  | { kind: 'follow-up-task'; taskId: string }
  | { kind: 'survey'; key: string; deadline: number; url?: string }
  | { kind: 'review'; taskId: string }
  | { kind: 'done' };

/** The search attributes a case keeps current (workflows/search-attributes.ts). */
export interface CaseSearchAttributes {
  status: CaseStatus;
  priority?: string;
  category?: string;
  department?: string;
  template: string;
  version: number;
  customer: string;
}

export interface CaseMessage {
  at: string;
  from: MessageSender;
  text: string;
  by: string;
}

/** One escalation rung that fired: what caused it and what it did (CaseView.escalations, the timeline). */
export interface EscalationRecord {
  /** The rung's id (PlanEscalation.id). */
  rung: string;
  /** The firing key recorded in CaseState.firedRungs (once per clock run or per task). */
  key: string;
  /** `case` for the plan's ladder, else the step whose own rungs it came from. */
  scope: string;
  /** ISO instant it fired (may be later than `dueAt` when the worker was down). */
  firedAt: string;
  /** ISO instant it became due. */
  dueAt: string;
  cause: EscalationCause;
  /** E.g. "resolution clock breached + 2h". */
  description: string;
  /** What each action did, readable: "notify management by email", "reassign t-2 to technical/L2". */
  actions: string[];
}

/** The whole state of one case. Carried by continue-as-new as is. */
export interface CaseState {
  caseId: string;
  template: TemplateRef;
  input: CaseInput;
  openedBy: Principal;
  createdAt: string;
  updatedAt: string;
  status: CaseStatus;
  /** True once the case has ended and nothing is left to do (the driver may finish the workflow). */
  finished: boolean;
  category?: string;
  /** The department that holds the case (classification, then handoffs). */
  department?: string;
  tags: string[];
  priority?: string;
  levels?: { impact: string; urgency: string };
  step?: string;
  cursor: StepCursor;
  /** How often each step has been entered: part of idempotency keys (`<caseId>/<step>/<visit>`). */
  visits: Record<string, number>;
  tasks: TaskRecord[];
  /** Sequence behind task ids `${caseId}-t${n}`: deterministic and never reused. */
  taskSeq: number;
  vars: Record<string, unknown>;
  survey?: Record<string, unknown>;
  /** Emptied by the driver after every event once the state is bounded (engine/bounds.ts): kept in PostgreSQL. */
  messages: CaseMessage[];
  /** Counts and times that replace the lists a bounded state no longer keeps whole; absent before it. */
  bounds?: StateBounds;
  /** The agent who last completed a task of this case (continuity: the next task prefers them). */
  lastHandler?: string;
  /**
   * The departments the last handler was an agent of when completing (their departments and leads, from the
   * update; none for someone who is no agent). Absent in cases whose last completion predates it.
   */
  lastHandlerDepartments?: string[];
  /** Set by a merged repeat contact: the next task opened goes to this agent. */
  preferAssignee?: string;
  /**
   * Set with preferAssignee by a repeat contact (patch `prefer-handler-department`): the next task goes to
   * that agent only when its department is one of these, else it stays in its queue. Absent: any department.
   */
  preferAssigneeDepartments?: string[];
  decisions: Decision[];
  /** The learned triage suggestion scored at intake (issue 17); `used` once the classify step routed by it. */
  suggestion?: Suggestion;
  /** SLA and OLA clocks by name (`response`, `resolution`, `ola:<department>`); see engine/sla.ts. */
  clocks: Record<string, SlaClock>;
  /** When the first response happened (ISO): it stopped the response clock (engine/sla.ts). */
  respondedAt?: string;
  /** Escalation rungs that fired, in order. */
  escalations: EscalationRecord[];
  /**
   * Firing keys already handled: rungs (fired, or skipped because their `when` was false) and clock
   * breaches noted in the decision log. Each key is acted on once, ever.
   */
  firedRungs: string[];
  revision: number;
  /** The attributes last sent to Temporal, so an upsert is emitted only when they change. */
  searchAttributes?: CaseSearchAttributes;
}

/** Events the driver feeds the engine: updates and signals from people, and results of its own commands. */
export type CaseEvent =
  | {
      kind: 'task.claim';
      taskId: string;
      principal: Principal;
      /** A claim recorded before the claim rules (patch `claim-handoff-rules`): replayed without them. */
      legacy?: boolean;
    }
  | { kind: 'task.release'; taskId: string; principal: Principal }
  | {
      kind: 'task.complete';
      taskId: string;
      outcome: string;
      form?: Record<string, unknown>;
      note?: string;
      principal: Principal;
      /** A completion recorded before the completion rules (patch `completion-rules`): replayed without them. */
      legacy?: boolean;
    }
  | {
      kind: 'task.handoff';
      taskId: string;
      department: string;
      reason: string;
      principal: Principal;
      /** A handoff recorded before the handoff rules (patch `claim-handoff-rules`): replayed without them. */
      legacy?: boolean;
    }
  | {
      kind: 'task.reassign';
      taskId: string;
      assignee?: string;
      department?: string;
      principal: Principal;
      /** The assignee's departments per the principals file, `unknown` when nobody has that name. */
      assigneeDepartments?: string[] | 'unknown';
      /** A reassign recorded before the reassign rules (patch `reassign-rules`): replayed without them. */
      legacy?: boolean;
    }
  | { kind: 'case.cancel'; reason: string; principal: Principal }
  | {
      kind: 'customer.message';
      from: MessageSender;
      text: string;
      /** What the decision log shows of a sealed text (its first 80 characters, sealed apart); else a slice. */
      excerpt?: string;
      principal: Principal;
    }
  /** A repeat contact merged into this open case (continuity). */
  | {
      kind: 'customer.contact';
      input: CaseInput;
      principal: Principal;
      /**
       * A repeat contact recorded before patch `prefer-handler-department`: the last handler is preferred
       * whatever the department of the next task, as it was.
       */
      legacy?: boolean;
    }
  | { kind: 'signal'; name: string; payload?: unknown; principal: Principal }
  | {
      kind: 'survey.submit';
      answers: Record<string, unknown>;
      principal: Principal;
      /** The link's binding (absent in answers recorded before links were bound): must name this survey. */
      link?: SurveyLinkClaims;
    }
  | { kind: 'survey.link-issued'; key: string; token: string; url: string }
  | { kind: 'call.succeeded'; key: string; status: number; body: unknown }
  | { kind: 'call.failed'; key: string; error: string }
  /** The driver's timer reached nextWakeAt(): the engine acts on everything due at ctx.now. */
  | { kind: 'wake' };

export type CaseEventKind = CaseEvent['kind'];

/** Retry policy of a `call` step, in the engine's terms (the driver maps it to Temporal's). */
export interface CallRetry {
  maxAttempts: number;
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs?: number;
}

/**
 * Side effects the engine asks for. Timers are not commands: the driver asks nextWakeAt(state) after every
 * change and keeps one timer to that instant, so a wake can never be lost or duplicated across
 * continue-as-new (SLA clocks and escalations will add their instants there).
 */
export type CaseCommand =
  /** Write the case view and its tasks to the projections (the current state, at least this revision). */
  | { kind: 'project'; revision: number }
  | { kind: 'upsert-search-attributes'; attributes: CaseSearchAttributes }
  | { kind: 'notify'; request: NotificationRequest }
  | { kind: 'call'; key: string; step: string; request: BusinessCallRequest; retry: CallRetry }
  | { kind: 'issue-survey-link'; key: string; request: SurveyLinkRequest }
  /** The case has finished: the driver ends the workflow once its projections are written. */
  | { kind: 'complete-case'; status: CaseStatus };

export type CaseCommandKind = CaseCommand['kind'];

/** Why an event was refused; the driver maps `type` to CaseErrorTypes (409, 422, 403, 404). */
export interface Rejection {
  type: 'Conflict' | 'Invalid' | 'Forbidden' | 'NotFound';
  message: string;
  /** The request field the refusal is about (`assignee`, `department`), for the API's problem document. */
  field?: string;
}

export type EngineResult =
  { ok: true; state: CaseState; commands: CaseCommand[] } | { ok: false; rejection: Rejection };

/** Re-exported for step files that build notifications. */
export type { Channel, ClockName };
