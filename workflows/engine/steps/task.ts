import type { DepartmentRef, PlanOutcome, PlanTaskStep } from '../../../definitions/plan';
import { formProblems } from '../../../definitions/field-values';
import { decide, reject, valueOf, type Run } from '../run';
import { checkCompletion, markCompleted, openTask, outcomeIds } from '../tasks';
import type { CaseEvent, TaskRecord } from '../types';
import { goto, setStatus, stay, type Transition, type StepHandler } from './step';

/**
 * The department a task goes to. A computed department that is not one of the template's falls back to
 * the department holding the case, so a bad expression cannot strand the work.
 */
export function resolveDepartment(run: Run, ref: DepartmentRef, stepId: string): string {
  if (ref.kind === 'fixed') return ref.department;
  const value = valueOf(run, ref.expr, `department of ${stepId}`);
  if (typeof value === 'string' && run.plan.departments[value] !== undefined) return value;
  const fallback = run.state.department ?? Object.keys(run.plan.departments)[0] ?? 'unknown';
  decide(run, `task goes to ${fallback}`, `department expression gave ${JSON.stringify(value)}`);
  return fallback;
}

/**
 * Completion of a task whose outcomes carry forms (task and follow-up steps): checks the principal, the
 * outcome and the form, stores the form in vars[stepId] and returns the outcome's next step.
 */
export function completeWithOutcome(
  run: Run,
  stepId: string,
  outcomes: Record<string, PlanOutcome>,
  task: TaskRecord,
  event: Extract<CaseEvent, { kind: 'task.complete' }>,
): Transition {
  checkCompletion(run, event);
  const outcome = outcomes[event.outcome];
  if (outcome === undefined)
    return reject('Invalid', `outcome ${event.outcome} is not an outcome of ${stepId}`);
  const problems = formProblems(outcome.form, event.form);
  if (problems.length > 0) reject('Invalid', `form: ${problems.join('; ')}`);
  markCompleted(run, task, event.outcome, event.principal, event.form, event.note);
  run.state.vars[stepId] = { ...(event.form ?? {}) };
  return goto(outcome.next);
}

/** The task of the current step, when the event names it. */
export function currentTask(run: Run, taskId: string | undefined, event: CaseEvent): TaskRecord | undefined {
  if (event.kind !== 'task.complete' || taskId === undefined || event.taskId !== taskId) return undefined;
  return run.state.tasks.find((t) => t.id === taskId);
}

/** task: one human task for a department; its outcome picks the next step. */
export const taskStep: StepHandler<PlanTaskStep> = {
  enter(step, run) {
    setStatus(run, 'open', `task step ${step.id}`);
    const department = resolveDepartment(run, step.department, step.id);
    const task = openTask(run, {
      step: step.id,
      origin: 'step',
      department,
      tier: step.tier ?? run.plan.departments[department]?.tiers[0],
      title: step.title,
      instructions: step.instructions,
      outcomes: outcomeIds(step.outcomes),
    });
    run.state.cursor = { kind: 'task', taskId: task.id };
    return stay;
  },
  onEvent(step, run, event) {
    const cursor = run.state.cursor;
    const task = currentTask(run, cursor.kind === 'task' ? cursor.taskId : undefined, event);
    if (task === undefined || event.kind !== 'task.complete') return undefined;
    return completeWithOutcome(run, step.id, step.outcomes, task, event);
  },
  wakeAt: () => undefined,
};
