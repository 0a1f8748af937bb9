/**
 * The CEL environment of the template language, in one place: the validator checks expressions with it and
 * the engine evaluates them with it, so what passes validation is exactly what runs.
 *
 * This module is imported by the Temporal workflow bundle: it must stay deterministic and free of Node
 * built-ins (no Date.now, no Math.random, no I/O). The clock comes in as the `now` variable.
 *
 * Numeric policy. cel-js represents CEL `int` as bigint and `double` as number. Case data is JSON, where
 * every number is a double, so before evaluation every integral, safe-integer number in the context becomes
 * an `int` and every other number a `double`. `int` and `double` compare with each other (`> 100` works on
 * 150 and on 99.5), and mixed arithmetic (`int * double`) is registered here and yields a double. Results
 * never leave as bigint (Temporal payloads cannot carry it): ints become JS numbers, timestamps ISO strings,
 * durations milliseconds, maps plain objects.
 */
import { Environment } from '@marcbachmann/cel-js';
import type { ASTNode } from '@marcbachmann/cel-js';
import { describeValue, fromCel, toCelContext, type ExpressionContext } from './expression-values';

export type { CaseFacts, ExpressionContext } from './expression-values';

export type ExpressionErrorKind = 'parse' | 'type' | 'evaluation' | 'result';

/** An expression that does not parse, does not type-check, fails at run time or yields the wrong type. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  constructor(
    readonly kind: ExpressionErrorKind,
    readonly source: string,
    message: string,
    /** Offset of the offending token in `source`, when known. */
    readonly offset?: number,
  ) {
    super(message);
  }
}

export type CheckResult = { ok: true; type: string } | { ok: false; message: string; offset?: number };

/** What a place in the template expects an expression to yield. */
export type ExpectedType = 'bool' | 'string' | 'timestamp' | 'any';

const caseSchema = {
  channel: 'string',
  customer: { id: 'string', name: 'string', tier: 'string', phone: 'string', email: 'string' },
  subject: 'string',
  description: 'string',
  text: 'string',
  attributes: 'map<string, dyn>',
  category: 'string',
  department: 'string',
  priority: 'string',
  tags: 'list<string>',
  flags: 'list<string>',
} as const;

const TIMESTAMP = 'google.protobuf.Timestamp';

function createEnvironment(): Environment {
  const env = new Environment({
    unlistedVariablesAreDyn: false,
    // Designers write mixed literals such as {"a": 1, "b": "x"}; CEL's strict homogeneity only surprises.
    homogeneousAggregateLiterals: false,
    limits: { maxAstNodes: 2000, maxDepth: 64 },
  })
    .registerVariable({ name: 'case', schema: caseSchema })
    .registerVariable('vars', 'map<string, dyn>')
    .registerVariable('survey', 'map<string, dyn>')
    .registerVariable('now', TIMESTAMP);
  const arithmetic: Record<string, (a: number, b: number) => number> = {
    '+': (a, b) => a + b,
    '-': (a, b) => a - b,
    '*': (a, b) => a * b,
    '/': (a, b) => a / b,
  };
  for (const [op, apply] of Object.entries(arithmetic)) {
    env.registerOperator(`int ${op} double`, (a: bigint, b: number) => apply(Number(a), b));
    env.registerOperator(`double ${op} int`, (a: number, b: bigint) => apply(a, Number(b)));
  }
  return env;
}

const environment = createEnvironment();

type Parsed = ReturnType<Environment['parse']>;
type CacheEntry = { parsed: Parsed; check: CheckResult } | { error: CheckResult & { ok: false } };

/** Parsed expressions by source. Templates hold a bounded set of expressions, the bound guards misuse. */
const cache = new Map<string, CacheEntry>();
const CACHE_LIMIT = 5000;

interface CelErrorLike {
  summary?: string;
  message?: string;
  range?: { start: number; end: number };
}

/** cel-js messages in the words of a template designer. */
const REWORDINGS: Array<[RegExp, string]> = [
  [/^Unknown variable: (.+)$/, "unknown variable '$1' (expected case, vars, survey or now)"],
  [/^No such key: (.+)$/, "unknown field '$1'"],
];

function describe(error: unknown): { message: string; offset?: number } {
  const e = (error ?? {}) as CelErrorLike;
  let message =
    e.summary ?? (typeof e.message === 'string' ? e.message.split('\n')[0] : undefined) ?? String(error);
  for (const [pattern, replacement] of REWORDINGS) message = message.replace(pattern, replacement);
  return e.range ? { message, offset: e.range.start } : { message };
}

