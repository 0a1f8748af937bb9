/**
 * `caseflow setup schema|namespace` (setup/) as operators and compose's one-shot jobs run it: the compiled
 * CLI as a child process with only the environment it is given. Bad input gets exit 1, one line on stderr
 * that names what is wrong, and changes nothing; a second run is a no-op. The schema step works on the real
 * PostgreSQL (databases of its own, dropped afterwards) with the cached temporal-sql-tool; the namespace
 * step on the test run's Temporal dev server (test/setup/global-setup.ts), in namespaces of its own.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { Client } from 'pg';
import { projectRoot } from '../../config/paths';
import { createPool, quoteIdent } from '../../db/pool';
import { caseSearchAttributes } from '../../workflows/search-attributes';
import { eventually } from '../support/system';

const { IndexedValueType } = temporal.api.enums.v1;

const suffix = randomBytes(4).toString('hex');
const prefix = `cf_setup_${suffix}`;
const adminUrl = process.env.DATABASE_URL!;
const address = process.env.CASEFLOW_TEST_TEMPORAL_ADDRESS!;
const admin = createPool(adminUrl, { max: 2 });
let connection: Connection;

/** `postgres://…/<name>` on the test server (trust authentication). */
function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** An empty directory: a cache without temporal-sql-tool, a GOROOT without go. */
const emptyDir = () => mkdtempSync(join(tmpdir(), 'caseflow-setup-'));

interface Run {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The compiled CLI with only PATH, HOME and `env`; killed after 60 s (a hang is a failure, not a wait). */
function caseflow(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(projectRoot, 'bin', 'caseflow.js'), ...args],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          signal: error?.signal ?? null,
          stdout,
          stderr,
          ms: Date.now() - started,
        }),
    );
  });
}

/** Exit 1 with exactly one line on stderr, no stack trace; returns that line. */
function refusal(run: Run): string {
  expect({ code: run.code, signal: run.signal }).toEqual({ code: 1, signal: null });
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  return lines[0]!;
}

function succeeded(run: Run): string {
  expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({
    code: 0,
    signal: null,
    stderr: '',
  });
  return run.stdout;
}

async function databasesLike(pattern: string): Promise<string[]> {
  const { rows } = await admin.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY datname',
    [pattern],
  );
  return rows.map((r) => r.datname);
}

/** What the set-up could have changed in one of Temporal's databases. */
async function snapshot(database: string) {
  const client = new Client({ connectionString: databaseUrl(database) });
  await client.connect();
  try {
    const tables = await client.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'",
    );
    const version = await client.query('SELECT * FROM schema_version');
    const history = await client.query<{ n: string }>('SELECT count(*) AS n FROM schema_update_history');
    return { tables: Number(tables.rows[0]!.n), version: version.rows, history: Number(history.rows[0]!.n) };
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (!existsSync(join(projectRoot, 'dist', 'setup', 'run.js'))) {
    throw new Error('dist/ is missing or old: run `npm run build` (npm test does it first)');
  }
  connection = await Connection.connect({ address });
});

afterAll(async () => {
  for (const name of await databasesLike(`${prefix}%`)) {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  }
  await admin.end();
  await connection?.close();
});

