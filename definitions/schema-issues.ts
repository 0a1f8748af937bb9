/**
 * zod issues → located template errors. zod knows what was expected at a path; this file says it in the
 * words of the language ("missing 'title'", "unknown key 'nxt' (expected one of …)") and finds the place in
 * the YAML through the loader's position map.
 */
import type * as z from 'zod';
import type { TemplateError } from './errors';
import type { DocumentPath, LoadedTemplate } from './load';

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

/** Messages for issues whose schema did not say what it expects. */
export function defaultIssueMessage(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${article(String(issue.expected))}, got ${describeInput(issue.input)}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `expected at least ${String(issue.minimum)} item${Number(issue.minimum) === 1 ? '' : 's'}`
        : `expected a value ≥ ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `expected at most ${String(issue.maximum)} items`
        : `expected a value ≤ ${String(issue.maximum)}`;
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeInput(issue.input)}`;
    case 'invalid_format':
      return `expected text matching ${issue.pattern ?? issue.format}, got ${describeInput(issue.input)}`;
    case 'invalid_key':
      return `invalid key ${describeInput(issue.input)}`;
    case 'unrecognized_keys':
      return `unknown key ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    case 'invalid_union':
    case 'invalid_element':
    case 'not_multiple_of':
    case 'custom':
      return `invalid value ${describeInput(issue.input)}`;
  }
}

function article(expected: string): string {
  const words: Record<string, string> = {
    object: 'a map',
    array: 'a list',
    int: 'an integer',
    record: 'a map',
  };
  return words[expected] ?? `a ${expected}`;
}

export function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a map';
  if (typeof input === 'string') return `'${input.length > 40 ? `${input.slice(0, 40)}…` : input}'`;
  if (typeof input === 'number' || typeof input === 'boolean') return `${typeof input} ${String(input)}`;
  return typeof input;
}

function valueAt(data: unknown, path: DocumentPath): { found: boolean; value: unknown } {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, String(segment)))
      return { found: false, value: undefined };
    value = (value as Record<string, unknown>)[String(segment)];
  }
  return { found: true, value };
}

/** The union branch that got furthest: the only one with no issue at its own root. */
function bestBranch(issue: Issue & { code: 'invalid_union' }): Issue[] | undefined {
  const candidates = issue.errors.filter(
    (branch) => branch.length > 0 && branch.every((i) => i.path.length > 0),
  );
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** Flattens unions into the issues of their best branch, with paths made absolute. */
function flatten(
  issues: readonly Issue[],
  prefix: PropertyKey[] = [],
): Array<Issue & { path: PropertyKey[] }> {
  const out: Array<Issue & { path: PropertyKey[] }> = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    const branch = issue.code === 'invalid_union' && !issue.discriminator ? bestBranch(issue) : undefined;
    if (branch) out.push(...flatten(branch, path));
    else out.push({ ...issue, path });
  }
  return out;
}

export function issuesToErrors(
  issues: readonly Issue[],
  template: LoadedTemplate,
  allowedKeys: (path: DocumentPath) => string[] | undefined,
): TemplateError[] {
  const errors: TemplateError[] = [];
  const push = (path: DocumentPath, message: string, key = false) =>
    errors.push({ file: template.file, ...template.locate(path, { key }), message });
  for (const issue of flatten(issues)) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(path);
      for (const key of issue.keys) {
        const hint = allowed ? ` (expected one of: ${allowed.join(', ')})` : '';
        push([...path, key], `unknown key '${key}'${hint}`, true);
      }
      continue;
    }
    const last = path[path.length - 1];
    const parent = valueAt(template.data, path.slice(0, -1));
    const missing =
      path.length > 0 &&
      parent.found &&
      parent.value !== null &&
      typeof parent.value === 'object' &&
      !Array.isArray(parent.value) &&
      !Object.hasOwn(parent.value, String(last));
    if (missing) {
      push(path.slice(0, -1), `missing '${String(last)}': ${issue.message}`);
    } else if (issue.code === 'invalid_key') {
      const inner = issue.issues[0]?.message;
      push(path, inner ? `${inner}, got '${String(last)}'` : issue.message, true);
    } else {
      push(path, issue.message);
    }
  }
  return errors;
}
