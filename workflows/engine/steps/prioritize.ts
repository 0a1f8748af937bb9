import type { PlanLevelRule, PlanPrioritizeStep } from '../../../definitions/plan';
import { decide, holds, type Run } from '../run';
import { goto, immediate, type StepHandler } from './step';

function level(run: Run, rules: PlanLevelRule[], axis: string): { level: string; why: string } {
  const rule = rules.find((r) => holds(run, r.when, `${axis} rule #${r.index}`)) ?? rules[rules.length - 1];
  if (rule === undefined) return { level: '', why: `no ${axis} rules` };
  return {
    level: rule.level,
    why: rule.when === undefined ? `${axis} default` : `${axis} rule #${rule.index}: ${rule.when}`,
  };
}

/**
 * prioritize: impact and urgency from their first matching rules, the matrix gives the priority, then
 * every matching override raises it (towards `order[0]`, never past it).
 */
export const prioritizeStep: StepHandler<PlanPrioritizeStep> = {
  ...immediate,
  enter(step, run) {
    const { priority } = run.plan;
    const impact = level(run, priority.impact, 'impact');
    const urgency = level(run, priority.urgency, 'urgency');
    const fromMatrix =
      priority.matrix[impact.level]?.[urgency.level] ?? priority.order[priority.order.length - 1];
    let rank = Math.max(0, priority.order.indexOf(fromMatrix ?? ''));
    decide(
      run,
      `priority ${priority.order[rank]} (impact ${impact.level} × urgency ${urgency.level})`,
      `${impact.why}; ${urgency.why}`,
    );
    for (const override of priority.overrides) {
      if (!holds(run, override.when, `override #${override.index}`)) continue;
      const raised = Math.max(0, rank - override.raise);
      decide(
        run,
        `priority raised ${priority.order[rank]} → ${priority.order[raised]}`,
        `override #${override.index}: ${override.reason}`,
      );
      rank = raised;
    }
    run.state.levels = { impact: impact.level, urgency: urgency.level };
    run.state.priority = priority.order[rank];
    return goto(step.next);
  },
};
