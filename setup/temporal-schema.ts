/**
 * Step one of the set-up: Temporal's persistence and visibility databases exist and their schemas are at
 * the version of the pinned server. Idempotent (a second run changes nothing) and safe when several
 * set-ups run at once: they take turns on a PostgreSQL advisory lock. The schema work itself is done by
 * Temporal's own `temporal-sql-tool`, the supported way to install and upgrade those schemas.
 */
import { spawn } from 'node:child_process';
import { Client } from 'pg';
import {
  connectionString,
  describeTarget,
  type PostgresTarget,
  type TemporalDatabases,
} from './temporal-databases';

/** The schemas embedded in temporal-sql-tool (`--schema-name`). */
const schemaNames = { persistence: 'postgresql/v12/temporal', visibility: 'postgresql/v12/visibility' };

// Any fixed number serves: advisory locks are cluster-wide for one database (here the maintenance one).
const setupLock = 7_233_001;

export interface SchemaReport {
  persistence: string;
  visibility: string;
}

export async function setupTemporalSchema(options: {
  databases: TemporalDatabases;
  /** Asked for only once PostgreSQL answered: finding or building the tool is the slow part. */
  sqlTool: () => string;
  log: (line: string) => void;
}): Promise<SchemaReport> {
  const { databases, log } = options;
  const admin = await connect(databases.persistence, 'postgres');
  try {
    // Inside the try: a missing tool must not leave the connection open (the process would never exit).
    const sqlTool = options.sqlTool();
    await admin.query('SELECT pg_advisory_lock($1)', [setupLock]);
    const report: Partial<SchemaReport> = {};
    for (const kind of ['persistence', 'visibility'] as const) {
      const target = databases[kind];
      if (await createDatabaseIfMissing(admin, target)) log(`created database ${describeTarget(target)}`);
      const before = (await hasVersionTable(target)) ? await schemaVersion(target) : undefined;
      if (!before) await runSqlTool(sqlTool, target, ['setup-schema', '-v', '0.0']);
      await runSqlTool(sqlTool, target, ['update-schema', '--schema-name', schemaNames[kind]]);
      report[kind] = await schemaVersion(target);
      const change = before === report[kind] ? 'unchanged' : before ? `updated from ${before}` : 'installed';
      log(`Temporal ${kind} schema ${report[kind]} in ${describeTarget(target)} (${change})`);
    }
    return report as SchemaReport;
  } finally {
    await admin.end().catch(() => undefined);
  }
}

async function connect(target: PostgresTarget, database = target.database): Promise<Client> {
  const client = new Client({
    connectionString: connectionString(target, database),
    connectionTimeoutMillis: 10_000,
  });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `cannot reach PostgreSQL at ${target.host}:${target.port}/${database} as ${target.user}: ` +
        `${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  return client;
}

async function createDatabaseIfMissing(admin: Client, target: PostgresTarget): Promise<boolean> {
  const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [target.database]);
  if (found.rowCount) return false;
  try {
    await admin.query(`CREATE DATABASE ${quoteIdentifier(target.database)}`);
    return true;
  } catch (err) {
    throw new Error(
      `cannot create Temporal's database ${describeTarget(target)}: ${err instanceof Error ? err.message : String(err)} ` +
        `(create it beforehand, or give ${target.user} the CREATEDB right)`,
      { cause: err },
    );
  }
}

async function hasVersionTable(target: PostgresTarget): Promise<boolean> {
  const client = await connect(target);
  try {
    const { rows } = await client.query<{ table: string | null }>(
      "SELECT to_regclass('public.schema_version')::text AS table",
    );
    return rows[0]?.table != null;
  } finally {
    await client.end();
  }
}

async function schemaVersion(target: PostgresTarget): Promise<string> {
  const client = await connect(target);
  try {
    const { rows } = await client.query<{ curr_version: string }>('SELECT curr_version FROM schema_version');
    return rows[0]?.curr_version ?? 'unknown';
  } finally {
    await client.end();
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Runs the tool with its settings in its environment (so the password is not on a command line). */
function runSqlTool(sqlTool: string, target: PostgresTarget, args: string[]): Promise<void> {
  const attributes = new URLSearchParams(target.connectAttributes).toString();
  const env = {
    ...process.env,
    SQL_PLUGIN: 'postgres12',
    SQL_HOST: target.host,
    SQL_PORT: String(target.port),
    SQL_USER: target.user,
    SQL_PASSWORD: target.password ?? '',
    SQL_DATABASE: target.database,
    ...(attributes ? { SQL_CONNECT_ATTRIBUTES: attributes } : {}),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(sqlTool, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', (err) => reject(new Error(`cannot run ${sqlTool}: ${err.message}`)));
    child.once('exit', (code) => {
      if (code === 0) return resolve();
      const tail = output.trim().split('\n').slice(-5).join('\n');
      reject(
        new Error(
          `temporal-sql-tool ${args[0]} on ${describeTarget(target)} failed (exit ${code}):\n${tail}`,
        ),
      );
    });
  });
}
