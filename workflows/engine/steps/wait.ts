import type { PlanWaitStep } from '../../../definitions/plan';
import { decide, valueOf, type Run } from '../run';
import { dueAfter } from '../schedule';
import type { CaseEvent } from '../types';
import { goto, setStatus, stay, type StepHandler, type Transition } from './step';

/** An instant from an `until` expression: an ISO string or epoch milliseconds. */
function instantOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

function leave(step: PlanWaitStep, run: Run, next: string, what: string, why: string): Transition {
  setStatus(run, 'open', `wait step ${step.id} over`);
  decide(run, what, why);
  return goto(next);
}

function isAwaitedEvent(step: PlanWaitStep, event: CaseEvent): boolean {
  switch (step.for.kind) {
    case 'customer-reply':
      // A repeat contact that joined the case is a reply too.
      return (
        (event.kind === 'customer.message' && event.from === 'customer') || event.kind === 'customer.contact'
      );
    case 'signal':
      return event.kind === 'signal' && event.name === step.for.signal;
    case 'duration':
    case 'until':
      return false;
    default: {
      const unknownFor: never = step.for;
      return Boolean(unknownFor);
    }
  }
}

/**
 * wait: for a customer reply, a named signal, a duration or an instant (e.g. case.attributes.appointmentAt).
 * The case takes the step's status meanwhile (`waiting` pauses the SLA clocks listed in sla.pauseWhen).
 */
export const waitStep: StepHandler<PlanWaitStep> = {
  enter(step, run) {
    const { now } = run.ctx;
    let until: number | undefined;
    if (step.for.kind === 'duration') until = dueAfter(run, step.for.durationMs, step.for.calendar);
    if (step.for.kind === 'until') {
      until = instantOf(valueOf(run, step.for.at, `wait ${step.id}`));
      if (until === undefined)
        return leave(step, run, step.onTimeout ?? step.next, 'no instant to wait for', step.for.at);
      if (until <= now) return leave(step, run, step.next, 'instant already passed', step.for.at);
    }
    const waitsForEvent = step.for.kind === 'customer-reply' || step.for.kind === 'signal';
    const timeoutAt = waitsForEvent && step.timeoutMs !== undefined ? now + step.timeoutMs : undefined;
    run.state.cursor = { kind: 'wait', until, timeoutAt };
    setStatus(run, step.status, `wait step ${step.id} (${step.for.kind})`);
    return stay;
  },
  onEvent(step, run, event) {
    const cursor = run.state.cursor;
    if (cursor.kind !== 'wait') return undefined;
    if (isAwaitedEvent(step, event)) {
      if (event.kind === 'signal') run.state.vars[step.id] = event.payload ?? {};
      return leave(step, run, step.next, `${event.kind} received`, `wait ${step.id} for ${step.for.kind}`);
    }
    if (event.kind !== 'wake') return undefined;
    if (cursor.until !== undefined && cursor.until <= run.ctx.now)
      return leave(step, run, step.next, 'wait over', `${step.for.kind} reached`);
    if (cursor.timeoutAt !== undefined && cursor.timeoutAt <= run.ctx.now)
      return leave(step, run, step.onTimeout ?? step.next, 'wait timed out', `no ${step.for.kind} in time`);
    return undefined;
  },
  wakeAt(_step, state) {
    const cursor = state.cursor;
    if (cursor.kind !== 'wait') return undefined;
    const instants = [cursor.until, cursor.timeoutAt].filter((x): x is number => x !== undefined);
    return instants.length === 0 ? undefined : Math.min(...instants);
  },
};
