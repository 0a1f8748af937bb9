import type { PlanConsultStep } from '../../../definitions/plan';
import { decide } from '../run';
import { cancelTasks, checkCompletion, markCompleted, openTask } from '../tasks';
import { goto, setStatus, stay, type StepHandler } from './step';

/**
 * consult: parallel tasks to several departments. `all` waits for every answer; `any` takes the first and
 * cancels the rest. Answers are stored in vars[stepId][entryId] = { outcome, ...form }.
 */
export const consultStep: StepHandler<PlanConsultStep> = {
  enter(step, run) {
    setStatus(run, 'open', `consult step ${step.id}`);
    const taskIds = step.tasks.map(
      (entry) =>
        openTask(run, {
          step: step.id,
          origin: 'consult',
          entry: entry.id,
          department: entry.department,
          tier: run.plan.departments[entry.department]?.tiers[0],
          title: entry.title,
          instructions: entry.instructions,
          outcomes: entry.outcomes,
        }).id,
    );
    run.state.cursor = { kind: 'consult', taskIds };
    run.state.vars[step.id] = {};
    return stay;
  },
  onEvent(step, run, event) {
    const cursor = run.state.cursor;
    if (event.kind !== 'task.complete' || cursor.kind !== 'consult' || !cursor.taskIds.includes(event.taskId))
      return undefined;
    const task = checkCompletion(run, event);
    markCompleted(run, task, event.outcome, event.principal, event.form, event.note);
    const answers = (run.state.vars[step.id] ?? {}) as Record<string, unknown>;
    answers[task.entry ?? task.id] = { ...(event.form ?? {}), outcome: event.outcome };
    run.state.vars[step.id] = answers;
    const mine = run.state.tasks.filter((t) => cursor.taskIds.includes(t.id));
    if (step.join === 'any') {
      cancelTasks(run, `join any: ${task.id} answered first`, (t) => cursor.taskIds.includes(t.id));
      decide(run, `consultation joined → ${step.next}`, `join any: ${task.entry ?? task.id} answered`);
      return goto(step.next);
    }
    if (mine.every((t) => t.status === 'completed')) {
      decide(run, `consultation joined → ${step.next}`, 'join all: every department answered');
      return goto(step.next);
    }
    return stay;
  },
  wakeAt: () => undefined,
};
