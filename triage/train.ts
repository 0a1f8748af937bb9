/**
 * Training a triage model now (POST /triage/model, the daily schedule): the recorded cases of a template
 * read from the projections, labelled by where a person sent them (triage/labels.ts), split by a hash of
 * the case id, evaluated against the template's own rules on the held-out part, and stored as the next
 * version.
 *
 * The stored model learns from every labelled case; the evaluation is of the same training on the other
 * 80% (HELD_OUT_PERCENT), scored on cases it did not see. So the figures describe how this way of training
 * does on new cases, a little pessimistically for the stored model, which saw a fifth more.
 */
import type { Pool } from 'pg';
import type { TemplateRef } from '../contract';
import type { Plan } from '../definitions/plan';
import { readTriageCases, type TriageCase } from '../db/triage-cases';
import { saveTriageModel, type StoredTriageModel } from '../db/triage-models';
import { getTemplateVersion } from '../db/templates';
import { caseLabels } from './labels';
import { buildTriageModel, evaluate, isHeldOut, type TriageExample, type TriageModel } from './model';
import { rulesVerdict } from './rules';
import { caseTokens } from './tokens';

export const DEFAULT_TRIAGE_TEMPLATE = 'customer-issue';

/** Training had nothing to learn from: no labelled case of the template. */
export class NothingToLearn extends Error {}

/** The labelled examples of these cases, with their rules' verdicts (cases of an unknown version: none). */
export function triageExamples(
  cases: readonly TriageCase[],
  plans: ReadonlyMap<number, Plan>,
): TriageExample[] {
  return cases.flatMap((c) => {
    const plan = plans.get(c.template.version);
    if (plan === undefined) return [];
    const labels = caseLabels(c, new Set(Object.keys(plan.departments)));
    if (labels === undefined) return [];
    return [
      {
        id: c.id,
        tokens: caseTokens(c.subject, c.description),
        ...labels,
        rules: rulesVerdict(plan, c),
      },
    ];
  });
}

async function plansOf(pool: Pool, refs: readonly TemplateRef[]): Promise<Map<number, Plan>> {
  const plans = new Map<number, Plan>();
  for (const version of new Set(refs.map((r) => r.version))) {
    const row = await getTemplateVersion(pool, refs[0]!.name, version);
    if (row !== undefined) plans.set(version, row.plan);
  }
  return plans;
}

export async function trainTriageModel(
  pool: Pool,
  template: string = DEFAULT_TRIAGE_TEMPLATE,
): Promise<StoredTriageModel<TriageModel>> {
  const cases = await readTriageCases(pool, template);
  const examples = triageExamples(
    cases,
    await plansOf(
      pool,
      cases.map((c) => c.template),
    ),
  );
  if (examples.length === 0) {
    throw new NothingToLearn(
      `no recorded case of template ${template} has a department and category to learn from yet ` +
        `(${cases.length} case${cases.length === 1 ? '' : 's'} read, none resolved or routed by a person)`,
    );
  }
  const heldOut = examples.filter((e) => isHeldOut(e.id));
  const training = examples.filter((e) => !isHeldOut(e.id));
  const evaluation = evaluate(training, heldOut);
  const model = buildTriageModel(examples);
  return saveTriageModel(pool, {
    template,
    trainedOn: examples.length,
    model,
    evaluation,
    departments: model.department.labels,
    refused: model.refused,
  });
}
