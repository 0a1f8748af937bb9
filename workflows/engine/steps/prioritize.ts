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

/** Impact × urgency through the matrix, then the overrides; every step of it goes to the decision log. */
export function assessPriority(run: Run): void {
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
}

/**
 * A repeat contact joined the case: it is flagged `repeat-contact` (urgency rules may look for it) and the
 * priority is assessed again, but only ever raised: a case never becomes less urgent because someone called.
 */
export function reassessOnRepeatContact(run: Run): void {
  const { state, plan } = run;
  const flags = state.input.flags ?? [];
  if (!flags.includes('repeat-contact')) state.input.flags = [...flags, 'repeat-contact'];
  if (state.priority === undefined) return;
  const before = { priority: state.priority, levels: state.levels };
  assessPriority(run);
  const rank = (p: string | undefined): number => plan.priority.order.indexOf(p ?? '');
  if (rank(state.priority) >= rank(before.priority)) {
    state.priority = before.priority;
    state.levels = before.levels;
    decide(run, `priority stays ${before.priority}`, 'repeat contact: reassessed, not more urgent');
  } else
    decide(run, `priority raised ${before.priority} → ${state.priority ?? ''}`, 'repeat contact: reassessed');
}

/**
 * prioritize: impact and urgency from their first matching rules, the matrix gives the priority, then
 * every matching override raises it (towards `order[0]`, never past it).
 */
export const prioritizeStep: StepHandler<PlanPrioritizeStep> = {
  ...immediate,
  enter(step, run) {
    assessPriority(run);
    return goto(step.next);
  },
};
