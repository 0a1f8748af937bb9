/**
 * A recorded case as the backtest reads it: its last projected view, its whole decision log, its tasks'
 * forms and its messages' full texts (db/recorded-cases.ts reads them from the projections; the unit tests
 * build them from a simulated case's state).
 */
import type { CaseView, Decision, MessageSender } from '../contract';

/** One message of the case, in the order it arrived. */
export interface RecordedMessage {
  seq: number;
  at: string;
  from: MessageSender;
  text: string;
}

/** What the backtest needs of a task: the step it belongs to and the form it was completed with. */
export interface RecordedTask {
  id: string;
  step: string;
  form?: Record<string, unknown>;
}

export interface RecordedCase {
  view: CaseView;
  /** The whole decision log, oldest first. */
  decisions: Decision[];
  tasks: RecordedTask[];
  messages: RecordedMessage[];
}

/**
 * Whether the recorded case's work is over: it reached an end step (steps/end.ts logs `case <status>`
 * because `end step <id>`) or was cancelled, and has no active task left (a quality review keeps a case
 * going after its end step). A resolved case waiting for its follow-up or survey is not over. A case
 * still going on is compared as of its last change (SimulationOptions.until).
 */
export function recordedCaseIsOver(recorded: RecordedCase): boolean {
  const ended = recorded.decisions.some(
    (d) => d.what === 'case cancelled' || (d.what.startsWith('case ') && d.why.startsWith('end step ')),
  );
  return ended && !recorded.view.tasks.some((t) => t.status === 'open' || t.status === 'claimed');
}
