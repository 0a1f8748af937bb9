/** The triage model: refusal below the threshold, the held-out split, the evaluation and suggestions. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileTemplate } from '../../../definitions/compile';
import type { TriageCase } from '../../../db/triage-cases';
import {
  buildTriageModel,
  evaluate,
  isHeldOut,
  MIN_CASES_PER_DEPARTMENT,
  type TriageExample,
} from '../../../triage/model';
import { rulesVerdict } from '../../../triage/rules';
import { suggest } from '../../../triage/suggest';
import { tokens } from '../../../triage/tokens';

const example = (id: string, text: string, department: string, rules = department): TriageExample => ({
  id,
  tokens: tokens(text),
  department,
  category: department,
  rules: { department: rules, category: rules },
});

const many = (n: number, text: string, department: string, rules?: string) =>
  Array.from({ length: n }, (_, i) => example(`${department}-${i}`, text, department, rules));

describe('triage model', () => {
  it('refuses departments with fewer than the threshold of cases, and says why', () => {
    const model = buildTriageModel([
      ...many(MIN_CASES_PER_DEPARTMENT, 'refund invoice', 'billing'),
      ...many(MIN_CASES_PER_DEPARTMENT - 1, 'router error', 'technical'),
    ]);
    expect(model.refused).toEqual([
      { department: 'technical', cases: 49, reason: expect.stringContaining('only 49 recorded cases') },
    ]);
    const v = { version: 3, model };
    expect(suggest(v, 'router error', '')).toEqual({ none: expect.stringContaining('technical') });
    expect(suggest(v, 'refund please', 'the invoice')).toEqual({
      suggestion: {
        department: 'billing',
        category: 'billing',
        confidence: expect.any(Number),
        because: ['invoice', 'refund'],
        model: 3,
      },
    });
  });

  it('suggests nothing at all when every department is below the threshold', () => {
    const model = buildTriageModel([...many(5, 'refund', 'billing'), ...many(5, 'error', 'technical')]);
    expect(suggest({ version: 1, model }, 'refund', '')).toEqual({
      none: expect.stringContaining('suggests nothing'),
    });
  });

  it('gives no suggestion, not an error, for an empty text or words it never saw', () => {
    const model = buildTriageModel(many(60, 'refund', 'billing'));
    expect(suggest({ version: 1, model }, '', '')).toEqual({ none: 'no text to go on' });
    expect(suggest({ version: 1, model }, '  ！', undefined)).toEqual({ none: 'no text to go on' });
    expect(suggest({ version: 1, model }, 'zebra', '')).toEqual({ none: expect.stringContaining('none of') });
  });

  it('holds out about a fifth of the cases, always the same ones', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `case-${i}`);
    const held = ids.filter(isHeldOut).length;
    expect(held).toBeGreaterThan(1_800);
    expect(held).toBeLessThan(2_200);
    expect(ids.filter(isHeldOut)).toEqual(ids.filter(isHeldOut));
  });

  it('evaluates accuracy, per-department precision and recall, and the rules on the same cases', () => {
    const training = [...many(60, 'refund invoice', 'billing'), ...many(60, 'router error', 'technical')];
    const heldOut = [
      example('h1', 'refund', 'billing', 'frontline'),
      example('h2', 'router', 'technical'),
      example('h3', 'invoice', 'technical', 'frontline'),
    ];
    const e = evaluate(training, heldOut);
    expect(e.heldOut).toBe(3);
    expect(e.accuracy).toBeCloseTo(2 / 3);
    expect(e.rulesAccuracy).toBeCloseTo(1 / 3);
    expect(e.perDepartment).toEqual({
      billing: { precision: 0.5, recall: 1, support: 1 },
      technical: { precision: 1, recall: 0.5, support: 2 },
    });
  });
});

describe("the template's rules as a baseline", () => {
  const source = readFileSync(join(__dirname, '../../../definitions/customer-issue/v1.yaml'), 'utf8');
  const compiled = compileTemplate(source, 'v1.yaml');
  if (!compiled.ok) throw new Error('v1 does not compile');
  const recorded = (subject: string, over: Partial<TriageCase> = {}): TriageCase => ({
    id: 'c',
    template: { name: 'customer-issue', version: 1, sha256: 'x' },
    subject,
    description: '',
    status: 'resolved',
    category: undefined,
    channel: 'web',
    customerTier: undefined,
    attributes: {},
    flags: [],
    decisions: [],
    firstTaskDepartment: undefined,
    ...over,
  });

  it('runs the first rule that holds, as the classify step does', () => {
    expect(rulesVerdict(compiled.plan, recorded('我要退款'))).toEqual({
      category: 'billing',
      department: 'billing',
    });
    expect(rulesVerdict(compiled.plan, recorded('Router ERROR'))).toEqual({
      category: 'technical',
      department: 'technical',
    });
    expect(rulesVerdict(compiled.plan, recorded('complaint to the media'))).toEqual({
      category: 'complaint',
      department: 'management',
    });
    expect(rulesVerdict(compiled.plan, recorded('complaint', { customerTier: 'vip' })).department).toBe(
      'management',
    );
    expect(rulesVerdict(compiled.plan, recorded('hello'))).toEqual({
      category: 'other',
      department: 'frontline',
    });
  });
});
