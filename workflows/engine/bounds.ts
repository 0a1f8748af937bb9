/**
 * Bounded case state (issue 11, item 6; docs/security.md "Bounded case state"). A case may receive any number
 * of messages and live long enough to take any number of decisions, but its state travels whole through
 * every continue-as-new, query answer, update result and projection input, so it must stay bounded:
 *
 * - messages leave the state: the driver hands each one to the `recordCaseMessage` activity (PostgreSQL
 *   table `case_messages`, keyed by case id and sequence number) and the state keeps only counts and times;
 * - the decision log keeps its newest `decisions` entries once older ones are in a written projection (the
 *   projection activity appends every decision to `case_decisions`, so reports and the timeline still read
 *   the whole log), and counts the dropped;
 * - the escalation records keep their newest `escalations` entries (each firing is in the decision log too).
 *
 * Pure functions on the state, so the unit tests and the driver run the very same code.
 */
import type { MessageSender } from '../../contract';
import type { CaseState } from './types';

/** What a bounded state keeps instead of the whole lists (CaseState.bounds). */
export interface StateBounds {
  /** Messages the case received in all (their sequence numbers are 1…messages). */
  messages: number;
  /** When the newest message arrived (ISO). */
  lastMessageAt?: string;
  /** When the newest customer message arrived (ISO). */
  lastCustomerMessageAt?: string;
  /** Oldest decisions no longer in CaseState.decisions (the full log is in `case_decisions`). */
  droppedDecisions: number;
  /** Oldest escalation records no longer in CaseState.escalations. */
  droppedEscalations: number;
}

/** One message as the `recordCaseMessage` activity writes it; (caseId, seq) makes a repeat a no-op. */
export interface CaseMessageRecord {
  caseId: string;
  /** 1, 2, 3… per case, in the order the workflow received them. */
  seq: number;
  at: string;
  from: MessageSender;
  by: string;
  text: string;
}

export interface StateLimits {
  decisions: number;
  escalations: number;
}

/** Newest decisions and escalation records a state keeps (a decision is a few hundred bytes at most). */
export const STATE_LIMITS: StateLimits = { decisions: 100, escalations: 50 };

const boundsOf = (state: CaseState): StateBounds =>
  (state.bounds ??= { messages: 0, droppedDecisions: 0, droppedEscalations: 0 });

/**
 * Takes the messages the engine appended out of the state and numbers them; the caller writes them out.
 * A state carried over from before bounded state (messages still inside) gives them all up the first time.
 */
export function takeMessages(state: CaseState): CaseMessageRecord[] {
  const bounds = boundsOf(state);
  const taken = state.messages.map((m) => {
    bounds.messages += 1;
    bounds.lastMessageAt = m.at;
    if (m.from === 'customer') bounds.lastCustomerMessageAt = m.at;
    return { caseId: state.caseId, seq: bounds.messages, at: m.at, from: m.from, by: m.by, text: m.text };
  });
  state.messages = [];
  return taken;
}

/** Decisions the case took in all: the dropped ones and those still in the state. */
export const decisionTotal = (state: CaseState): number =>
  (state.bounds?.droppedDecisions ?? 0) + state.decisions.length;

/**
 * Drops the oldest decisions beyond `limits.decisions`, but only those a written projection carried
 * (`projectedDecisions`: the decisionTotal of the newest view written), so none is lost to `case_decisions`;
 * and the oldest escalation records beyond `limits.escalations`.
 */
export function trimLists(state: CaseState, projectedDecisions: number, limits = STATE_LIMITS): void {
  const bounds = boundsOf(state);
  const written = Math.max(0, projectedDecisions - bounds.droppedDecisions);
  const drop = Math.min(written, state.decisions.length - limits.decisions);
  if (drop > 0) {
    state.decisions = state.decisions.slice(drop);
    bounds.droppedDecisions += drop;
  }
  const extra = state.escalations.length - limits.escalations;
  if (extra > 0) {
    state.escalations = state.escalations.slice(extra);
    bounds.droppedEscalations += extra;
  }
}
