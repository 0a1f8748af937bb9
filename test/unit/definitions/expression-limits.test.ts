/**
 * CEL `matches()` with RE2 semantics and the cost limit of one evaluation (issue 11, item 7;
 * docs/security.md, Linear-time regexes and a cost limit in CEL). The catastrophic patterns below took
 * hours with cel-js's own `matches` (a backtracking JavaScript RegExp); here they answer at once. The
 * tests assert answers, not times.
 */
import {
  checkExpression,
  evaluateCondition,
  evaluateExpression,
  ExpressionError,
  type ExpressionContext,
} from '../../../definitions/expressions';
import { REGEX_LIMITS } from '../../../definitions/expression-regex';
import { COST_LIMIT } from '../../../definitions/expression-limits';

const withText = (text: string, vars: Record<string, unknown> = {}): ExpressionContext => ({
  case: { subject: text, text },
  vars,
});

/** The ExpressionError an evaluation throws (the test fails if it does not throw one). */
function failure(run: () => unknown): ExpressionError {
  try {
    run();
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error('expected an ExpressionError');
}

describe('matches() runs RE2: linear in the text, whatever the pattern', () => {
  const attack = 'a'.repeat(50) + '!';

  it.each([
    ['(a+)+$', attack, false],
    ['(a|a)*b', attack, false],
    ['(a|aa)+$', attack, false],
    ['^(\\w+\\s?)*$', attack, false],
    ['(x+x+)+y', 'x'.repeat(50), false],
    ['(a+)+!$', attack, true],
  ])('%s: a catastrophic pattern for a backtracking engine answers', (pattern, text, expected) => {
    expect(evaluateCondition(`case.text.matches(${JSON.stringify(pattern)})`, withText(text))).toBe(expected);
  });

  it('also with the pattern and the text from the data, and on the longest text allowed', () => {
    const text = 'a'.repeat(REGEX_LIMITS.textLength - 1) + '!';
    expect(evaluateCondition('vars.t.matches(vars.p)', withText('', { t: text, p: '(a+)+$' }))).toBe(false);
  });

  it('has RE2 semantics: partial match, inline flags, \\z, Unicode classes', () => {
    const ctx = withText('Outage: 无法登录 since 9am');
    expect(evaluateCondition('case.text.matches("since \\\\d+am")', ctx)).toBe(true);
    expect(evaluateCondition('case.text.matches("(?i)OUTAGE")', ctx)).toBe(true);
    expect(evaluateCondition('case.text.matches("9am\\\\z")', ctx)).toBe(true);
    expect(evaluateCondition('case.text.matches("\\\\p{Han}+")', ctx)).toBe(true);
    expect(evaluateCondition('case.text.matches("^since")', ctx)).toBe(false);
  });

  it('works wherever the call stands: parentheses, comments, comprehensions, a string that spells it', () => {
    const ctx = withText('refund please', { notes: ['ok', 'chargeback filed'] });
    expect(evaluateCondition('(case.text) // matches(\n  .matches("refund")', ctx)).toBe(true);
    expect(evaluateCondition('vars.notes.exists(n, n.matches("^charge"))', ctx)).toBe(true);
    expect(evaluateCondition('"x.matches(".matches("s\\\\(") && case.text.matches("please$")', ctx)).toBe(
      true,
    );
  });

  it('refuses at run time what RE2 does not have (a pattern from the data), naming matches()', () => {
    const backreference = failure(() =>
      evaluateCondition('vars.t.matches(vars.p)', withText('', { t: 'aa', p: '(a)\\1' })),
    );
    expect(backreference).toMatchObject({ kind: 'evaluation', offset: 0 });
    expect(backreference.message).toBe('matches(): invalid RE2 pattern (invalid escape sequence: `\\1`)');
    const lookahead = failure(() => evaluateCondition('vars.t.matches("a(?=b)")', withText('', { t: 'ab' })));
    expect(lookahead.message).toContain('invalid or unsupported Perl syntax');
  });

  it('keeps the words of the designer in errors of the RE2 copy', () => {
    const error = failure(() => evaluateCondition('vars.x.matches("a")', withText('', { x: 1 })));
    expect(error.message).toBe("found no matching overload for 'int.matches(string)'");
  });
});

describe('matches() patterns are checked when a template is validated', () => {
  it('refuses a literal RE2 does not accept, at the literal', () => {
    expect(checkExpression('case.text.matches("(a)\\\\1")', 'bool')).toEqual({
      ok: false,
      message: 'matches(): invalid RE2 pattern (invalid escape sequence: `\\1`)',
      offset: 18,
    });
    expect(checkExpression('case.text.matches("ok") || case.text.matches("(?<=a)b")')).toMatchObject({
      ok: false,
      offset: 45,
    });
    expect(checkExpression('case.text.matches("x{1001}")')).toMatchObject({
      ok: false,
      message: expect.stringContaining('invalid repeat count'),
    });
  });

  it('refuses a pattern longer than the limit', () => {
    const long = 'a'.repeat(REGEX_LIMITS.patternLength + 1);
    expect(checkExpression(`case.text.matches("${long}")`)).toMatchObject({
      ok: false,
      message: `matches(): the pattern is ${long.length} characters long, more than ${REGEX_LIMITS.patternLength}`,
    });
  });

  it('accepts RE2 patterns and patterns that come from the data', () => {
    expect(checkExpression('case.text.matches("(?i)refund|money back")', 'bool')).toEqual({
      ok: true,
      type: 'bool',
    });
    expect(checkExpression('case.text.matches(vars.pattern)', 'bool')).toEqual({ ok: true, type: 'bool' });
  });
});

describe('the cost of one evaluation is bounded', () => {
  it('fails a matches() call on text longer than the limit', () => {
    const error = failure(() =>
      evaluateCondition('vars.t.matches("a")', withText('', { t: 'a'.repeat(REGEX_LIMITS.textLength + 1) })),
    );
    expect(error.message).toBe(
      `matches(): the text is ${REGEX_LIMITS.textLength + 1} characters long, more than ${REGEX_LIMITS.textLength}`,
    );
  });

  it('bounds the text all matches() calls of one evaluation look at, and starts afresh for the next', () => {
    const big = 'a'.repeat(REGEX_LIMITS.textLength);
    const count = REGEX_LIMITS.textPerEvaluation / REGEX_LIMITS.textLength;
    const within = withText('', { l: Array.from({ length: count }, () => big) });
    const beyond = withText('', { l: Array.from({ length: count + 1 }, () => big) });
    expect(evaluateCondition('vars.l.all(t, t.matches("^a+$"))', within)).toBe(true);
    expect(failure(() => evaluateCondition('vars.l.all(t, t.matches("^a+$"))', beyond)).message).toBe(
      `matches(): this expression's calls look at more than ${REGEX_LIMITS.textPerEvaluation} characters of text`,
    );
    expect(evaluateCondition('vars.l.all(t, t.matches("^a+$"))', within)).toBe(true);
  });

  it('refuses nested comprehensions over large lists before they run', () => {
    const list = Array.from({ length: 2000 }, (_, i) => i);
    const error = failure(() =>
      evaluateCondition('vars.l.exists(x, vars.l.exists(y, x == y + 5000))', withText('', { l: list })),
    );
    expect(error.kind).toBe('limit');
    expect(error.message).toMatch(/^expression too costly for this data: about \d+ steps, the limit is /);
    expect(error.message).toContain(`the limit is ${COST_LIMIT} (nested comprehensions over large lists)`);
    // The same expression on a small list, and one level over the large list, run.
    expect(
      evaluateCondition(
        'vars.l.exists(x, vars.l.exists(y, x == y + 5))',
        withText('', { l: list.slice(0, 20) }),
      ),
    ).toBe(true);
    expect(evaluateCondition('vars.l.exists(x, x == 1999)', withText('', { l: list }))).toBe(true);
  });

  it('counts a string that split() can turn into a list, and list literals', () => {
    const words = 'w '.repeat(5000);
    const nested = 'case.text.split(" ").exists(a, case.text.split(" ").exists(b, a + b == "xy"))';
    expect(failure(() => evaluateCondition(nested, withText(words))).kind).toBe('limit');
    expect(evaluateCondition(nested, withText('x y'))).toBe(true);
    expect(evaluateExpression('[1, 2, 3].map(x, [4, 5].map(y, x * y))', withText(''))).toEqual([
      [4, 5],
      [8, 10],
      [12, 15],
    ]);
  });

  it('refuses an expression larger than the parser allows', () => {
    const huge = Array.from({ length: 1500 }, () => 'case.text == "x"').join(' || ');
    expect(checkExpression(huge)).toMatchObject({
      ok: false,
      message: expect.stringContaining('maxAstNodes'),
    });
  });
});
