import { checkExpression, evaluateCondition } from '../../../definitions/expressions';

const suggestion = {
  category: 'billing',
  department: 'billing',
  confidence: 1,
  because: ['退款'],
  model: 2,
  used: true,
};

describe('case.suggestion in CEL (issue 17)', () => {
  it('reads the suggestion scored at intake', () => {
    expect(
      evaluateCondition('case.suggestion.confidence >= 0.8 && case.suggestion.department == "billing"', {
        case: { suggestion },
      }),
    ).toBe(true);
    expect(
      evaluateCondition('case.suggestion.model > 1 && "退款" in case.suggestion.because', {
        case: { suggestion },
      }),
    ).toBe(true);
    expect(evaluateCondition('case.suggestion.used', { case: { suggestion } })).toBe(true);
  });

  it('reads an absent suggestion as empty, never as an error', () => {
    expect(evaluateCondition('case.suggestion.confidence >= 0.8', { case: {} })).toBe(false);
    expect(evaluateCondition('case.suggestion.used', { case: {} })).toBe(false);
    expect(evaluateCondition('case.suggestion.department == ""', { case: {} })).toBe(true);
  });

  it('type-checks its fields and refuses others', () => {
    expect(checkExpression('case.suggestion.confidence >= 0.8', 'bool').ok).toBe(true);
    expect(checkExpression('case.suggestion.nope', 'bool').ok).toBe(false);
  });
});
