#!/usr/bin/env node
// Runs before `npm start` and `npm test` so that a fresh clone needs nothing but those two commands:
// installs dependencies when they are missing or stale, compiles TypeScript, and makes sure the pinned
// Temporal CLI binary is available (found, or built from its Go module). Plain JS on purpose: it runs
// before node_modules exist.
//
// `--part <entry>` (before `npm run worker` / `npm run api`, which join a running Temporal): only what that
// entry needs to start — install when node_modules is missing, compile when dist/<entry> is missing — and
// never the Temporal CLI. When both are there it does nothing, so a part starts as fast as `node dist/…`.
//
// `--no-cli` (before `npm run cluster`, which runs the real Temporal server, not the CLI's dev server):
// installs and compiles as usual, but does not build the Temporal CLI.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// A step that fails has printed why (npm, tsc, temporal-cli.js): exit with its status, no stack trace.
const run = (cmd, args) => {
  try {
    execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
  } catch (err) {
    process.exit(typeof err.status === 'number' && err.status > 0 ? err.status : 1);
  }
};

const partAt = process.argv.indexOf('--part');
const part = partAt < 0 ? undefined : process.argv[partAt + 1];
if (partAt >= 0 && !part) {
  console.error('caseflow: bootstrap --part needs the entry under dist/, e.g. worker/main.js');
  process.exit(2);
}

const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');
const stale = () => statSync(installed).mtimeMs < statSync(lock).mtimeMs;
if (part && existsSync(join(root, 'dist', part))) process.exit(0);
if (!existsSync(installed) || (!part && stale())) {
  // `npm ci`: exactly the locked versions, and it never rewrites the lock. It refuses a lock that lacks any
  // platform's optional packages or disagrees with package.json; test/unit/foundation/lock.test.ts keeps
  // the committed lock complete (regenerate with `npm install --package-lock-only` without node_modules).
  console.log('caseflow: installing dependencies (npm ci from package-lock.json)…');
  run(npm, ['ci', '--no-audit', '--no-fund']);
}

console.log('caseflow: compiling TypeScript…');
run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']);
// The web console (console/, served by the API at /console/): Vite builds it into dist/console. A worker
// part does not serve it.
if (!part || part.startsWith('api/')) {
  console.log('caseflow: building the web console…');
  run(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build']);
}
if (part || process.argv.includes('--no-cli')) process.exit(0);

// Says what is missing and how to install it when it cannot find or build the CLI.
run(process.execPath, [join(root, 'dist', 'stack', 'temporal-cli.js')]);

// `--cluster` (before `npm test`, whose fault suite runs `npm run cluster`): also the Temporal server, its
// SQL tool and the UI server, so no test waits on their first build (many minutes on two cores).
if (process.argv.includes('--cluster'))
  run(process.execPath, [join(root, 'dist', 'stack', 'cluster-binaries.js')]);
