/**
 * The one interface every step kind implements (one file per kind, registered in steps/index.ts).
 * A step is entered, may wait for events or a wake-up instant, and leaves by naming the next step.
 */
import type { PlanStep } from '../../../definitions/plan';
import type { CaseStatus } from '../../messages';
import { decide, type Run } from '../run';
import type { CaseEvent, CaseState } from '../types';

/** What a step asks the engine to do next. `finish` ends the flow (only `end` uses it). */
export type Transition = { kind: 'stay' } | { kind: 'goto'; next: string } | { kind: 'finish' };

export const stay: Transition = { kind: 'stay' };
export const goto = (next: string): Transition => ({ kind: 'goto', next });

export interface StepHandler<S extends PlanStep> {
  /** Runs when the flow arrives at the step; immediate steps return `goto` at once. */
  enter(step: S, run: Run): Transition;
  /**
   * Offers an event to the step in progress. `undefined` means "not mine": the engine then applies its
   * generic handling (e.g. records a customer message) or refuses the event.
   */
  onEvent(step: S, run: Run, event: CaseEvent): Transition | undefined;
  /** The instant (epoch ms) the step wants a `wake` event, if any. */
  wakeAt(step: S, state: CaseState): number | undefined;
}

/** For steps that never wait. */
export const immediate = {
  onEvent: (): undefined => undefined,
  wakeAt: (): undefined => undefined,
};

/** Changes the case status, noting a reopening (resolved → open) in the decision log. */
export function setStatus(run: Run, status: CaseStatus, why: string): void {
  const from = run.state.status;
  if (from === status) return;
  run.state.status = status;
  decide(run, from === 'resolved' && status === 'open' ? 'case reopened' : `status ${from} → ${status}`, why);
}
