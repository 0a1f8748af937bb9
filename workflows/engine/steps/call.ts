import type { PlanCallStep } from '../../../definitions/plan';
import { decide, emit, visitKey } from '../run';
import { goto, stay, type StepHandler } from './step';

/**
 * call: one business-system call per visit (key `<caseId>/<step>/<visit>`, the Idempotency-Key). Success
 * stores the body in vars[resultVar]; failure after the retry policy goes to onFailure, or — when the
 * template has none — on to `next` with `{ ok: false, error }` in vars[resultVar].
 */
export const callStep: StepHandler<PlanCallStep> = {
  enter(step, run) {
    const key = visitKey(run, step.id);
    emit(run, {
      kind: 'call',
      key,
      step: step.id,
      request: { key, ...step.request, timeoutMs: step.timeoutMs },
      retry: step.retry,
    });
    run.state.cursor = { kind: 'call', key };
    decide(run, `calling ${step.request.method} ${step.request.url}`, `call step ${step.id}`);
    return stay;
  },
  onEvent(step, run, event) {
    const cursor = run.state.cursor;
    if (cursor.kind !== 'call') return undefined;
    if (event.kind === 'call.succeeded' && event.key === cursor.key) {
      run.state.vars[step.resultVar] = event.body;
      decide(run, `call succeeded (${event.status})`, `result stored in vars.${step.resultVar}`);
      return goto(step.next);
    }
    if (event.kind === 'call.failed' && event.key === cursor.key) {
      if (step.onFailure !== undefined) {
        decide(run, `call failed → ${step.onFailure}`, event.error);
        return goto(step.onFailure);
      }
      run.state.vars[step.resultVar] = { ok: false, error: event.error };
      decide(run, `call failed → ${step.next}`, `${event.error} (no onFailure)`);
      return goto(step.next);
    }
    return undefined;
  },
  wakeAt: () => undefined,
};
