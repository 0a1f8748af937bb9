/**
 * The compiled plan: what a case workflow runs. Compiling a template (definitions/compile.ts) turns the
 * YAML a designer wrote into this plain-JSON shape: ids resolved, durations in milliseconds, percentages as
 * numbers, steps keyed by id. A case receives its plan as workflow input, so the plan is in the case's
 * history and the case is pinned to it for life.
 *
 * This file is the contract between the language (definitions/) and the engine (workflows/engine/):
 * it must stay plain data (no functions, no classes, no Dates, no bigint) and it may only grow.
 */
import type { EndStatus, OngoingStatus } from '../contract/statuses';
import type { FieldType } from '../contract/task-forms';

/** A CEL expression source, checked at validation time and evaluated by the engine. */
export type Expr = string;

export interface Plan {
  apiVersion: 'caseflow/v1';
  name: string;
  version: number;
  title: string;
  description?: string;
  /** sha256 (hex) of the template's source text exactly as published. */
  sha256: string;
  departments: Record<string, PlanDepartment>;
  /** Always contains the built-in `24x7`. */
  calendars: Record<string, PlanCalendar>;
  input: Record<string, PlanInputField>;
  classify: PlanClassifyRule[];
  priority: PlanPriority;
  sla: PlanSla;
  escalations: PlanEscalation[];
  /** The id of the first step. */
  start: string;
  steps: Record<string, PlanStep>;
  continuity: PlanContinuity;
  quality?: PlanQuality;
  /**
   * Learned triage (issue 17): present, the case is scored at intake; with `minConfidence`, a suggestion at
   * or above it routes the case. Absent (no section, `suggestions: off`, every plan compiled before): no
   * scoring at all, so recorded histories replay unchanged.
   */
  suggestions?: PlanSuggestions;
}

export interface PlanSuggestions {
  minConfidence?: number;
}

export interface PlanDepartment {
  id: string;
  title: string;
  /** The department's own calendar: while it holds the case, an OLA clock runs on it. */
  calendar?: string;
  /**
   * The OLA target (business ms on `calendar`) of the department's clock `ola:<id>`. Optional: absent, the
   * OLA clock takes the case's resolution target for its priority. Not yet in the YAML language.
   */
  olaMs?: number;
  /** Ordered support tiers, e.g. ['L1', 'L2']; a task starts at the first unless it names one. */
  tiers: string[];
}

/** Weekdays as luxon numbers them: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface PlanCalendar {
  id: string;
  /** IANA time zone, e.g. Asia/Shanghai. */
  timezone: string;
  /** true for `24x7`: every instant is business time and `hours`/`holidays` are empty. */
  alwaysOpen: boolean;
  /** Opening ranges per weekday in local wall-clock minutes since midnight, sorted, not overlapping. */
  hours: Partial<Record<Weekday, Array<{ startMinute: number; endMinute: number }>>>;
  /** Local dates (YYYY-MM-DD) on which the calendar is closed all day. */
  holidays: string[];
}

/** A field of the case's `attributes` that intake must or may give. */
export interface PlanInputField {
  type: FieldType;
  required: boolean;
  /** Allowed values, for type `enum`. */
  values?: string[];
  default?: string | number | boolean;
  description?: string;
}

export interface PlanClassifyRule {
  /** Absent on the default rule, which is always last. */
  when?: Expr;
  category: string;
  /** The department the case belongs to once classified (its category's department). */
  department?: string;
  tags: string[];
  /** Position in the template's list, for "which rule matched" in timelines and simulate. */
  index: number;
}

export interface PlanLevelRule {
  when?: Expr;
  level: string;
  index: number;
}

export interface PlanPriority {
  /** Priority ids, most urgent first (e.g. P1 … P4). `raise` moves towards index 0. */
  order: string[];
  impact: PlanLevelRule[];
  urgency: PlanLevelRule[];
  /** impact level → urgency level → priority id; covers every pair. */
  matrix: Record<string, Record<string, string>>;
  overrides: Array<{ when: Expr; raise: number; reason: string; index: number }>;
}

export interface PlanSla {
  /** Case statuses during which the clocks do not run (e.g. waiting for the customer). */
  pauseWhen: string[];
  /** Per priority id. */
  targets: Record<string, { responseMs: number; resolutionMs: number; calendar: string }>;
}

export type ClockName = 'response' | 'resolution';

export type EscalationTrigger =
  | { kind: 'clock.at'; clock: ClockName; percent: number }
  | { kind: 'clock.breached'; clock: ClockName }
  | { kind: 'task.unclaimed'; afterMs: number }
  /** A task step's own `after:` rung (PlanTaskStep.escalations). */
  | { kind: 'step.after'; afterMs: number };

export interface PlanEscalation {
  id: string;
  trigger: EscalationTrigger;
  /** Extra delay after the trigger instant before the rung fires (e.g. breached + 2h). */
  delayMs: number;
  /** Only while the case (or the task, for task.unclaimed) is held by one of these departments. */
  departments?: string[];
  /** Only for these tiers. */
  tiers?: string[];
  when?: Expr;
  actions: PlanAction[];
}

export type Channel = 'sms' | 'email' | 'voice' | 'webhook';

/** Who a notification is for: the customer, the department holding the case, the task's assignee, or a department id. */
export type Recipient =
  | { kind: 'customer' }
  | { kind: 'holder' }
  | { kind: 'assignee' }
  | { kind: 'department'; department: string };

