import type { PlanClassifyStep } from '../../../definitions/plan';
import { decide, holds } from '../run';
import { goto, immediate, type StepHandler } from './step';

/** classify: the first rule whose `when` holds sets category, department and tags; the default rule is last. */
export const classifyStep: StepHandler<PlanClassifyStep> = {
  ...immediate,
  enter(step, run) {
    const rules = run.plan.classify;
    const rule =
      rules.find((r) => holds(run, r.when, `classify rule #${r.index}`)) ?? rules[rules.length - 1];
    if (rule === undefined) {
      decide(run, 'not classified', 'the template has no classify rules');
      return goto(step.next);
    }
    const { state } = run;
    state.category = rule.category;
    if (rule.department !== undefined) state.department = rule.department;
    state.tags = [...new Set([...state.tags, ...rule.tags])];
    const why = rule.when === undefined ? `default rule #${rule.index}` : `rule #${rule.index}: ${rule.when}`;
    const where = rule.department === undefined ? '' : ` → ${rule.department}`;
    decide(run, `classified as ${rule.category}${where}`, why);
    return goto(step.next);
  },
};
