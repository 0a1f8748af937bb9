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
 *
 * Limits (docs/security.md, Linear-time regexes and a cost limit in CEL). `matches()` runs RE2 (linear in
 * the text; expression-regex.ts) instead of cel-js's backtracking JavaScript RegExp: cel-js cannot replace
 * a built-in function, so each expression that calls `matches` also runs as a copy whose calls are renamed
 * to a function of our own (expression-limits.ts). Size is bounded when parsing (AST nodes, depth) and the
 * estimated cost before running (COST_LIMIT). Both change what running cases could decide, so inside a
 * workflow they apply behind the patch CEL_LIMITS_PATCH: a history recorded before them replays as it ran.
 */
import { Environment, type ASTNode } from '@marcbachmann/cel-js';
import { inWorkflowContext, patched } from '@temporalio/workflow';
import { describeValue, fromCel, toCelContext, type ExpressionContext } from './expression-values';
import {
  COST_LIMIT,
  estimatedCost,
  growsWithData,
  LINEAR_MATCHES,
  renameMatches,
  shapeOf,
  type ExpressionShape,
} from './expression-limits';
import { re2Matches, regexProblem, withRegexBudget } from './expression-regex';

export type { CaseFacts, ExpressionContext } from './expression-values';

export type ExpressionErrorKind = 'parse' | 'type' | 'evaluation' | 'result' | 'limit';

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
  // Learned triage (issue 17): absent reads as department "" and confidence 0.0.
  suggestion: {
    category: 'string',
    department: 'string',
    confidence: 'double',
    because: 'list<string>',
    model: 'int',
    used: 'bool',
  },
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

/**
 * The same environment plus `matches` under the name the RE2 copies of expressions call. Registered as a
 * closure of our own, not re2Matches itself: cel-js annotates the functions it registers when it first
 * checks a call, and the worker shares this module between workflows and freezes what it exports
 * (workflows/shared-modules.ts), so an exported function would refuse the annotation and every RE2 copy.
 */
const linearEnvironment = environment
  .clone()
  .registerFunction(`string.${LINEAR_MATCHES}(string): bool`, (text: string, pattern: string) =>
    re2Matches(text, pattern),
  );

/** Marks, in a case's history, that its expressions run with RE2 and the cost limit (Temporal patch). */
export const CEL_LIMITS_PATCH = 'cel-linear-regex';

/** Set while an update validator runs (inUpdateValidator). */
let validating = false;

/**
 * Whether RE2 and the cost limit apply: always outside a workflow; inside one, unless Temporal is replaying
 * history recorded before them. Asked only when an expression calls `matches` or is over the limit, so the
 * histories of other cases get no marker. Never asked in an update validator: a marker recorded there would
 * have no patched() call to match on replay, where validators do not run (a nondeterminism error).
 */
const limitsApply = (): boolean => validating || !inWorkflowContext() || patched(CEL_LIMITS_PATCH);

/**
 * Runs an update validator's engine call. Validators run live only, never on replay, so their expressions
 * take RE2 and the limits without a patch marker; the update's handler then asks patched(), which is true
 * in live execution, so both agree.
 */
export function inUpdateValidator<T>(validate: () => T): T {
  validating = true;
  try {
    return validate();
  } finally {
    validating = false;
  }
}

type Parsed = ReturnType<Environment['parse']>;
/** `linear` is what runs when the limits apply: `parsed` itself, or its RE2 copy when it calls `matches`. */
type CacheEntry =
  | { parsed: Parsed; check: CheckResult; shape: ExpressionShape; linear: Parsed | ExpressionError }
  | { error: CheckResult & { ok: false } };

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
  // A runtime error in the RE2 copy of an expression names the function as the designer wrote it.
  [new RegExp(LINEAR_MATCHES, 'g'), 'matches'],
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
    const check: CheckResult = checked.valid
      ? { ok: true, type: checked.type ?? 'dyn' }
      : { ok: false, ...describe(checked.error) };
    const shape = shapeOf(astOf(parsed));
    entry = { parsed, check, shape, linear: check.ok ? linearCopy(source, parsed, shape) : parsed };
  } catch (error) {
    entry = { error: { ok: false, ...describe(error) } };
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(source, entry);
  return entry;
}

const astOf = (parsed: Parsed): ASTNode => (parsed as Parsed & { ast: ASTNode }).ast;

/** The expression with its `matches` calls on RE2; an error (refusing it) if the copy cannot be made. */
function linearCopy(source: string, parsed: Parsed, shape: ExpressionShape): Parsed | ExpressionError {
  if (shape.matches.length === 0) return parsed;
  const renamed = renameMatches(source, shape);
  try {
    if (renamed === undefined) throw new Error('a matches() call is not where it was parsed');
    const linear = linearEnvironment.parse(renamed);
    const copy = shapeOf(astOf(linear));
    if (!linear.check().valid || copy.matches.length > 0) throw new Error('the RE2 copy does not check');
    return linear;
  } catch (error) {
    return new ExpressionError(
      'parse',
      source,
      `matches() cannot run with RE2 here: ${describe(error).message}`,
    );
  }
}

/** Literal `matches()` patterns that RE2 refuses (backreferences, lookaround, a repeat over 1000, …). */
function patternProblem(shape: ExpressionShape): CheckResult | undefined {
  for (const call of shape.matches) {
    const pattern = call.args[2][0];
    if (pattern?.op !== 'value' || typeof pattern.args !== 'string') continue;
    const problem = regexProblem(pattern.args);
    if (problem) return { ok: false, message: `matches(): ${problem}`, offset: pattern.range.start };
  }
  return undefined;
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
  if (entry.linear instanceof ExpressionError) return { ok: false, message: entry.linear.message };
  const problem = patternProblem(entry.shape);
  if (problem) return problem;
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
  const celContext = toCelContext(context);
  const cost = growsWithData(entry.shape) ? estimatedCost(entry.shape, celContext) : 0;
  let program = entry.parsed;
  if ((entry.shape.matches.length > 0 || cost > COST_LIMIT) && limitsApply()) {
    if (cost > COST_LIMIT) {
      throw new ExpressionError(
        'limit',
        source,
        `expression too costly for this data: about ${Math.round(cost)} steps, the limit is ${COST_LIMIT} (nested comprehensions over large lists)`,
      );
    }
    if (entry.linear instanceof ExpressionError) throw entry.linear;
    program = entry.linear;
  }
  let result: unknown;
  try {
    result = withRegexBudget(() => program(celContext) as unknown);
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
  visit(astOf(entry.parsed));
  return found;
}
