/**
 * The production database roles (docs/operations.md, "Running on compose"): `caseflow migrate` runs as the
 * database owner, then the worker and the API run as a runtime role that reads and writes caseflow's
 * tables but cannot change the schema, and may only INSERT and SELECT the audit log. A database and two
 * roles of its own, on the real PostgreSQL, dropped afterwards.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { projectRoot } from '../../config/paths';
import { migrationNames } from '../../db/migrate';
import { createPool, quoteIdent } from '../../db/pool';
import { freePort, startNode, type Started } from '../support/processes';
import { apiAs, eventually } from '../support/system';

const suffix = randomBytes(4).toString('hex');
const owner = `cf_owner_${suffix}`;
const runtime = `cf_app_${suffix}`;
const database = `cf_roles_${suffix}`;
const adminUrl = process.env.DATABASE_URL!;

/** The test server's URL with another user and database (trust authentication: no password). */
function urlAs(user: string): string {
  const url = new URL(adminUrl);
  url.username = user;
  url.password = '';
  url.pathname = `/${database}`;
  return url.toString();
}

const baseEnv = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  LOG_LEVEL: 'info',
  // The development tokens are accepted on loopback only (api/dev-tokens.ts).
  CASEFLOW_API_HOST: '127.0.0.1',
});

const caseflow = (args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, [join(projectRoot, 'bin', 'caseflow.js'), ...args], {
    env: { ...baseEnv(), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

let admin: Pool;
let asRuntime: Pool;
const running: Started[] = [];

beforeAll(async () => {
  if (!existsSync(join(projectRoot, 'dist', 'cli', 'migrate.js'))) {
    throw new Error('dist/ is missing or old: run `npm run build` (npm test does it first)');
  }
  admin = createPool(adminUrl, { max: 1 });
  await admin.query(`CREATE ROLE ${quoteIdent(owner)} LOGIN`);
  await admin.query(`CREATE ROLE ${quoteIdent(runtime)} LOGIN`);
  await admin.query(`CREATE DATABASE ${quoteIdent(database)} OWNER ${quoteIdent(owner)}`);
  asRuntime = createPool(urlAs(runtime), { max: 2 });
});

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  await asRuntime?.end();
  await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
  await admin.query(`DROP ROLE IF EXISTS ${quoteIdent(runtime)}`);
  await admin.query(`DROP ROLE IF EXISTS ${quoteIdent(owner)}`);
  await admin.end();
});

it.each(['api/main.js', 'worker/main.js'])(
  '%s as the runtime role on an unmigrated database stops with one line naming the migrate job',
  (entry) => {
    const res = spawnSync(process.execPath, [join(projectRoot, 'dist', entry)], {
      env: { ...baseEnv(), DATABASE_URL: urlAs(runtime), TEMPORAL_ADDRESS: '127.0.0.1:1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(
      new RegExp(`not migrated \\(${migrationNames().length} pending: .*role "${runtime}" may not change`),
    );
    expect(res.stderr).toMatch(/run `caseflow migrate` as the database owner/);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
  },
);

it('caseflow migrate applies the migrations as the owner, grants the runtime role, and is a no-op again', () => {
  const env = { DATABASE_URL: urlAs(owner), CASEFLOW_RUNTIME_ROLE: runtime };
  const first = caseflow(['migrate'], env);
  expect(first.stderr).toBe('');
  expect(first.status).toBe(0);
  for (const name of migrationNames()) expect(first.stdout).toContain(`caseflow migrate: applied ${name}\n`);
  expect(first.stdout).toMatch(
    new RegExp(
      `granted "${runtime}" SELECT, INSERT, UPDATE, DELETE on .*cases.*; SELECT, INSERT on audit_log`,
    ),
  );

  const again = caseflow(['migrate'], env);
  expect(again.status).toBe(0);
  expect(again.stdout).toContain(`up to date (${migrationNames().length} migrations)`);
  expect(again.stdout).not.toContain('applied');
});

it('caseflow migrate says in one line what is wrong', () => {
  const missingRole = caseflow(['migrate'], {
    DATABASE_URL: urlAs(owner),
    CASEFLOW_RUNTIME_ROLE: 'cf_nobody',
  });
  expect(missingRole.status).toBe(1);
  expect(missingRole.stderr).toBe(
    `caseflow migrate: ${new URL(urlAs(owner)).host}/${database}: role "cf_nobody" does not exist: create it ` +
      `first (CREATE ROLE "cf_nobody" LOGIN PASSWORD '…'; deploy/postgres-init.sql does on compose)\n`,
  );
  const unreachable = caseflow(['migrate'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
  expect(unreachable.status).toBe(1);
  expect(unreachable.stderr).toMatch(/^caseflow migrate: 127\.0\.0\.1:1\/none: .*ECONNREFUSED.*\n$/);
  const unset = caseflow(['migrate'], {});
  expect(unset.status).toBe(2);
  expect(unset.stderr).toMatch(/^caseflow: bad setting DATABASE_URL: required by `caseflow migrate`/);
});

describe('the runtime role', () => {
  const refused = async (sql: string) => {
    const err = await asRuntime.query(sql).then(
      () => undefined,
      (e: { code?: string; message: string }) => e,
    );
    expect(err).toBeDefined();
    expect(err?.code).toBe('42501');
    return err!.message;
  };

  it('cannot create, alter or drop', async () => {
    expect(await refused('CREATE TABLE intruder (id int)')).toMatch(/permission denied for schema public/);
    expect(await refused('CREATE SCHEMA intruder')).toMatch(/permission denied for database/);
    expect(await refused('ALTER TABLE cases ADD COLUMN intruder int')).toMatch(
      /must be owner of table cases/,
    );
    expect(await refused('DROP TABLE tasks')).toMatch(/must be owner of table tasks/);
    expect(await refused('TRUNCATE outbox')).toMatch(/permission denied for table outbox/);
    expect(await refused("INSERT INTO caseflow_migrations (name, run_on) VALUES ('x', now())")).toMatch(
      /permission denied for table caseflow_migrations/,
    );
  });

  it('may only insert into and read the audit log (refused by its rights, before the trigger)', async () => {
    await asRuntime.query(
      "INSERT INTO audit_log (principal, action, resource) VALUES ('auditor', 'case.history', 'case/x')",
    );
    const rows = await asRuntime.query('SELECT principal FROM audit_log');
    expect(rows.rows).toEqual([{ principal: 'auditor' }]);
    expect(await refused("UPDATE audit_log SET principal = 'someone else'")).toMatch(
      /permission denied for table audit_log/,
    );
    expect(await refused('DELETE FROM audit_log')).toMatch(/permission denied for table audit_log/);
  });

  it('runs the worker and the API: a case is opened, projected, worked and audited', async () => {
    const temporalAddress = process.env.CASEFLOW_TEST_TEMPORAL_ADDRESS!;
    const port = await freePort();
    const env = {
      ...baseEnv(),
      DATABASE_URL: urlAs(runtime),
      TEMPORAL_ADDRESS: temporalAddress,
      CASEFLOW_TASK_QUEUE: `caseflow-roles-${suffix}`,
      CASEFLOW_WORKFLOW_BUNDLE: process.env.CASEFLOW_TEST_WORKFLOW_BUNDLE,
      PORT: String(port),
    };
    running.push(await startNode(join(projectRoot, 'dist', 'worker', 'main.js'), env, /worker running/));
    running.push(await startNode(join(projectRoot, 'dist', 'api', 'main.js'), env, /api listening/));

    const url = `http://127.0.0.1:${port}`;
    const opened = await apiAs(url, 'dev-intake').post('/cases', {
      channel: 'web',
      customer: { id: `cu-roles-${suffix}` },
      subject: 'Cannot log in',
      description: 'the password reset mail never arrives',
    });
    expect(opened.status).toBe(201);
    const caseId: string = opened.body.id;
    const task = await eventually(async () => {
      const inbox = await apiAs(url, 'dev-frontline').get('/tasks?department=frontline');
      return inbox.body.items?.find((t: { caseId: string }) => t.caseId === caseId);
    }, 'the triage task, projected by the worker as the runtime role');
    const done = await apiAs(url, 'dev-frontline').post(`/tasks/${task.id}/complete`, {
      outcome: 'resolved',
      form: { resolution: 'password reset by phone' },
    });
    expect(done.status).toBe(200);
    const timeline = await apiAs(url, 'dev-auditor').get(`/cases/${caseId}/timeline`);
    expect(timeline.status).toBe(200);

    const audited = await asRuntime.query(
      'SELECT action, status FROM audit_log WHERE case_id = $1 ORDER BY id',
      [caseId],
    );
    expect(audited.rows).toEqual([
      { action: 'case.open', status: 201 },
      { action: 'task.complete', status: 200 },
      { action: 'case.timeline', status: 200 },
    ]);
    const projected = await asRuntime.query('SELECT status FROM cases WHERE id = $1', [caseId]);
    expect(projected.rows[0]?.status).toBeDefined();
  });
});
