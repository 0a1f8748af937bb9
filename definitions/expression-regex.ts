/**
 * CEL `matches()` with RE2 semantics, as the CEL specification defines it: linear in the text, whatever the
 * pattern (re2js, a pure-JS port of RE2/J; no backtracking, so no catastrophic patterns). cel-js's own
 * `matches` is a JavaScript RegExp, which backtracks: `(a+)+$` on fifty `a`s and a `!` runs for hours,
 * inside the workflow sandbox, on text a customer wrote. expressions.ts runs this one instead.
 *
 * Workflow-safe like expressions.ts: re2js is plain JavaScript without I/O, clock or randomness, and the
 * compiled patterns cached here change nothing but speed.
 */
import { RE2JS } from 're2js';
import { EvaluationError } from '@marcbachmann/cel-js';

/** The limits of `matches()` (docs/security.md, Linear-time regexes and a cost limit in CEL). */
export const REGEX_LIMITS = {
  /** Longest text one `matches()` call looks at, in UTF-16 code units; longer text fails the call. */
  textLength: 65_536,
  /** Longest pattern, in UTF-16 code units. RE2 also refuses repeat counts above 1000. */
  patternLength: 1_024,
  /** Text all `matches()` calls of one evaluation may look at together (a comprehension over a list). */
  textPerEvaluation: 262_144,
} as const;

const compiled = new Map<string, RE2JS | string>();
const COMPILED_LIMIT = 256;

/** Why RE2 refuses a pattern, in a designer's words; undefined when it compiles. */
export function regexProblem(pattern: string): string | undefined {
  const result = compile(pattern);
  return typeof result === 'string' ? result : undefined;
}

function compile(pattern: string): RE2JS | string {
  const cached = compiled.get(pattern);
  if (cached !== undefined) return cached;
  let result: RE2JS | string;
  if (pattern.length > REGEX_LIMITS.patternLength) {
    result = `the pattern is ${pattern.length} characters long, more than ${REGEX_LIMITS.patternLength}`;
  } else {
    try {
      result = RE2JS.compile(pattern);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      result = `invalid RE2 pattern (${message.replace(/^error parsing regexp: /, '')})`;
    }
  }
  if (compiled.size >= COMPILED_LIMIT) compiled.delete(compiled.keys().next().value as string);
  compiled.set(pattern, result);
  return result;
}

/** Text that the `matches()` calls of the evaluation under way may still look at. */
let textLeft: number = REGEX_LIMITS.textPerEvaluation;

/** Runs `evaluate` with a fresh `matches()` budget (evaluation is synchronous: one at a time). */
export function withRegexBudget<T>(evaluate: () => T): T {
  textLeft = REGEX_LIMITS.textPerEvaluation;
  try {
    return evaluate();
  } finally {
    textLeft = REGEX_LIMITS.textPerEvaluation;
  }
}

/** `text.matches(pattern)`: true when RE2 finds the pattern anywhere in the text (CEL semantics). */
export function re2Matches(text: string, pattern: string): boolean {
  const regex = compile(pattern);
  if (typeof regex === 'string') throw new EvaluationError(`matches(): ${regex}`);
  if (text.length > REGEX_LIMITS.textLength) {
    throw new EvaluationError(
      `matches(): the text is ${text.length} characters long, more than ${REGEX_LIMITS.textLength}`,
    );
  }
  if (text.length > textLeft) {
    throw new EvaluationError(
      `matches(): this expression's calls look at more than ${REGEX_LIMITS.textPerEvaluation} characters of text`,
    );
  }
  textLeft -= text.length;
  return regex.test(text);
}
