import { join } from 'node:path';
import runner from 'node-pg-migrate';
import type { Pool } from 'pg';
import { projectRoot } from '../config/paths';

/** Where the SQL migrations live (they are read from source: tsc does not copy .sql files). */
export const migrationsDir = join(projectRoot, 'db', 'migrations');

/**
 * Brings the schema up to date. node-pg-migrate takes a database-wide advisory lock and fails at once when
 * another process holds it, so several workers and API processes starting together would fail; instead
 * each waits its turn (up to `waitMs`) and the later ones find nothing left to do.
 */
export async function migrate(
  pool: Pool,
  schema = 'public',
  log: (msg: string) => void = () => undefined,
  waitMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await migrateOnce(pool, schema, log);
      return;
    } catch (err) {
      const busy = err instanceof Error && /Another migration is already running/.test(err.message);
      if (!busy || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
    }
  }
}

async function migrateOnce(pool: Pool, schema: string, log: (msg: string) => void): Promise<void> {
  const client = await pool.connect();
  try {
    await runner({
      dbClient: client,
      dir: migrationsDir,
      direction: 'up',
      migrationsTable: 'caseflow_migrations',
      schema,
      createSchema: true,
      checkOrder: true,
      log,
      logger: { debug: () => undefined, info: log, warn: log, error: log },
    });
  } finally {
    client.release();
  }
}
