import type { PlanEndStep } from '../../../definitions/plan';
import { decide } from '../run';
import { cancelTasks } from '../tasks';
import { immediate, setStatus, type StepHandler } from './step';

/** end: the case takes its final status; anything still open is cancelled. Quality sampling follows (engine). */
export const endStep: StepHandler<PlanEndStep> = {
  ...immediate,
  enter(step, run) {
    cancelTasks(run, `case ended at ${step.id}`);
    setStatus(run, step.status, `end step ${step.id}`);
    decide(run, `case ${step.status}`, `end step ${step.id}`);
    return { kind: 'finish' };
  },
};
