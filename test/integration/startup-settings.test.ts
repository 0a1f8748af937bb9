/**
 * A process that cannot start says which setting is wrong, in one line per setting, and exits 1 — no stack
 * trace. Runs the compiled entry points as a user would.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../config/paths';

const run = (entry: string, env: Record<string, string>) =>
  spawnSync(process.execPath, [join(projectRoot, 'dist', entry)], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

it('npm start names each bad setting', () => {
  const res = run('stack/start.js', { PORT: 'abc', LOG_LEVEL: 'chatty' });
  expect(res.status).toBe(1);
  const lines = res.stderr.trim().split('\n');
  expect(lines).toEqual([
    expect.stringMatching(/^caseflow: bad setting PORT: expected a TCP port number \(got "abc"\)$/),
    expect.stringMatching(/^caseflow: bad setting LOG_LEVEL: expected one of fatal, error, warn/),
  ]);
  expect(res.stderr).not.toMatch(/\s+at .*\.js:\d+/);
});

it('npm run worker and npm run api say which connection settings they need', () => {
  for (const entry of ['worker/main.js', 'api/main.js']) {
    const res = run(entry, {});
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/bad setting TEMPORAL_ADDRESS: required by `npm run (worker|api)`/);
    expect(res.stderr).toMatch(/bad setting DATABASE_URL: required/);
  }
});

it('the API refuses the development auth file in production, naming the setting', () => {
  const res = run('api/main.js', {
    NODE_ENV: 'production',
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
  });
  expect(res.status).toBe(1);
  expect(res.stderr).toMatch(
    /CASEFLOW_AUTH_FILE: .*dev-auth\.yaml is the development auth file and is refused/,
  );
});

it('the API refuses the public development tokens on all interfaces unless CASEFLOW_DEV=1', () => {
  const settings = { TEMPORAL_ADDRESS: '127.0.0.1:1', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
  const refused = run('api/main.js', settings);
  expect(refused.status).toBe(1);
  const lines = refused.stderr.trim().split('\n');
  expect(lines).toEqual([
    expect.stringMatching(
      /^caseflow api: cannot start: CASEFLOW_AUTH_FILE: unset, so the public development tokens would be accepted on 0\.0\.0\.0:3000/,
    ),
  ]);
  // Deliberately (or on loopback) it goes on — and fails further on, at the unreachable database.
  const ways: Array<Record<string, string>> = [{ CASEFLOW_DEV: '1' }, { CASEFLOW_API_HOST: '127.0.0.1' }];
  for (const extra of ways) {
    const accepted = run('api/main.js', { ...settings, ...extra });
    expect(accepted.status).toBe(1);
    expect(accepted.stderr).not.toMatch(/development tokens/);
    expect(accepted.stderr).toMatch(/cannot start/);
  }
});

it('the API refuses an auth file that repeats a principal, naming the lines of both', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'cf-auth-')), 'auth.yaml');
  const entry = (name: string) =>
    `  - name: ${name}\n    tokenSha256: ${'a'.repeat(64)}\n    roles: [agent]\n    departments: [frontline]\n`;
  writeFileSync(file, `principals:\n${entry('anna')}${entry('anna')}`);
  const res = run('api/main.js', {
    CASEFLOW_AUTH_FILE: file,
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
  });
  expect(res.status).toBe(1);
  expect(res.stderr.trim().split('\n')).toEqual([
    `caseflow api: cannot start: CASEFLOW_AUTH_FILE: ${file}:6: principal name "anna" is already used at line 2; each principal needs its own name`,
    `CASEFLOW_AUTH_FILE: ${file}:7: the tokenSha256 of "anna" is the same as that of "anna" at line 3; each principal needs its own token`,
  ]);
});
