/**
 * What a template version's own classify rules say about a recorded case: the baseline the model is
 * measured against (SPEC §12, `rulesAccuracy`). The same choice as the engine's classify step
 * (workflows/engine/steps/classify.ts): the first rule whose `when` holds, a failing `when` counting as
 * false, the last (default) rule otherwise; evaluated with the definitions' CEL, purely, without Temporal.
 */
import { evaluateCondition } from '../definitions/expressions';
import type { Plan } from '../definitions/plan';
import type { TriageCase } from '../db/triage-cases';

export interface RulesVerdict {
  category: string | undefined;
  department: string | undefined;
}

export function rulesVerdict(plan: Plan, c: TriageCase): RulesVerdict {
  const facts = {
    case: {
      channel: c.channel,
      customer: { tier: c.customerTier ?? '' },
      subject: c.subject,
      description: c.description,
      attributes: c.attributes,
      flags: c.flags,
    },
  };
  const holds = (when: string | undefined): boolean => {
    if (when === undefined) return true;
    try {
      return evaluateCondition(when, facts);
    } catch {
      return false;
    }
  };
  const rule = plan.classify.find((r) => holds(r.when)) ?? plan.classify[plan.classify.length - 1];
  return { category: rule?.category, department: rule?.department };
}
