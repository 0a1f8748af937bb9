import { readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import runner from 'node-pg-migrate';
import type { Pool } from 'pg';
import { projectRoot } from '../config/paths';
import { quoteIdent } from './pool';

/** Where the SQL migrations live (they are read from source: tsc does not copy .sql files). */
export const migrationsDir = join(projectRoot, 'db', 'migrations');

/** The table node-pg-migrate records applied migrations in. */
const migrationsTable = 'caseflow_migrations';

/**
 * Brings the schema up to date and resolves to the names of the migrations it applied (none when it was
 * already up to date). node-pg-migrate takes a database-wide advisory lock and fails at once when
 * another process holds it, so several workers and API processes starting together would fail; instead
 * each waits its turn (up to `waitMs`) and the later ones find nothing left to do.
 */
export async function migrate(
  pool: Pool,
  schema = 'public',
  log: (msg: string) => void = () => undefined,
  waitMs = 120_000,
): Promise<string[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await migrateOnce(pool, schema, log);
    } catch (err) {
      const busy = err instanceof Error && /Another migration is already running/.test(err.message);
      if (!busy || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
    }
  }
}

async function migrateOnce(pool: Pool, schema: string, log: (msg: string) => void): Promise<string[]> {
  const client = await pool.connect();
  try {
    const applied = await runner({
      dbClient: client,
      dir: migrationsDir,
      direction: 'up',
      migrationsTable,
      schema,
      createSchema: true,
      checkOrder: true,
      log,
      logger: { debug: () => undefined, info: log, warn: log, error: log },
    });
    return applied.map((m) => m.name);
  } finally {
    client.release();
  }
}

/** Names of the migration files, in the order node-pg-migrate applies them (file name without extension). */
export function migrationNames(): string[] {
  return readdirSync(migrationsDir)
    .filter((file) => !file.startsWith('.') && ['.sql', '.js', '.ts'].includes(extname(file)))
    .map((file) => file.slice(0, -extname(file).length))
    .sort();
}

/**
 * The migrations not yet applied to `schema`, read without any DDL and without the migration lock, so a
 * role with no right to change the schema can ask.
 */
export async function pendingMigrations(pool: Pool, schema = 'public'): Promise<string[]> {
  const table = `${quoteIdent(schema)}.${quoteIdent(migrationsTable)}`;
  const exists = await pool.query<{ oid: string | null }>('SELECT to_regclass($1)::text AS oid', [table]);
  if (!exists.rows[0]?.oid) return migrationNames();
  const applied = await pool.query<{ name: string }>(`SELECT name FROM ${table}`);
  const done = new Set(applied.rows.map((r) => r.name));
  return migrationNames().filter((name) => !done.has(name));
}

/** Start-up found migrations pending and its role may not apply them. The message is one line. */
export class MigrationsPendingError extends Error {
  constructor(
    readonly pending: string[],
    readonly role: string,
    options?: ErrorOptions,
  ) {
    super(
      `the database is not migrated (${pending.length} pending: ${pending.join(', ')}) and role "${role}" ` +
        'may not change its schema: run `caseflow migrate` as the database owner first ' +
        '(on compose, the `migrate` job)',
      options,
    );
    this.name = 'MigrationsPendingError';
  }
}

/**
 * What the worker and the API call at start. An up-to-date database is left alone, so they can run as a
 * role without DDL rights (the production shape: `caseflow migrate` runs first as the owner); with
 * migrations pending they apply them when their role may (development, tests), and otherwise stop with
 * one line that names the `migrate` job.
 */
export async function ensureMigrated(
  pool: Pool,
  schema = 'public',
  log: (msg: string) => void = () => undefined,
): Promise<void> {
  let pending: string[];
  try {
    pending = await pendingMigrations(pool, schema);
  } catch (err) {
    if (!isPermissionDenied(err)) throw err;
    const role = await currentRole(pool);
    throw new Error(
      `role "${role}" may not read ${migrationsTable}: run \`caseflow migrate\` as the database owner with ` +
        `CASEFLOW_RUNTIME_ROLE=${role}, which grants the worker's and the API's rights`,
      { cause: err },
    );
  }
  if (pending.length === 0) return;
  try {
    await migrate(pool, schema, log);
  } catch (err) {
    if (isPermissionDenied(err)) {
      throw new MigrationsPendingError(pending, await currentRole(pool), { cause: err });
    }
    throw err;
  }
}

/** insufficient_privilege, also when node-pg-migrate wrapped it into a message of its own. */
function isPermissionDenied(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  if ((err as { code?: unknown }).code === '42501') return true;
  return err instanceof Error && /permission denied/i.test(err.message);
}

async function currentRole(pool: Pool): Promise<string> {
  const res = await pool.query<{ role: string }>('SELECT current_user AS role');
  return res.rows[0]?.role ?? 'unknown';
}
