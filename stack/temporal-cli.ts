/**
 * Finds the Temporal CLI (which embeds the dev server) without downloading anything from outside the
 * package registries: on PATH, else in the clone's `.tools/bin/`, else in a cache outside the clone, else
 * built from its Go module into that cache. The version is pinned once, in package.json `config`.
 *
 * Run directly (`node dist/stack/temporal-cli.js`) it makes sure the binary exists and prints its path;
 * `npm start` and `npm test` do this before anything else.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  lstatSync,
  unlinkSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { projectRoot } from '../config/paths';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require(join(projectRoot, 'package.json')) as { config: { temporalCliVersion: string } };

/** The pinned Temporal CLI version (v1.5.x is the newest line whose go.mod has no `replace`). */
export const temporalCliVersion = pkg.config.temporalCliVersion;
export const temporalCliModule = `github.com/temporalio/cli/cmd/temporal@v${temporalCliVersion}`;

export class TemporalCliMissing extends Error {}

function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'caseflow', 'temporal-cli', temporalCliVersion);
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Where the binary is now, without building anything. */
export function findTemporalCli(): string | undefined {
  const candidates = [
    onPath('temporal'),
    join(projectRoot, '.tools', 'bin', 'temporal'),
    join(cacheDir(), 'temporal'),
  ];
  return candidates.find((c): c is string => c !== undefined && existsSync(c));
}

function linkIntoTools(binary: string): void {
  const toolsBin = join(projectRoot, '.tools', 'bin');
  const link = join(toolsBin, 'temporal');
  mkdirSync(toolsBin, { recursive: true });
  try {
    if (lstatSync(link, { throwIfNoEntry: false })) unlinkSync(link);
    symlinkSync(binary, link);
  } catch {
    // A read-only clone still works: the cache path is used directly.
  }
}

/** Builds the pinned CLI with `go install` into the cache (atomically: several processes may race). */
function buildTemporalCli(log: (line: string) => void): string {
  const go = onPath('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!go) {
    throw new TemporalCliMissing(
      `caseflow needs the Temporal CLI v${temporalCliVersion} and found none. Either put a \`temporal\` ` +
        `binary on PATH, or install the Go toolchain (go ≥ 1.23, https://go.dev/doc/install) so caseflow can ` +
        `build it with \`go install ${temporalCliModule}\`.`,
    );
  }
  const target = cacheDir();
  const staging = `${target}.building-${process.pid}`;
  mkdirSync(staging, { recursive: true });
  log(`caseflow: building the Temporal CLI v${temporalCliVersion} from its Go module (a few minutes, once)…`);
  const built = spawnSync(go, ['install', temporalCliModule], {
    env: { ...process.env, GOBIN: staging, GOFLAGS: process.env.GOFLAGS ?? '-trimpath' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (built.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new TemporalCliMissing(
      `\`go install ${temporalCliModule}\` failed (exit ${built.status ?? built.signal}). ` +
        `Check that the Go module proxy is reachable, or put a \`temporal\` binary on PATH.`,
    );
  }
  mkdirSync(target, { recursive: true });
  const binary = join(target, 'temporal');
  chmodSync(join(staging, 'temporal'), 0o755);
  renameSync(join(staging, 'temporal'), binary);
  rmSync(staging, { recursive: true, force: true });
  return binary;
}

/** The path of a usable `temporal` binary, building it once when there is none. */
export function ensureTemporalCli(log: (line: string) => void = console.log): string {
  const found = findTemporalCli();
  if (found) {
    if (found.startsWith(cacheDir())) linkIntoTools(found);
    return found;
  }
  const built = buildTemporalCli(log);
  linkIntoTools(built);
  return built;
}

if (require.main === module) {
  try {
    const binary = ensureTemporalCli();
    console.log(`caseflow: Temporal CLI at ${binary}`);
  } catch (err) {
    console.error(err instanceof TemporalCliMissing ? err.message : String(err));
    process.exit(1);
  }
}
