/**
 * The generated corpus (bench/triage-corpus.ts) through the whole pure path: labels from its decision logs,
 * the standard template's rules, training and the held-out evaluation. No database.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDecisions, triageCorpus } from '../../../bench/triage-corpus';
import { compileTemplate } from '../../../definitions/compile';
import type { TriageCase } from '../../../db/triage-cases';
import { evaluate, isHeldOut } from '../../../triage/model';
import { triageExamples } from '../../../triage/train';

const source = readFileSync(join(__dirname, '../../../definitions/customer-issue/v1.yaml'), 'utf8');
const compiled = compileTemplate(source, 'v1.yaml');
if (!compiled.ok) throw new Error('v1 does not compile');
const plan = compiled.plan;

const recorded = (n: number, seed: number): TriageCase[] =>
  triageCorpus({ count: n, seed }).map((c) => ({
    id: c.id,
    template: { name: 'customer-issue', version: 1, sha256: plan.sha256 },
    subject: c.subject,
    description: c.description,
    status: 'resolved',
    category: c.category,
    channel: 'web',
    customerTier: undefined,
    attributes: {},
    flags: [],
    decisions: corpusDecisions(c, '2026-06-01T08:00:00Z'),
    firstTaskDepartment: undefined,
  }));

it('is the same corpus for the same seed, and another for another', () => {
  expect(triageCorpus({ count: 50, seed: 3 })).toEqual(triageCorpus({ count: 50, seed: 3 }));
  expect(triageCorpus({ count: 50, seed: 3 })).not.toEqual(triageCorpus({ count: 50, seed: 4 }));
});

it('labels each case with the department its decision log routed it to', () => {
  const cases = recorded(300, 5);
  const examples = triageExamples(cases, new Map([[1, plan]]));
  const truth = triageCorpus({ count: 300, seed: 5 });
  expect(examples.map((e) => [e.department, e.category])).toEqual(
    truth.map((c) => [c.department, c.category]),
  );
});

it('learns the routing better than the keyword rules on held-out cases', () => {
  const examples = triageExamples(recorded(2000, 11), new Map([[1, plan]]));
  const e = evaluate(
    examples.filter((x) => !isHeldOut(x.id)),
    examples.filter((x) => isHeldOut(x.id)),
  );
  expect(e.heldOut).toBeGreaterThan(300);
  expect(e.accuracy).toBeGreaterThan(0.85);
  expect(e.accuracy).toBeGreaterThan(e.rulesAccuracy + 0.1);
  expect(Object.keys(e.perDepartment).sort()).toEqual([
    'after-sales',
    'billing',
    'frontline',
    'management',
    'technical',
  ]);
});