function lookup(source: string): CacheEntry {
  const cached = cache.get(source);
  if (cached) return cached;
  let entry: CacheEntry;
  try {
    const parsed = environment.parse(source);
    const checked = parsed.check();
    entry = checked.valid
      ? { parsed, check: { ok: true, type: checked.type ?? 'dyn' } }
      : { parsed, check: { ok: false, ...describe(checked.error) } };
  } catch (error) {
    entry = { error: { ok: false, ...describe(error) } };
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(source, entry);
  return entry;
}

function accepts(expected: ExpectedType, type: string): boolean {
  if (expected === 'any' || type === 'dyn' || type.startsWith('dyn<')) return true;
  if (expected === 'timestamp') return type === TIMESTAMP;
  return type === expected;
}

/**
 * Parses and type-checks an expression against the caseflow variables. Unknown variables and unknown
 * fields of `case` / `case.customer` are errors; `vars`, `survey` and `case.attributes` are maps, so their
 * keys are checked elsewhere (validate.ts checks attributes against the template's `input`).
 */
export function checkExpression(source: string, expected: ExpectedType = 'any'): CheckResult {
  if (typeof source !== 'string' || source.trim() === '')
    return { ok: false, message: 'expected a CEL expression, got an empty string' };
  const entry = lookup(source);
  if ('error' in entry) return entry.error;
  if (!entry.check.ok) return entry.check;
  if (!accepts(expected, entry.check.type)) {
    return {
      ok: false,
      message: `expected an expression of type ${expected}, this one yields ${entry.check.type}`,
      offset: 0,
    };
  }
  return entry.check;
}

/** Evaluates an expression; throws ExpressionError when it does not compile or fails at run time. */
export function evaluateExpression(source: string, context: ExpressionContext): unknown {
  const entry = lookup(source);
  if ('error' in entry) throw new ExpressionError('parse', source, entry.error.message, entry.error.offset);
  if (!entry.check.ok) throw new ExpressionError('type', source, entry.check.message, entry.check.offset);
  let result: unknown;
  try {
    result = entry.parsed(toCelContext(context)) as unknown;
  } catch (error) {
    const { message, offset } = describe(error);
    throw new ExpressionError('evaluation', source, message, offset);
  }
  if (result instanceof Promise)
    throw new ExpressionError('evaluation', source, 'expression is asynchronous');
  return fromCel(result);
}

/** Evaluates a `when`; a non-boolean result is an ExpressionError, never silently false. */
export function evaluateCondition(source: string, context: ExpressionContext): boolean {
  const result = evaluateExpression(source, context);
  if (typeof result !== 'boolean')
    throw new ExpressionError('result', source, `expected a bool, got ${describeValue(result)}`);
  return result;
}

/** Names used as `case.attributes.<name>` or `case.attributes["name"]`, with their offsets. */
export function attributeReferences(source: string): Array<{ name: string; offset: number }> {
  return keyReferences(
    source,
    (node) =>
      node.op === '.' &&
      node.args[1] === 'attributes' &&
      node.args[0].op === 'id' &&
      node.args[0].args === 'case',
  );
}

/** Names used as `survey.<name>` or `survey["name"]`, with their offsets. */
export function surveyReferences(source: string): Array<{ name: string; offset: number }> {
  return keyReferences(source, (node) => node.op === 'id' && node.args === 'survey');
}

function keyReferences(
  source: string,
  isMap: (node: ASTNode) => boolean,
): Array<{ name: string; offset: number }> {
  const entry = lookup(source);
  if ('error' in entry) return [];
  const found: Array<{ name: string; offset: number }> = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object' || !('op' in value)) return;
    const node = value as ASTNode;
    if ((node.op === '.' || node.op === '.?') && isMap(node.args[0])) {
      found.push({ name: node.args[1], offset: node.range.end - node.args[1].length });
    }
    if (
      node.op === '[]' &&
      isMap(node.args[0]) &&
      node.args[1].op === 'value' &&
      typeof node.args[1].args === 'string'
    ) {
      found.push({ name: node.args[1].args, offset: node.args[1].range.start });
    }
    visit(node.args);
  };
  visit((entry.parsed as Parsed & { ast: ASTNode }).ast);
  return found;
}
