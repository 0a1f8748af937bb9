/**
 * The shapes of the case answers the console reads (GET /cases, /cases/{id}, its messages, timeline and
 * replay). Written out here rather than imported from contract/'s zod schemas, which would bring zod into the
 * bundle; the lists (statuses, senders) come from the contract's zod-free files. contract/case-view.ts, contract/clock-view.ts and
 * audit/timeline-types.ts are the reference; the API's contract tests keep them honest.
 */

import type { MessageSender } from '../../contract/case-actions';
import type { Suggestion } from '../../contract/suggestion';
import { CASE_STATUSES, type CaseStatus } from '../../contract/statuses';

/** Every status a case can have, in the order of a case's life: the contract's zod-free list. */
export const caseStatuses = CASE_STATUSES;
export type { CaseStatus };

export interface CaseCustomer {
  id: string;
  name?: string;
  tier?: string;
}

/** An SLA or OLA clock read at `asOf` (contract/clock-view.ts). */
export interface ClockView {
  name: string;
  target: string;
  dueAt?: string;
  usedMs: number;
  remainingMs: number;
  paused: boolean;
  breached: boolean;
  calendar?: string;
  startedAt?: string;
  stoppedAt?: string;
  asOf?: string;
}

export interface CaseTask {
  id: string;
  department: string;
  step: string;
  title: string;
  status: string;
  assignee?: string;
  priority?: string;
  dueAt?: string;
}

export interface EscalationView {
  id: string;
  firedAt: string;
  cause: string;
  actions: string[];
}

/** One line of the engine's decision log. */
export interface Decision {
  at: string;
  step: string;
  what: string;
  why: string;
  by?: string;
}

/** A case as the list and the case page read it. */
export interface CaseView {
  id: string;
  status: CaseStatus;
  template: { name: string; version: number };
  channel: string;
  customer: CaseCustomer;
  subject: string;
  category?: string;
  department?: string;
  /** The learned triage suggestion scored at intake (contract/suggestion.ts). */
  suggestion?: Suggestion;
  priority?: string;
  step?: string;
  tasks: CaseTask[];
  clocks: ClockView[];
  escalations: EscalationView[];
  decisions: Decision[];
  decisionsDropped?: number;
  createdAt: string;
  updatedAt: string;
}

export interface CasePage {
  items: CaseView[];
  total: number;
}

export interface CaseMessage {
  seq: number;
  at: string;
  from: MessageSender;
  by: string;
  text: string;
}

export interface MessagePage {
  items: CaseMessage[];
  total: number;
  nextCursor?: string;
}

/** One line of the readable timeline (audit/timeline-types.ts). */
export interface TimelineEntry {
  at: string;
  kind: string;
  who: { kind: 'principal' | 'rule' | 'timer' | 'clock' | 'system'; name: string };
  what: string;
  why?: string;
  step?: string;
}

export interface Timeline {
  caseId: string;
  entries: TimelineEntry[];
}

/** POST /cases/{id}/replay: whether today's workflow code takes the recorded run's decisions. */
export interface ReplayVerdict {
  caseId: string;
  deterministic: boolean;
  divergence?: string;
  errorType?: string;
  events: number;
}

/**
 * The decision that set the case's priority as it stands: the newest `priority …` line (the assessment, an
 * override, an escalation or a repeat contact raising it). Undefined when the bounded decision log has
 * dropped it (the timeline still has it).
 */
export function priorityDecision(view: Pick<CaseView, 'decisions'>): Decision | undefined {
  return [...view.decisions].reverse().find((d) => /^priority (?!stays\b)/.test(d.what));
}