describe('caseflow setup schema', () => {
  it('without Go or temporal-sql-tool: one line on how to get it, and no database created', async () => {
    // Neither on PATH (the test machine has both), nor cached, nor under GOROOT.
    const path = (process.env.PATH ?? '')
      .split(delimiter)
      .filter((dir) => dir && !existsSync(join(dir, 'go')) && !existsSync(join(dir, 'temporal-sql-tool')))
      .join(delimiter);
    const run = await caseflow(['setup', 'schema'], {
      PATH: path,
      XDG_CACHE_HOME: emptyDir(),
      GOROOT: emptyDir(),
      CASEFLOW_TEMPORAL_DATABASE_URL: databaseUrl(`${prefix}_nogo`),
    });
    expect(refusal(run)).toMatch(
      /^caseflow setup schema: caseflow needs temporal-sql-tool and found none\. Either put it on PATH, or install the Go toolchain \(https:\/\/go\.dev\/doc\/install\) .*`go install go\.temporal\.io\/server\/cmd\/tools\/sql@v\d/,
    );
    expect(await databasesLike(`${prefix}_nogo%`)).toEqual([]);
  });

  it('with PostgreSQL unreachable: one line naming where, at once', async () => {
    const run = await caseflow(['setup', 'schema'], {
      CASEFLOW_TEMPORAL_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x',
      // PostgreSQL is checked before the tool is looked for: no complaint about Go.
      XDG_CACHE_HOME: emptyDir(),
      GOROOT: emptyDir(),
    });
    expect(refusal(run)).toMatch(
      /^caseflow setup schema: cannot reach PostgreSQL at 127\.0\.0\.1:1\/\S+ as postgres: .*ECONNREFUSED/,
    );
    expect(run.ms).toBeLessThan(15_000);
  });

  it('without any database URL: one line naming the setting', async () => {
    const line = refusal(await caseflow(['setup', 'schema'], {}));
    expect(line).toMatch(
      /^caseflow setup schema: CASEFLOW_TEMPORAL_DATABASE_URL: required \(or DATABASE_URL/,
    );
  });

  it('creates both databases with their schemas once; a second run changes nothing', async () => {
    const name = `${prefix}_twice`;
    const env = { CASEFLOW_TEMPORAL_DATABASE_URL: databaseUrl(name) };
    const first = succeeded(await caseflow(['setup', 'schema'], env));
    expect(first).toContain(`created database 127.0.0.1:5432/${name}\n`);
    expect(first).toContain(`created database 127.0.0.1:5432/${name}_visibility\n`);
    expect(await databasesLike(`${name}%`)).toEqual([name, `${name}_visibility`]);
    const before = { persistence: await snapshot(name), visibility: await snapshot(`${name}_visibility`) };
    expect(before.persistence.tables).toBeGreaterThan(10);
    expect(before.visibility.tables).toBeGreaterThan(0);

    const second = succeeded(await caseflow(['setup', 'schema'], env));
    expect(second).not.toContain('created');
    expect(second).toMatch(/Temporal persistence schema \S+ in \S+ \(unchanged\)/);
    expect(second).toMatch(/Temporal visibility schema \S+ in \S+ \(unchanged\)/);
    expect({ persistence: await snapshot(name), visibility: await snapshot(`${name}_visibility`) }).toEqual(
      before,
    );
  });

  it('two set-ups at once on fresh databases both succeed (they take turns)', async () => {
    const name = `${prefix}_race`;
    const env = { CASEFLOW_TEMPORAL_DATABASE_URL: databaseUrl(name) };
    const runs = await Promise.all([caseflow(['setup', 'schema'], env), caseflow(['setup', 'schema'], env)]);
    const outputs = runs.map(succeeded);
    // Exactly one of them created each database.
    expect(outputs.join('').match(/created database/g)).toHaveLength(2);
    const persistence = await snapshot(name);
    expect(persistence.tables).toBeGreaterThan(10);
    expect(persistence.version).toHaveLength(1);
  });
});

describe('caseflow setup namespace', () => {
  const namespaceEnv = (namespace: string, retention?: string) => ({
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: namespace,
    ...(retention ? { CASEFLOW_RETENTION: retention } : {}),
  });

  const retentionDays = async (namespace: string) => {
    const described = await connection.workflowService.describeNamespace({ namespace });
    return Number(described.config!.workflowExecutionRetentionTtl!.seconds) / 86_400;
  };

  const customAttributes = async (namespace: string) =>
    (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};

  const wanted = Object.fromEntries(
    Object.entries(caseSearchAttributes).map(([name, type]) => [
      name,
      type === 'Int' ? IndexedValueType.INDEXED_VALUE_TYPE_INT : IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    ]),
  );

  it('registers the namespace and the search attributes once; a later run only changes the retention', async () => {
    const namespace = `setup-${suffix}`;
    const first = succeeded(await caseflow(['setup', 'namespace'], namespaceEnv(namespace, '3d')));
    expect(first).toContain(`namespace ${namespace} registered (retention 3d)`);
    expect(first).toContain(`registered search attributes ${Object.keys(wanted).join(', ')} in ${namespace}`);
    expect(await retentionDays(namespace)).toBe(3);
    expect(await customAttributes(namespace)).toEqual(expect.objectContaining(wanted));
    expect(Object.keys(wanted)).toHaveLength(7);

    const second = succeeded(await caseflow(['setup', 'namespace'], namespaceEnv(namespace, '3d')));
    expect(second).toContain(`namespace ${namespace} exists (retention 3d)`);
    expect(second).not.toMatch(/registered|changed/);
    expect(await retentionDays(namespace)).toBe(3);

    const third = succeeded(await caseflow(['setup', 'namespace'], namespaceEnv(namespace, '5d')));
    expect(third).toContain(`namespace ${namespace}: retention changed from 3d to 5d`);
    expect(third).not.toMatch(/registered/);
    expect(await retentionDays(namespace)).toBe(5);
    expect(await customAttributes(namespace)).toEqual(expect.objectContaining(wanted));
  });

  it('refuses a search attribute registered with another type, and changes nothing', async () => {
    const namespace = `setup-${suffix}-int`;
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs(86_400_000),
    });
    // A fresh namespace takes a moment to reach the frontend's cache.
    await eventually(
      () =>
        connection.operatorService
          .addSearchAttributes({
            namespace,
            searchAttributes: { CaseCustomer: IndexedValueType.INDEXED_VALUE_TYPE_INT },
          })
          .then(
            () => true,
            () => undefined,
          ),
      `CaseCustomer registered in ${namespace}`,
    );
    const before = await customAttributes(namespace);
    expect(before).toEqual({ CaseCustomer: IndexedValueType.INDEXED_VALUE_TYPE_INT });

    // The default retention (30d) differs from the namespace's 1d: not changed either.
    const line = refusal(await caseflow(['setup', 'namespace'], namespaceEnv(namespace)));
    expect(line).toMatch(
      new RegExp(
        `^caseflow setup namespace: search attribute CaseCustomer is registered in ${namespace} as Int, caseflow needs Keyword`,
      ),
    );
    expect(await customAttributes(namespace)).toEqual(before);
    expect(await retentionDays(namespace)).toBe(1);
  });

  it.each(['12h', 'abc', '0d'])('refuses CASEFLOW_RETENTION=%s in one line naming it', async (retention) => {
    const line = refusal(
      await caseflow(['setup', 'namespace'], namespaceEnv(`setup-${suffix}-never`, retention)),
    );
    expect(line).toMatch(
      new RegExp(`^caseflow setup namespace: CASEFLOW_RETENTION: expected .* \\(got "${retention}"\\)$`),
    );
    await expect(
      connection.workflowService.describeNamespace({ namespace: `setup-${suffix}-never` }),
    ).rejects.toThrow(/not found/i);
  });
});