export type PlanAction =
  | { kind: 'notify'; to: Recipient; channel: Channel; fallback?: Channel; message: string }
  /** Move the open work to another department and/or tier ('next' = the next tier of the holding department). */
  | { kind: 'reassign'; department?: string; tier?: string }
  | { kind: 'raise'; levels: number }
  | { kind: 'task'; department: string; title: string; instructions?: string; outcomes: string[] };

export interface PlanFormField {
  type: FieldType;
  required: boolean;
  values?: string[];
  /** The field's label for people (the console); its name when absent. */
  title?: string;
  description?: string;
}

export interface PlanOutcome {
  id: string;
  title?: string;
  next: string;
  /** Form fields the agent must/may fill in when completing with this outcome; stored in vars[stepId]. */
  form: Record<string, PlanFormField>;
}

/** A task's department: a fixed id or a CEL expression that yields one (e.g. `case.department`). */
export type DepartmentRef = { kind: 'fixed'; department: string } | { kind: 'expr'; expr: Expr };

interface StepBase {
  id: string;
  title?: string;
}

export interface PlanClassifyStep extends StepBase {
  kind: 'classify';
  next: string;
}

export interface PlanPrioritizeStep extends StepBase {
  kind: 'prioritize';
  next: string;
}

export interface PlanTaskStep extends StepBase {
  kind: 'task';
  title: string;
  instructions?: string;
  department: DepartmentRef;
  tier?: string;
  outcomes: Record<string, PlanOutcome>;
  /** Departments this task may be handed off to (the step's department stays the coordinator). */
  handoff: string[];
  /** Step-level escalation rungs (trigger kind 'step.after' or 'task.unclaimed'). */
  escalations: PlanEscalation[];
}

export interface PlanConsultStep extends StepBase {
  kind: 'consult';
  join: 'all' | 'any';
  tasks: Array<{ id: string; department: string; title: string; instructions?: string; outcomes: string[] }>;
  next: string;
}

export type PlanWaitFor =
  | { kind: 'customer-reply' }
  | { kind: 'signal'; signal: string }
  | { kind: 'duration'; durationMs: number; calendar?: string }
  | { kind: 'until'; at: Expr };

export interface PlanWaitStep extends StepBase {
  kind: 'wait';
  for: PlanWaitFor;
  /** For customer-reply and signal: give up after this long and go to onTimeout. */
  timeoutMs?: number;
  onTimeout?: string;
  /** The case status while waiting; statuses in sla.pauseWhen pause the clocks. */
  status: OngoingStatus;
  next: string;
}

export interface PlanBranch {
  when?: Expr;
  next: string;
  index: number;
  /** A short name for diagrams and timelines (e.g. "major complaint"); optional. */
  label?: string;
}

export interface PlanDecideStep extends StepBase {
  kind: 'decide';
  branches: PlanBranch[];
}

export interface PlanNotifyStep extends StepBase {
  kind: 'notify';
  to: Recipient;
  channel: Channel;
  fallback?: Channel;
  message: string;
  next: string;
}

/**
 * A secret named, never held: the worker reads its value from `CASEFLOW_SECRET_<secret>` at call time, so
 * the value is in no template, plan or history.
 */
export interface SecretRef {
  secret: string;
}

/** A header or query value of a call: literal template text, or a secret by reference. */
export type CallValue = string | SecretRef;

export interface PlanCallStep extends StepBase {
  kind: 'call';
  request: {
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    url: string;
    headers: Record<string, CallValue>;
    /** Query parameters added to the URL by the worker (absent in plans compiled before it existed). */
    query?: Record<string, CallValue>;
    body?: unknown;
  };
  timeoutMs: number;
  retry: {
    maxAttempts: number;
    initialIntervalMs: number;
    backoffCoefficient: number;
    maximumIntervalMs?: number;
  };
  /** The response body is stored in vars[resultVar]. */
  resultVar: string;
  next: string;
  onFailure?: string;
}

export interface PlanFollowUpStep extends StepBase {
  kind: 'follow-up';
  afterMs: number;
  calendar: string;
  department: DepartmentRef;
  title: string;
  instructions?: string;
  outcomes: Record<string, PlanOutcome>;
}

/** A survey question in both languages the customer's pages speak. */
export interface QuestionTexts {
  en: string;
  zh: string;
}

export interface PlanSurveyStep extends StepBase {
  kind: 'survey';
  /**
   * `text` is what the question says (its English when the template gives both languages); `texts` is
   * present only when the template gives the question in zh and en, so plans of earlier templates are
   * unchanged. The customer's survey page asks in the case's language (issue 14).
   */
  questions: Array<{ id: string; text: string; texts?: QuestionTexts; min: number; max: number }>;
  timeoutMs: number;
  /** Evaluated in order on the answers (`survey.<question>`); the last has no `when`. */
  branches: PlanBranch[];
  onTimeout: string;
}

export interface PlanEndStep extends StepBase {
  kind: 'end';
  status: EndStatus;
}

export type PlanStep =
  | PlanClassifyStep
  | PlanPrioritizeStep
  | PlanTaskStep
  | PlanConsultStep
  | PlanWaitStep
  | PlanDecideStep
  | PlanNotifyStep
  | PlanCallStep
  | PlanFollowUpStep
  | PlanSurveyStep
  | PlanEndStep;

export type StepKind = PlanStep['kind'];

export interface PlanContinuity {
  /** A repeat contact from a customer with an open case joins that case instead of opening a new one. */
  mergeOpenCase: boolean;
  /** The next task of a merged case goes to the agent who last handled the case. */
  preferLastHandler: boolean;
}

export interface PlanQuality {
  /** Percentage (0–100) of closed cases sampled into a review task; sampling is a hash of the case id. */
  samplePercent: number;
  department: string;
  title: string;
  outcomes: string[];
}
