#!/usr/bin/env node
// Runs before `npm start` and `npm test` so that a fresh clone needs nothing but those two commands:
// installs dependencies when they are missing or stale, compiles TypeScript, and makes sure the pinned
// Temporal CLI binary is available (found, or built from its Go module). Plain JS on purpose: it runs
// before node_modules exist.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  // `npm ci`: exactly the locked versions, and it never rewrites the lock. It refuses a lock that lacks any
  // platform's optional packages or disagrees with package.json; test/unit/foundation/lock.test.ts keeps
  // the committed lock complete (regenerate with `npm install --package-lock-only` without node_modules).
  console.log('caseflow: installing dependencies (npm ci from package-lock.json)…');
  run(npm, ['ci', '--no-audit', '--no-fund']);
}

console.log('caseflow: compiling TypeScript…');
run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']);

try {
  run(process.execPath, [join(root, 'dist', 'stack', 'temporal-cli.js')]);
} catch {
  // temporal-cli.js has already said what is missing and how to install it.
  process.exit(1);
}
