/**
 * The registry of step kinds. The mapped type makes it exhaustive: a new kind in PlanStep does not compile
 * until it has a handler here.
 */
import type { PlanStep, StepKind } from '../../../definitions/plan';
import { callStep } from './call';
import { classifyStep } from './classify';
import { consultStep } from './consult';
import { decideStep } from './decide';
import { endStep } from './end';
import { followUpStep } from './follow-up';
import { notifyStep } from './notify';
import { prioritizeStep } from './prioritize';
import type { StepHandler } from './step';
import { surveyStep } from './survey';
import { taskStep } from './task';
import { waitStep } from './wait';

type Handlers = { [K in StepKind]: StepHandler<Extract<PlanStep, { kind: K }>> };

const handlers: Handlers = {
  classify: classifyStep,
  prioritize: prioritizeStep,
  task: taskStep,
  consult: consultStep,
  wait: waitStep,
  decide: decideStep,
  notify: notifyStep,
  call: callStep,
  'follow-up': followUpStep,
  survey: surveyStep,
  end: endStep,
};

/** The handler of a step, typed for that step (the cast is safe: the key is the step's own kind). */
export const handlerOf = <S extends PlanStep>(step: S): StepHandler<S> =>
  handlers[step.kind] as unknown as StepHandler<S>;
