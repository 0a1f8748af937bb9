import type { PlanClassifyStep } from '../../../definitions/plan';
import { decide, holds } from '../run';
import { routesBySuggestion } from '../suggestion';
import { goto, immediate, type StepHandler } from './step';

/**
 * classify: the first rule whose `when` holds sets category, department and tags; the default rule is last.
 * A learned suggestion at or above the template's minConfidence sets category and department instead
 * (engine/suggestion.ts); the rule's tags apply either way.
 */
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
    // The rule's tags describe the text and stay; category and department may come from the suggestion.
    state.tags = [...new Set([...state.tags, ...rule.tags])];
    if (routesBySuggestion(run, rule)) return goto(step.next);
    state.category = rule.category;
    if (rule.department !== undefined) state.department = rule.department;
    const why = rule.when === undefined ? `default rule #${rule.index}` : `rule #${rule.index}: ${rule.when}`;
    const where = rule.department === undefined ? '' : ` → ${rule.department}`;
    decide(run, `classified as ${rule.category}${where}`, why);
    return goto(step.next);
  },
};
