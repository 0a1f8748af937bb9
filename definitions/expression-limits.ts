/**
 * What an expression may cost, read from its syntax tree before it runs (docs/security.md, Linear-time
 * regexes and a cost limit in CEL). cel-js bounds the size of an expression (AST nodes, nesting depth) but
 * has no step limit while it runs; the work it can do grows with the data only through comprehensions
 * (`all`, `exists`, `exists_one`, `map`, `filter`), by a factor of the list's size per level of nesting.
 * So an expression's estimated cost is its node count at each comprehension depth d times B^d, where B is
 * the largest list or map in the data it sees (the largest string too when it calls `split`), and one that
 * would pass COST_LIMIT is refused before it runs. `matches()` has its own budget (expression-regex.ts).
 *
 * Also here: finding the `matches()` calls, so expressions.ts can run RE2 for them and the validator can
 * check their literal patterns. Workflow-safe: pure functions of the tree and the data.
 */
import type { ASTNode } from '@marcbachmann/cel-js';

/** The most estimated steps (nodes visited) one evaluation may take. */
export const COST_LIMIT = 1_000_000;

const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

/** The name `matches` is given in the source that runs with RE2: as long as `matches`, so offsets hold. */
export const LINEAR_MATCHES = '__re2__';

export interface ExpressionShape {
  /** Nodes at each comprehension depth: [outside any, inside one, inside two, …]. */
  nodesByDepth: number[];
  /** The largest list or map literal, and the longest string literal, in the expression itself. */
  largestLiteral: number;
  /** Whether `split` can turn a string of the data into a list to iterate over. */
  splits: boolean;
  /** `x.matches(p)` calls, outermost first. */
  matches: Array<Extract<ASTNode, { op: 'rcall' }>>;
}

const isNode = (value: unknown): value is ASTNode =>
  typeof value === 'object' && value !== null && 'op' in value && 'args' in value;

export function shapeOf(ast: ASTNode): ExpressionShape {
  const shape: ExpressionShape = { nodesByDepth: [], largestLiteral: 0, splits: false, matches: [] };
  const visit = (value: unknown, depth: number): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth);
      return;
    }
    if (!isNode(value)) return;
    shape.nodesByDepth[depth] = (shape.nodesByDepth[depth] ?? 0) + 1;
    const node = value;
    if (node.op === 'list' || node.op === 'map')
      shape.largestLiteral = Math.max(shape.largestLiteral, node.args.length);
    if (node.op === 'value' && typeof node.args === 'string')
      shape.largestLiteral = Math.max(shape.largestLiteral, node.args.length);
    if (node.op === 'rcall') {
      const [name, receiver, args] = node.args;
      if (name === 'matches') shape.matches.push(node);
      if (name === 'split') shape.splits = true;
      if (COMPREHENSIONS.has(name) && args.length >= 2) {
        visit(receiver, depth);
        visit(args, depth + 1);
        return;
      }
    }
    visit(node.args, depth);
  };
  visit(ast, 0);
  return shape;
}

/** Whether the estimate needs the data at all: only comprehensions make cost grow with it. */
export const growsWithData = (shape: ExpressionShape): boolean => shape.nodesByDepth.length > 1;

/** Σ nodes at depth d × B^d. */
export function estimatedCost(shape: ExpressionShape, context: Record<string, unknown>): number {
  const bound = Math.max(1, shape.largestLiteral, largestIn(context, shape.splits));
  return shape.nodesByDepth.reduce((sum, nodes, depth) => sum + (nodes ?? 0) * bound ** depth, 0);
}

/** The largest list or map (and string, when `strings`) anywhere in the data. */
function largestIn(root: unknown, strings: boolean): number {
  let largest = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (strings) largest = Math.max(largest, value.length);
    } else if (Array.isArray(value)) {
      largest = Math.max(largest, value.length);
      for (const item of value) stack.push(item);
    } else if (value instanceof Map) {
      largest = Math.max(largest, value.size);
      for (const item of value.values()) stack.push(item);
    } else if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
      const items = Object.values(value);
      largest = Math.max(largest, items.length);
      for (const item of items) stack.push(item);
    }
  }
  return largest;
}

/**
 * The source with every `matches` call renamed to LINEAR_MATCHES, or undefined when a name is not where the
 * tree says (then the expression is refused rather than run with a backtracking regex). Between a call's
 * receiver and its first argument there are only blanks, comments, parentheses, the dot and the name.
 */
export function renameMatches(source: string, shape: ExpressionShape): string | undefined {
  let out = source;
  for (const call of shape.matches) {
    const [, receiver, args] = call.args;
    const at = nameOffset(source, receiver.range.end, args[0]?.range.start ?? call.range.end);
    if (at === undefined) return undefined;
    out = out.slice(0, at) + LINEAR_MATCHES + out.slice(at + 'matches'.length);
  }
  return out;
}

function nameOffset(source: string, from: number, to: number): number | undefined {
  let dot = false;
  for (let i = from; i < to;) {
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || (c === ')' && !dot)) {
      i += 1;
    } else if (c === '/' && source[i + 1] === '/') {
      while (i < to && source[i] !== '\n') i += 1;
    } else if (c === '.' && !dot) {
      dot = true;
      i += 1;
    } else {
      const after = source[i + 'matches'.length] ?? '';
      return dot && source.startsWith('matches', i) && !/[\w]/.test(after) ? i : undefined;
    }
  }
  return undefined;
}
