/**
 * A process that cannot start says which setting is wrong, in one line per setting, and exits 1 — no stack
 * trace. Runs the compiled entry points as a user would.
 */
import { spawnSync } from 'node:child_process';
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
