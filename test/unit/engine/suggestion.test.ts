/** Learned triage in the engine (issue 17): the standard template v2 routes by a confident suggestion. */
import { join } from 'node:path';
import { loadTemplateFile } from '../../../definitions/compile';
import type { Plan } from '../../../definitions/plan';
import { toCaseView } from '../../../workflows/engine/view';
import { Harness, makeInput } from './fixture';

function standardPlan(version: number): Plan {
  const result = loadTemplateFile(join(__dirname, `../../../definitions/customer-issue/v${version}.yaml`));
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.plan;
}

const suggested = (department: string, confidence: number) => ({
  suggestion: { category: department, department, confidence, because: ['付款', 'pay'], model: 4 },
});

describe('learned triage suggestions in the engine', () => {
  const v2 = standardPlan(2);
  // Words the rules read as technical ("报错", "error"), and the model, trained on what people did, as billing.
  const input = makeInput({ subject: '付款时报错', description: 'Error when I pay my monthly fee' });

  it('v1 has no suggestions section, so nothing is scored (recorded histories replay unchanged)', () => {
    expect(standardPlan(1).suggestions).toBeUndefined();
    expect(v2.suggestions).toEqual({ minConfidence: 0.85 });
  });

  it('a confident suggestion routes the case and skips front-line triage, saying why', () => {
    const h = new Harness(v2, input, 'C1', suggested('billing', 0.93));
    expect(h.state).toMatchObject({ category: 'billing', department: 'billing' });
    expect(h.state.suggestion).toMatchObject({ department: 'billing', used: true, model: 4 });
    expect(h.openTask()).toMatchObject({ step: 'department-work', department: 'billing' });
    const whats = h.state.decisions.map((d) => `${d.what} | ${d.why}`);
    expect(whats).toContain('suggested billing → billing (93%) | triage model v4: because 付款, pay');
    expect(whats).toContain(
      'classified as billing → billing by suggestion | confidence 93% ≥ 85% (triage model v4); the rules said technical → technical',
    );
  });

  it('below the template’s confidence the rules route and the front line triages', () => {
    const h = new Harness(v2, input, 'C1', suggested('billing', 0.6));
    expect(h.state).toMatchObject({ category: 'technical', department: 'technical' });
    expect(h.state.suggestion).toMatchObject({ used: false, confidence: 0.6 });
    expect(h.openTask()).toMatchObject({ step: 'triage', department: 'frontline' });
    expect(h.state.decisions.map((d) => d.what)).toEqual(
      expect.arrayContaining(['triage suggestion not used', 'classified as technical → technical']),
    );
  });

  it('a department the template does not have is not used', () => {
    const h = new Harness(v2, input, 'C1', suggested('legal', 0.99));
    expect(h.state.department).toBe('technical');
    expect(h.state.decisions.find((d) => d.what === 'triage suggestion not used')?.why).toMatch(
      /department legal is not in this template/,
    );
  });

  it('no suggestion: the reason is logged and the rules route as in v1', () => {
    const h = new Harness(v2, input, 'C1', { none: 'too few cases per department to suggest' });
    expect(h.state.suggestion).toBeUndefined();
    expect(h.openTask()).toMatchObject({ step: 'triage' });
    expect(h.state.decisions.find((d) => d.what === 'no triage suggestion')?.why).toBe(
      'too few cases per department to suggest',
    );
  });

  it('the case view shows the suggestion', () => {
    const h = new Harness(v2, input, 'C1', suggested('billing', 0.93));
    expect(toCaseView(v2, h.state, h.now).suggestion).toEqual({
      category: 'billing',
      department: 'billing',
      confidence: 0.93,
      because: ['付款', 'pay'],
      model: 4,
      used: true,
    });
  });
});
