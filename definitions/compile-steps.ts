/**
 * Compiling the flow: each step kind of the document → its PlanStep, with defaults filled in and the
 * implicit `next` (the step below) made explicit.
 */
import { parseDuration } from './durations';
import type * as P from './plan';
import type { ActionDocument } from './schema';
import { ID_PATTERN } from './schema-common';
import type { StepDocument, StepEscalationDocument, TaskStepDocument } from './schema-steps';

/** Durations have been validated; 0 only guards the types. */
export const ms = (text: string): number => parseDuration(text) ?? 0;

/** Drops undefined members so the plan survives a JSON round trip unchanged (it travels as a payload). */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function compileStepEscalation(stepId: string, rung: StepEscalationDocument, k: number): P.PlanEscalation {
  const afterMs = ms(rung.after);
  return defined({
    id: rung.id ?? `${stepId}.escalation-${k + 1}`,
    trigger: rung.unclaimed
      ? { kind: 'task.unclaimed' as const, afterMs }
      : { kind: 'step.after' as const, afterMs },
    delayMs: 0,
    tiers: rung.tiers,
    when: rung.when,
    actions: rung.actions.map(compileAction),
  });
}

export function compileRecipient(to: string): P.Recipient {
  return to === 'customer' || to === 'holder' || to === 'assignee'
    ? { kind: to }
    : { kind: 'department', department: to };
}

export function compileAction(action: ActionDocument): P.PlanAction {
  if ('notify' in action) {
    const n = action.notify;
    return defined({
      kind: 'notify' as const,
      to: compileRecipient(n.to),
      channel: n.channel,
      fallback: n.fallback,
      message: n.message,
    });
  }
  if ('reassign' in action) {
    const r = typeof action.reassign === 'string' ? { department: action.reassign } : action.reassign;
    return defined({ kind: 'reassign' as const, department: r.department, tier: r.tier });
  }
  if ('raise' in action) return { kind: 'raise', levels: action.raise };
  const t = action.task;
  return defined({
    kind: 'task' as const,
    department: t.department,
    title: t.title,
    instructions: t.instructions,
    outcomes: t.outcomes,
  });
}

function compileDepartment(ref: string): P.DepartmentRef {
  return ID_PATTERN.test(ref) ? { kind: 'fixed', department: ref } : { kind: 'expr', expr: ref };
}

function compileOutcomes(step: Pick<TaskStepDocument, 'outcomes' | 'form'>): Record<string, P.PlanOutcome> {
  const out: Record<string, P.PlanOutcome> = {};
  for (const [id, target] of Object.entries(step.outcomes)) {
    const detail = typeof target === 'string' ? { next: target } : target;
    const form = Object.fromEntries(
      Object.entries({ ...step.form, ...detail.form }).map(([name, f]) => [
        name,
        defined({ ...f, required: f.required ?? false }),
      ]),
    );
    out[id] = defined({ id, title: detail.title, next: detail.next, form });
  }
  return out;
}

function compileBranches(
  branches: ReadonlyArray<{ when?: string; next: string; label?: string }>,
): P.PlanBranch[] {
  return branches.map((b, index) => defined({ when: b.when, next: b.next, index, label: b.label }));
}

export function compileStep(step: StepDocument, below: string): P.PlanStep {
  const base = { id: step.id, title: step.title };
  switch (step.kind) {
    case 'classify':
    case 'prioritize':
      return defined({ ...base, kind: step.kind, next: step.next ?? below });
    case 'task':
      return defined({
        ...base,
        kind: 'task',
        title: step.title,
        instructions: step.instructions,
        department: compileDepartment(step.department),
        tier: step.tier,
        outcomes: compileOutcomes(step),
        handoff: step.handoff ?? [],
        escalations: (step.escalations ?? []).map((rung, k) => compileStepEscalation(step.id, rung, k)),
      });
    case 'consult':
      return defined({
        ...base,
        kind: 'consult',
        join: step.join ?? 'all',
        tasks: step.tasks.map((t) => defined({ ...t })),
        next: step.next ?? below,
      });
    case 'wait': {
      const waitFor: P.PlanWaitFor =
        step.for === 'customer-reply'
          ? { kind: 'customer-reply' }
          : 'signal' in step.for
            ? { kind: 'signal', signal: step.for.signal }
            : 'until' in step.for
              ? { kind: 'until', at: step.for.until }
              : defined({
                  kind: 'duration' as const,
                  durationMs: ms(step.for.duration),
                  calendar: step.for.calendar,
                });
      return defined({
        ...base,
        kind: 'wait',
        for: waitFor,
        timeoutMs: step.timeout === undefined ? undefined : ms(step.timeout),
        onTimeout: step.onTimeout,
        status: step.status ?? (step.for === 'customer-reply' ? 'waiting' : 'open'),
        next: step.next ?? below,
      });
    }
    case 'decide':
      return defined({ ...base, kind: 'decide', branches: compileBranches(step.branches) });
    case 'notify':
      return defined({
        ...base,
        kind: 'notify',
        to: compileRecipient(step.to),
        channel: step.channel,
        fallback: step.fallback,
        message: step.message,
        next: step.next ?? below,
      });
    case 'call':
      return defined({
        ...base,
        kind: 'call',
        request: defined({
          method: step.method ?? (step.body === undefined ? 'GET' : 'POST'),
          url: step.url,
          headers: step.headers ?? {},
          query: step.query,
          body: step.body,
        }),
        timeoutMs: step.timeout === undefined ? 10_000 : ms(step.timeout),
        retry: defined({
          maxAttempts: step.retry?.maxAttempts ?? 3,
          initialIntervalMs:
            step.retry?.initialInterval === undefined ? 1000 : ms(step.retry.initialInterval),
          backoffCoefficient: step.retry?.backoffCoefficient ?? 2,
          maximumIntervalMs:
            step.retry?.maximumInterval === undefined ? undefined : ms(step.retry.maximumInterval),
        }),
        resultVar: step.resultVar,
        next: step.next ?? below,
        onFailure: step.onFailure,
      });
    case 'follow-up':
      return defined({
        ...base,
        kind: 'follow-up',
        afterMs: ms(step.after),
        calendar: step.calendar ?? '24x7',
        department: compileDepartment(step.department),
        title: step.title,
        instructions: step.instructions,
        outcomes: compileOutcomes(step),
      });
    case 'survey':
      return defined({
        ...base,
        kind: 'survey',
        questions: step.questions.map((q) => ({ id: q.id, text: q.text, min: q.min ?? 1, max: q.max ?? 5 })),
        timeoutMs: ms(step.timeout),
        branches: compileBranches(step.branches),
        onTimeout: step.onTimeout,
      });
    case 'end':
      return defined({ ...base, kind: 'end', status: step.status });
    default: {
      const unknownStep: never = step;
      return unknownStep;
    }
  }
}
