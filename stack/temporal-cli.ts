/**
 * Finds the Temporal CLI (which embeds the dev server) without downloading anything from outside the
 * package registries: on PATH, else in the clone's `.tools/bin/`, else in a cache outside the clone, else
 * built from its Go module into that cache (setup/go-binaries.ts). The version is pinned once, in
 * package.json `config`.
 *
 * Run directly (`node dist/stack/temporal-cli.js`) it makes sure the binary exists and prints its path;
 * `npm start` and `npm test` do this before anything else.
 */
import { existsSync, lstatSync, mkdirSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config/paths';
import { cacheDir, GoBinaryMissing, goInstall, onPath, type GoBinary } from '../setup/go-binaries';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require(join(projectRoot, 'package.json')) as { config: { temporalCliVersion: string } };

/** The pinned Temporal CLI version (v1.5.x is the newest line whose go.mod has no `replace`). */
export const temporalCliVersion = pkg.config.temporalCliVersion;

const cli: GoBinary = {
  name: 'temporal',
  pkg: 'github.com/temporalio/cli/cmd/temporal',
  version: temporalCliVersion,
};
const cliCache = () => cacheDir('temporal-cli', temporalCliVersion);

/** Where the binary is now, without building anything. */
export function findTemporalCli(): string | undefined {
  const candidates = [
    onPath('temporal'),
    join(projectRoot, '.tools', 'bin', 'temporal'),
    join(cliCache(), 'temporal'),
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

/** The path of a usable `temporal` binary, building it once when there is none. */
export function ensureTemporalCli(log: (line: string) => void = console.log): string {
  const found = findTemporalCli();
  if (found) {
    if (found.startsWith(cliCache())) linkIntoTools(found);
    return found;
  }
  goInstall([cli], cliCache(), log, `the Temporal CLI v${temporalCliVersion}`);
  const built = join(cliCache(), 'temporal');
  linkIntoTools(built);
  return built;
}

if (require.main === module) {
  try {
    const binary = ensureTemporalCli();
    console.log(`caseflow: Temporal CLI at ${binary}`);
  } catch (err) {
    console.error(err instanceof GoBinaryMissing ? err.message : String(err));
    process.exit(1);
  }
}
