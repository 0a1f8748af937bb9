import type { PlanDecideStep } from '../../../definitions/plan';
import { decide, holds } from '../run';
import { goto, immediate, type StepHandler } from './step';

/** decide: the first branch whose `when` holds (the last branch is the default). */
export const decideStep: StepHandler<PlanDecideStep> = {
  ...immediate,
  enter(step, run) {
    const branch = step.branches.find((b) => holds(run, b.when, `branch #${b.index}`));
    const chosen = branch ?? step.branches[step.branches.length - 1];
    if (chosen === undefined) throw new Error(`decide step ${step.id} has no branches`);
    const why =
      chosen.when === undefined || branch === undefined
        ? 'default branch'
        : `branch #${chosen.index}: ${chosen.when}`;
    decide(run, `→ ${chosen.next}`, why);
    return goto(chosen.next);
  },
};
