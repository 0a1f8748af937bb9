/**
 * Learned triage in the engine (issue 17, docs/triage.md). The suggestion is scored once at intake by an
 * activity (the driver asks only when the plan has a `suggestions` section), so replay reads it from the
 * history. The engine records it, and the classify step routes by it when the template's minConfidence is
 * met; otherwise the rules route as before. Either way the decision log says which was used and why.
 */
import type { SuggestionOutcome } from '../../contract/suggestion';
import type { PlanClassifyRule } from '../../definitions/plan';
import { decide, type Run } from './run';

const percent = (confidence: number): string => `${Math.round(confidence * 100)}%`;

/** Records the outcome at intake: the suggestion (not yet used) and its reasons, or why there is none. */
export function recordSuggestion(run: Run, outcome: SuggestionOutcome): void {
  if ('none' in outcome) {
    decide(run, 'no triage suggestion', outcome.none);
    return;
  }
  const s = outcome.suggestion;
  run.state.suggestion = { ...s, used: false };
  const because = s.because.length ? `because ${s.because.join(', ')}` : 'no word stood out';
  decide(
    run,
    `suggested ${s.category} → ${s.department} (${percent(s.confidence)})`,
    `triage model v${s.model}: ${because}`,
  );
}

/**
 * Whether the classify step routes by the suggestion: the plan names a minConfidence and the suggestion
 * meets it. `rule` is what the rules chose, named in the decision either way.
 */
export function routesBySuggestion(run: Run, rule: PlanClassifyRule | undefined): boolean {
  const suggestion = run.state.suggestion;
  const min = run.plan.suggestions?.minConfidence;
  if (suggestion === undefined || min === undefined) return false;
  const rules =
    rule === undefined ? 'no rule' : `${rule.category}${rule.department ? ` → ${rule.department}` : ''}`;
  if (suggestion.confidence < min) {
    decide(
      run,
      'triage suggestion not used',
      `confidence ${percent(suggestion.confidence)} < ${percent(min)}: the rules route (${rules})`,
    );
    return false;
  }
  if (!(suggestion.department in run.plan.departments)) {
    decide(
      run,
      'triage suggestion not used',
      `department ${suggestion.department} is not in this template: the rules route (${rules})`,
    );
    return false;
  }
  suggestion.used = true;
  run.state.category = suggestion.category;
  run.state.department = suggestion.department;
  decide(
    run,
    `classified as ${suggestion.category} → ${suggestion.department} by suggestion`,
    `confidence ${percent(suggestion.confidence)} ≥ ${percent(min)} (triage model v${suggestion.model}); the rules said ${rules}`,
  );
  return true;
}
