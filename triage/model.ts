/**
 * The triage model (issue 17): two classifiers over the same tokens, one for the department a person sent
 * a case to and one for its final category, with the departments it had too few cases for. Pure: training
 * and evaluation take labelled examples; triage/train.ts reads them from the projections.
 */
import type { RefusedDepartment, TriageEvaluation } from '../contract';
import { predict, train, type TextModel } from './classifier';

/**
 * Below this many recorded cases a person sent to a department, the model does not suggest it: a few dozen
 * examples give word counts that mostly reflect chance, and a confident wrong route costs more than the
 * triage task it would save. (The "say < 50 per department".)
 */
export const MIN_CASES_PER_DEPARTMENT = 50;

/** The share of labelled cases held out of training to evaluate on, chosen by a hash of the case id. */
export const HELD_OUT_PERCENT = 20;

export interface TriageModel {
  department: TextModel;
  category: TextModel;
  /** Departments the model never suggests; all of them: it suggests nothing. */
  refused: RefusedDepartment[];
}

export interface TriageExample {
  id: string;
  tokens: string[];
  department: string;
  category: string;
  /** What the template version's classify rules said of the case (the baseline). */
  rules: { department: string | undefined; category: string | undefined };
}

/** FNV-1a over the id's UTF-16 code units: the same case always falls on the same side of the split. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Whether a case is held out of training for the evaluation (deterministic, about HELD_OUT_PERCENT%). */
export const isHeldOut = (caseId: string): boolean => fnv1a(caseId) % 100 < HELD_OUT_PERCENT;

export function buildTriageModel(examples: readonly TriageExample[]): TriageModel {
  const department = train(examples.map((e) => ({ tokens: e.tokens, label: e.department })));
  const category = train(examples.map((e) => ({ tokens: e.tokens, label: e.category })));
  const refused = department.labels
    .map((d) => ({ department: d, cases: department.documents[d] ?? 0 }))
    .filter(({ cases }) => cases < MIN_CASES_PER_DEPARTMENT)
    .map(({ department: d, cases }) => ({
      department: d,
      cases,
      reason: `only ${cases} recorded case${cases === 1 ? ' was' : 's were'} sent to ${d}; the model suggests a department from ${MIN_CASES_PER_DEPARTMENT} on`,
    }));
  return { department, category, refused };
}

/**
 * Whether a model suggests anything at all: it learnt a department it does not refuse. Takes the stored
 * model's lists as well (db/triage-models.ts keeps them beside the word counts), so answers that never load
 * the counts apply the same rule.
 */
export const suggestsAtAll = (model: {
  departments: readonly string[];
  refused: readonly unknown[];
}): boolean => model.departments.length > model.refused.length;

const share = (hits: number, of: number): number => (of === 0 ? 0 : hits / of);

/**
 * A model trained on `training`, scored on `heldOut` against the person's labels, next to the rules' own
 * verdicts on the same cases. Refusals do not apply here: the figures are the model's raw predictions.
 */
export function evaluate(
  training: readonly TriageExample[],
  heldOut: readonly TriageExample[],
): TriageEvaluation {
  const model = buildTriageModel(training);
  const departments = new Set([...model.department.labels, ...heldOut.map((e) => e.department)]);
  const counts = new Map([...departments].map((d) => [d, { predicted: 0, actual: 0, hits: 0 }]));
  let hits = 0;
  let rulesHits = 0;
  let categoryHits = 0;
  let rulesCategoryHits = 0;
  for (const example of heldOut) {
    const predicted = predict(model.department, example.tokens)?.label;
    const category = predict(model.category, example.tokens)?.label;
    const actual = counts.get(example.department)!;
    actual.actual++;
    if (predicted !== undefined) counts.get(predicted)!.predicted++;
    if (predicted === example.department) {
      hits++;
      actual.hits++;
    }
    if (example.rules.department === example.department) rulesHits++;
    if (category === example.category) categoryHits++;
    if (example.rules.category === example.category) rulesCategoryHits++;
  }
  const perDepartment = Object.fromEntries(
    [...counts]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([d, c]) => [
        d,
        {
          precision: c.predicted === 0 ? null : c.hits / c.predicted,
          recall: c.actual === 0 ? null : c.hits / c.actual,
          support: c.actual,
        },
      ]),
  );
  return {
    heldOut: heldOut.length,
    accuracy: share(hits, heldOut.length),
    rulesAccuracy: share(rulesHits, heldOut.length),
    category: {
      accuracy: share(categoryHits, heldOut.length),
      rulesAccuracy: share(rulesCategoryHits, heldOut.length),
    },
    perDepartment,
  };
}
