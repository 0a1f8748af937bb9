/**
 * The lock file installs as it is: `npm ci` (the bootstrap of `npm start`/`npm test`, the Dockerfile, CI)
 * refuses a lock that lacks a package some locked package names, or that disagrees with package.json. npm 11
 * leaves other platforms' optional packages (e.g. @swc/core-darwin-arm64) out of a lock it rewrites inside
 * an installed tree, so this check catches such a lock before a colleague on another machine does.
 * Regenerate with `npm install --package-lock-only` in a clone without node_modules.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../config/paths';

type Deps = Record<string, string>;

interface LockedPackage {
  version?: string;
  link?: boolean;
  dependencies?: Deps;
  devDependencies?: Deps;
  optionalDependencies?: Deps;
}

interface Lock {
  lockfileVersion: number;
  packages: Record<string, LockedPackage>;
}

interface Manifest {
  dependencies?: Deps;
  devDependencies?: Deps;
}

/**
 * Where `name`, required by the package locked at `from`, is locked: Node's lookup, nearest `node_modules`
 * first, the way npm reads the lock's flat `packages` map.
 */
function resolveLocked(lock: Lock, from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const key = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[key]) return key;
    if (!dir) return undefined;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut < 0 ? '' : dir.slice(0, cut);
  }
}

/** Every reason `npm ci` would refuse this lock for this package.json, one line each. */
function lockProblems(manifest: Manifest, lock: Lock): string[] {
  const problems: string[] = [];
  if (lock.lockfileVersion < 2) problems.push(`lockfileVersion ${lock.lockfileVersion}: expected 2 or 3`);
  const root = lock.packages[''];
  if (!root) return [...problems, 'no root package entry ("") in package-lock.json'];

  for (const field of ['dependencies', 'devDependencies'] as const) {
    const wanted = manifest[field] ?? {};
    const locked = root[field] ?? {};
    for (const [name, range] of Object.entries(wanted)) {
      if (locked[name] !== range) {
        problems.push(
          `${field}.${name}: package.json asks ${range}, the lock's root entry has ${locked[name] ?? 'nothing'}`,
        );
      }
      if (!lock.packages[`node_modules/${name}`])
        problems.push(`${name}: in package.json, no locked package`);
    }
    for (const name of Object.keys(locked)) {
      if (!(name in wanted)) problems.push(`${field}.${name}: in the lock's root entry, not in package.json`);
    }
  }

  for (const [key, pkg] of Object.entries(lock.packages)) {
    if (key === '' || pkg.link) continue;
    for (const field of ['dependencies', 'optionalDependencies'] as const) {
      for (const name of Object.keys(pkg[field] ?? {})) {
        if (!resolveLocked(lock, key, name))
          problems.push(`${name}: needed by ${key}, missing from the lock`);
      }
    }
  }
  return problems;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(projectRoot, file), 'utf8')) as T;

describe('package-lock.json', () => {
  it('locks every package some locked package names (every platform) and agrees with package.json', () => {
    expect(lockProblems(readJson('package.json'), readJson('package-lock.json'))).toEqual([]);
  });
});

describe('the lock check itself', () => {
  const manifest = { dependencies: { a: '^1.0.0' }, devDependencies: { t: '^2.0.0' } };
  const complete: Lock = {
    lockfileVersion: 3,
    packages: {
      '': { dependencies: { a: '^1.0.0' }, devDependencies: { t: '^2.0.0' } },
      'node_modules/a': { version: '1.2.0', optionalDependencies: { 'a-darwin-arm64': '1.2.0' } },
      'node_modules/a-darwin-arm64': { version: '1.2.0' },
      'node_modules/t': { version: '2.0.0', dependencies: { u: '^1.0.0' } },
      'node_modules/t/node_modules/u': { version: '1.0.0' },
    },
  };
  const without = (key: string): Lock => ({
    ...complete,
    packages: Object.fromEntries(Object.entries(complete.packages).filter(([k]) => k !== key)),
  });

  it('accepts a complete lock, nested packages included', () => {
    expect(lockProblems(manifest, complete)).toEqual([]);
  });

  it("names another platform's optional package that is missing", () => {
    expect(lockProblems(manifest, without('node_modules/a-darwin-arm64'))).toEqual([
      'a-darwin-arm64: needed by node_modules/a, missing from the lock',
    ]);
  });

  it('names a nested dependency that is missing', () => {
    expect(lockProblems(manifest, without('node_modules/t/node_modules/u'))).toEqual([
      'u: needed by node_modules/t, missing from the lock',
    ]);
  });

  it('names a range that differs from package.json, a package not locked, and one package.json dropped', () => {
    const lock = without('node_modules/t');
    const problems = lockProblems(
      { dependencies: { a: '^1.1.0' }, devDependencies: { t: '^2.0.0' } },
      {
        ...lock,
        packages: {
          ...lock.packages,
          '': { dependencies: { a: '^1.0.0', gone: '1.0.0' }, devDependencies: { t: '^2.0.0' } },
        },
      },
    );
    expect(problems).toEqual([
      "dependencies.a: package.json asks ^1.1.0, the lock's root entry has ^1.0.0",
      "dependencies.gone: in the lock's root entry, not in package.json",
      't: in package.json, no locked package',
    ]);
  });
});
