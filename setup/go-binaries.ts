/**
 * Temporal's programs that caseflow runs (the CLI's dev server, the real server, its SQL schema tool) come
 * from their Go modules, never as downloaded binaries: the machines caseflow is developed and tested on
 * reach the Go module proxy but no release pages. A binary is found on PATH, else in a cache outside the
 * clone (so every clone and CI run shares one build), else built there once with `go install` at the
 * version pinned in package.json.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';

export class GoBinaryMissing extends Error {}

/** One program built from a Go module. */
export interface GoBinary {
  /** The file name caseflow looks for on PATH and keeps in the cache, e.g. `temporal-server`. */
  name: string;
  /** The package path, e.g. `go.temporal.io/server/cmd/server`. */
  pkg: string;
  /** The module version without the `v`, e.g. `1.32.1`. */
  version: string;
  /** What `go install` names it (the package's last element), when it differs from `name`. */
  installedAs?: string;
}

/** `~/.cache/caseflow/<group>/<version>` (or under XDG_CACHE_HOME). */
export function cacheDir(group: string, version: string): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'caseflow', group, version);
}

export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** `go` from GOROOT when set (as Go's own tools do), else on PATH, else where Go's installer puts it. */
export function goCommand(): string | undefined {
  if (process.env.GOROOT) {
    const go = join(process.env.GOROOT, 'bin', 'go');
    return existsSync(go) ? go : undefined;
  }
  return onPath('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
}

/** `go install` of every binary into `target`, staged so that processes racing to build never see half a file. */
export function goInstall(
  binaries: GoBinary[],
  target: string,
  log: (line: string) => void,
  why: string,
): void {
  const go = goCommand();
  const modules = binaries.map((b) => `${b.pkg}@v${b.version}`);
  if (!go) {
    throw new GoBinaryMissing(
      `caseflow needs ${binaries.map((b) => b.name).join(' and ')} and found none. Either put ` +
        `${binaries.length > 1 ? 'them' : 'it'} on PATH, or install the Go toolchain (https://go.dev/doc/install) ` +
        `so caseflow can build ${binaries.length > 1 ? 'them' : 'it'} with \`go install ${modules.join(' ')}\`.`,
    );
  }
  // Another process (a second test run, `npm start` beside `npm test`) already building the same binaries
  // is waited for rather than joined: two builds of a module this size on two cores take twice as long.
  if (waitForOtherBuild(binaries, target, log)) return;
  const staging = `${target}.building-${process.pid}`;
  mkdirSync(staging, { recursive: true });
  log(`caseflow: building ${why} from its Go module (several minutes, once; cached in ${target})…`);
  for (const [i, binary] of binaries.entries()) {
    const built = spawnSync(go, ['install', modules[i]!], {
      env: { ...process.env, GOBIN: staging, GOFLAGS: process.env.GOFLAGS ?? '-trimpath' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (built.status !== 0) {
      rmSync(staging, { recursive: true, force: true });
      throw new GoBinaryMissing(
        `\`go install ${modules[i]}\` failed (exit ${built.status ?? built.signal}). Check that the Go ` +
          `module proxy is reachable, or put a \`${binary.name}\` binary on PATH.`,
      );
    }
  }
  mkdirSync(target, { recursive: true });
  for (const binary of binaries) {
    const from = join(staging, binary.installedAs ?? binary.name);
    chmodSync(from, 0o755);
    renameSync(from, join(target, binary.name));
  }
  rmSync(staging, { recursive: true, force: true });
}

/** The pids of live processes building into `target` (their staging folders are `<target>.building-<pid>`). */
function otherBuilders(target: string): number[] {
  const parent = dirname(target);
  if (!existsSync(parent)) return [];
  const prefix = `${basename(target)}.building-`;
  return readdirSync(parent)
    .filter((name) => name.startsWith(prefix))
    .map((name) => Number(name.slice(prefix.length)))
    .filter((pid) => Number.isInteger(pid) && pid !== process.pid && alive(pid));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Waits while another live process builds into `target`; true when its binaries then exist. A builder that
 * dies without finishing leaves the build to this process (false).
 */
function waitForOtherBuild(binaries: GoBinary[], target: string, log: (line: string) => void): boolean {
  const done = () => binaries.every((b) => existsSync(join(target, b.name)));
  let builders = otherBuilders(target);
  if (builders.length === 0) return false;
  log(`caseflow: waiting for process ${builders.join(', ')}, which is building ${target}…`);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (builders.length > 0 && !done()) {
    Atomics.wait(pause, 0, 0, 2000); // a synchronous sleep: this module's callers are synchronous
    builders = otherBuilders(target);
  }
  return done();
}
