/**
 * Property: whatever a designer does to a valid template, the validator never throws; it answers either
 * "valid" or a non-empty list of located errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { compileTemplate } from '../../../definitions/compile';
import { validateTemplateSource } from '../../../definitions/validate';

const text = readFileSync(join(__dirname, '../../../definitions/customer-issue/v1.yaml'), 'utf8');
const data: unknown = parse(text);

type Path = Array<string | number>;

function paths(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item, i) => paths(item, [...prefix, i]))];
  if (value && typeof value === 'object') {
    return [prefix, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  }
  return [prefix];
}
const allPaths = paths(data).filter((p) => p.length > 0);

function edit(
  root: unknown,
  path: Path,
  change: (parent: Record<string | number, unknown>, key: string | number) => void,
): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent = copy;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  change(parent, path[path.length - 1] as string | number);
  return copy;
}

const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 200 }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    'P1',
    'L2',
    'frontline',
    'triage',
    '24x7',
    '80%',
    '4h',
    'case.priority == "P1"',
    'default',
    'end',
    '09:00-18:00',
  ),
);
const value = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), scalar, { maxKeys: 3 }),
);

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...allPaths) }),
  fc.record({ kind: fc.constant('replace' as const), path: fc.constantFrom(...allPaths), value }),
  fc.record({
    kind: fc.constant('rename' as const),
    path: fc.constantFrom(...allPaths.filter((p) => p[p.length - 1] === 'id')),
    value: fc.string({ maxLength: 10 }),
  }),
);

function apply(
  root: unknown,
  m: fc.Arbitrary<unknown> extends never ? never : { kind: string; path: Path; value?: unknown },
): unknown {
  return edit(root, m.path, (parent, key) => {
    if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else parent[key] = m.value;
  });
}

function expectLocatedAnswer(source: string): void {
  const result = validateTemplateSource(source, 'fuzz.yaml');
  if (result.ok) {
    // What validates also compiles, into plain JSON.
    const compiled = compileTemplate(source, 'fuzz.yaml');
    expect(compiled.ok).toBe(true);
    if (compiled.ok) expect(JSON.parse(JSON.stringify(compiled.plan))).toEqual(compiled.plan);
    return;
  }
  expect(result.errors.length).toBeGreaterThan(0);
  const lines = source.split('\n').length;
  for (const error of result.errors) {
    expect(error.file).toBe('fuzz.yaml');
    expect(error.line).toBeGreaterThanOrEqual(1);
    expect(error.line).toBeLessThanOrEqual(lines + 1);
    expect(error.column).toBeGreaterThanOrEqual(1);
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.message).not.toMatch(/\n|at .*\.ts:\d+|internal error/);
  }
}

describe('validator robustness', () => {
  it('answers with valid or located errors for random structural edits', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const mutated = mutations.reduce<unknown>((doc, m) => {
          try {
            return apply(doc, m);
          } catch {
            return doc; // the path vanished under an earlier edit
          }
        }, data);
        expectLocatedAnswer(stringify(mutated));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
  });

  it('answers with valid or located errors for random text edits', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: text.length - 1 }),
        fc.nat({ max: 20 }),
        fc.oneof(
          fc.string({ maxLength: 8 }),
          fc.constantFrom(':', '- ', '\t', '"', '{', '[', '&a', '*a', '\n  ', '#'),
        ),
        (at, cut, insert) => expectLocatedAnswer(text.slice(0, at) + insert + text.slice(at + cut)),
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (source) => expectLocatedAnswer(source)),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
    );
  });

  it('reports an error for a deleted required key (the property can fail)', () => {
    const mutated = apply(data, { kind: 'delete', path: ['steps', 3, 'department'] });
    const result = validateTemplateSource(stringify(mutated), 'fuzz.yaml');
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual([
      "missing 'department': expected a department id or a CEL expression yielding one",
    ]);
  });
});
