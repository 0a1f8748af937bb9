/**
 * The allowed directions between top-level folders (architecture.config.cjs, docs/architecture.md "Allowed
 * imports"): the map has no cycle and names every folder with code, and the repository's own ESLint
 * configuration refuses an import against it — so the rule cannot be switched off or loosened quietly.
 *
 * Each file under test/fixtures/imports/ is one import, linted as the file its `// as:` line names (the
 * file need not exist), and `// expect:` says what the boundary rules answer: a rule id and the start of
 * its message, or nothing.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(__dirname, '../../..');
// The map is read as data, like a fixture: it is no module of any folder.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { layers } = require(join(root, 'architecture.config.cjs')) as { layers: Record<string, string[]> };
const fixtures = join(root, 'test/fixtures/imports');

/** A cycle in the map, as a path of folders (`a -> b -> a`), or undefined. */
function cycleOf(graph: Record<string, string[]>): string | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (folder: string): string | undefined => {
    if (state.get(folder) === 'done') return undefined;
    if (state.get(folder) === 'open') return [...path.slice(path.indexOf(folder)), folder].join(' -> ');
    state.set(folder, 'open');
    path.push(folder);
    for (const next of graph[folder] ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(folder, 'done');
    return undefined;
  };
  for (const folder of Object.keys(graph)) {
    const cycle = visit(folder);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Does the folder hold TypeScript, at any depth? */
function holdsTypeScript(dir: string): boolean {
  return readdirSync(dir, { withFileTypes: true }).some((entry) =>
    entry.isDirectory() ? holdsTypeScript(join(dir, entry.name)) : entry.name.endsWith('.ts'),
  );
}

describe('the map of allowed imports', () => {
  it('has no cycle', () => {
    expect(cycleOf(layers)).toBeUndefined();
  });

  it('finds the cycle the issue found, were it allowed again', () => {
    expect(cycleOf({ ...layers, definitions: ['workflows'] })).toBe(
      'definitions -> workflows -> definitions',
    );
  });

  it('names only folders of the map', () => {
    const unknown = Object.entries(layers).flatMap(([from, to]) =>
      to.filter((folder) => !(folder in layers)).map((folder) => `${from} -> ${folder}`),
    );
    expect(unknown).toEqual([]);
  });

  it('places every top-level folder with TypeScript in it (those ESLint does not skip)', () => {
    const notLinted = new Set(['node_modules', 'dist', 'bin', 'scripts', 'coverage']);
    const folders = readdirSync(root).filter(
      (name) =>
        !name.startsWith('.') &&
        !notLinted.has(name) &&
        statSync(join(root, name)).isDirectory() &&
        holdsTypeScript(join(root, name)),
    );
    expect(folders.filter((folder) => !(folder in layers))).toEqual([]);
  });
});

interface Fixture {
  name: string;
  as: string;
  expect: string;
  code: string;
}

const cases: Fixture[] = readdirSync(fixtures)
  .filter((name) => name.endsWith('.txt'))
  .sort()
  .map((name) => {
    const code = readFileSync(join(fixtures, name), 'utf8');
    const header = (key: string) => new RegExp(`^// ${key}: (.*)$`, 'm').exec(code)?.[1]?.trim() ?? '';
    return { name, as: header('as'), expect: header('expect'), code };
  });

interface Finding {
  ruleId: string;
  message: string;
}

/**
 * Lints the fixtures with the repository's eslint.config.mjs through ESLint's API, in a child process (the
 * configuration is an ES module, which jest's CommonJS runtime cannot load). Only the boundary rules run,
 * and without type information, since the fixtures are not files of the TypeScript project.
 */
async function lintFixtures(): Promise<Finding[][]> {
  const script = `
    const { ESLint } = require('eslint');
    const cases = JSON.parse(process.env.FIXTURES);
    (async () => {
      const eslint = new ESLint({
        cwd: process.cwd(),
        ruleFilter: ({ ruleId }) => ruleId.startsWith('boundaries/'),
        overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
      });
      const out = [];
      for (const { as, code } of cases) {
        const [result] = await eslint.lintText(code, { filePath: as });
        out.push(result.messages.map(({ ruleId, message }) => ({ ruleId: ruleId ?? 'parse', message })));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((err) => { console.error(err); process.exit(1); });
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
    cwd: root,
    env: { ...process.env, FIXTURES: JSON.stringify(cases.map(({ as, code }) => ({ as, code }))) },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Finding[][];
}

describe('the lint rule (eslint.config.mjs)', () => {
  let findings: Finding[][];
  beforeAll(async () => {
    findings = await lintFixtures();
  }, 180_000);

  it('has fixtures that say where they are linted and what to expect', () => {
    expect(cases.length).toBeGreaterThan(0);
    for (const fixture of cases) {
      expect({ name: fixture.name, as: fixture.as.length > 0, expect: fixture.expect.length > 0 }).toEqual({
        name: fixture.name,
        as: true,
        expect: true,
      });
    }
  });

  it.each(cases.map((fixture, index) => [fixture.name, index] as const))('%s', (_name, index) => {
    const fixture = cases[index]!;
    const got = findings[index]!.map(({ ruleId, message }) => `${ruleId} ${message}`);
    expect(got).toEqual(fixture.expect === 'nothing' ? [] : [expect.stringContaining(fixture.expect)]);
  });
});
