/**
 * The image's way to run workers (Dockerfile): `npm run bundle` writes the workflow bundle once, and a worker
 * with CASEFLOW_WORKFLOW_BUNDLE loads that file instead of bundling at start. The compiled worker and API run
 * as processes, as in production, on the run's Temporal dev server and a database of their own.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { projectRoot } from '../../config/paths';
import { createPool, quoteIdent } from '../../db/pool';
import { freePort, startNode, type Started } from '../support/processes';
import { walkCaseToResolved } from '../support/walk-case';

const suffix = randomBytes(4).toString('hex');
const database = `cf_bundle_${suffix}`;
const adminUrl = process.env.DATABASE_URL!;
const dir = mkdtempSync(join(tmpdir(), 'caseflow-bundle-'));
const bundleFile = join(dir, 'workflow-bundle.js');
const codecKey = randomBytes(32).toString('hex');

const databaseUrl = (): string => {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

/** What the Dockerfile gives every worker and API process (plus the settings of this test's system). */
const processEnv = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  TEMPORAL_ADDRESS: process.env.CASEFLOW_TEST_TEMPORAL_ADDRESS,
  DATABASE_URL: databaseUrl(),
  CASEFLOW_TASK_QUEUE: `caseflow-bundle-${suffix}`,
  CASEFLOW_CODEC_KEY: codecKey,
  CASEFLOW_RATE_LIMIT: '0',
  LOG_LEVEL: 'info',
  // The development tokens are accepted on loopback only (api/dev-tokens.ts).
  CASEFLOW_API_HOST: '127.0.0.1',
  ...extra,
});
let admin: Pool;
const running: Started[] = [];

beforeAll(async () => {
  if (!existsSync(join(projectRoot, 'dist', 'worker', 'bundle.js'))) {
    throw new Error('dist/ is missing or old: run `npm run build` (npm test does it first)');
  }
  admin = createPool(adminUrl, { max: 1 });
  await admin.query(`CREATE DATABASE ${quoteIdent(database)}`);
});

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
});

it('npm run bundle writes the bundle, and a worker that loads it runs a case from intake to resolved', async () => {
  const bundled = spawnSync(
    process.execPath,
    [join(projectRoot, 'dist', 'worker', 'bundle.js'), bundleFile],
    {
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  expect(bundled.stderr).toBe('');
  expect(bundled.stdout).toMatch(
    /^caseflow: workflow bundle written to .*workflow-bundle\.js \(\d+ KiB\)\n$/,
  );
  expect(bundled.status).toBe(0);

  const worker = await startNode(
    join(projectRoot, 'dist', 'worker', 'main.js'),
    processEnv({ CASEFLOW_WORKFLOW_BUNDLE: bundleFile }),
    /worker running/,
  );
  running.push(worker);
  expect(worker.output()).toContain(`"workflowBundle":"${bundleFile}"`);

  const port = await freePort();
  const apiProcess = await startNode(
    join(projectRoot, 'dist', 'api', 'main.js'),
    processEnv({ PORT: String(port) }),
    /api listening/,
  );
  running.push(apiProcess);

  await walkCaseToResolved(
    `http://127.0.0.1:${port}`,
    'cu-bundle',
    'the triage task of a case run by the prebuilt bundle',
  );
});

it('the worker runs the file CASEFLOW_WORKFLOW_BUNDLE names, not a bundle of its own', () => {
  // The bundle of the first test with a first line that throws. Were the setting ignored, this worker would
  // bundle workflows/ itself and start; it stops on the file instead.
  const broken = join(dir, 'broken-bundle.js');
  writeFileSync(
    broken,
    `throw new Error('this is not the workflow bundle');\n${readFileSync(bundleFile, 'utf8')}`,
  );
  const res = spawnSync(process.execPath, [join(projectRoot, 'dist', 'worker', 'main.js')], {
    env: processEnv({ CASEFLOW_WORKFLOW_BUNDLE: broken, LOG_LEVEL: 'silent' }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(res.status).toBe(1);
  expect(res.stderr.trim().split('\n')).toEqual([
    expect.stringMatching(/^caseflow worker: .*this is not the workflow bundle/),
  ]);
});

it('a worker whose CASEFLOW_WORKFLOW_BUNDLE names no file stops with one line naming the setting', () => {
  const res = spawnSync(process.execPath, [join(projectRoot, 'dist', 'worker', 'main.js')], {
    env: processEnv({ CASEFLOW_WORKFLOW_BUNDLE: join(dir, 'missing.js') }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(res.status).toBe(1);
  expect(res.stderr.trim().split('\n')).toEqual([
    expect.stringMatching(
      /^caseflow: bad setting CASEFLOW_WORKFLOW_BUNDLE: expected the path of a readable file: the workflow bundle `npm run bundle` writes/,
    ),
  ]);
});
