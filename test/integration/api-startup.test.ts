/**
 * Production start-up refuses to run without payload encryption: the API and the worker, given their own
 * (non-development) auth file and NODE_ENV=production but no CASEFLOW_CODEC_KEY, exit 1 naming the setting,
 * before they connect to anything.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../config/paths';

const authFile = join(mkdtempSync(join(tmpdir(), 'caseflow-auth-')), 'auth.yaml');
writeFileSync(
  authFile,
  'principals:\n  - name: ops\n    tokenSha256: ' + 'a'.repeat(64) + '\n    roles: [admin]\n',
);

const run = (entry: string, env: Record<string, string>) =>
  spawnSync(process.execPath, [join(projectRoot, 'dist', entry)], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

it.each(['api/main.js', 'worker/main.js'])('%s refuses to start unencrypted in production', (entry) => {
  const res = run(entry, {
    NODE_ENV: 'production',
    CASEFLOW_AUTH_FILE: authFile,
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
  });
  expect(res.status).toBe(1);
  expect(res.stderr).toMatch(/CASEFLOW_CODEC_KEY: required when NODE_ENV=production/);
  expect(res.stderr).not.toMatch(/\s+at .*\.js:\d+/);
});

it('names a bad old key', () => {
  const res = run('api/main.js', { CASEFLOW_CODEC_OLD_KEYS: 'short' });
  expect(res.status).toBe(1);
  expect(res.stderr).toMatch(/bad setting CASEFLOW_CODEC_OLD_KEYS: expected comma-separated 256-bit keys/);
});
