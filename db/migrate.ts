import { join } from 'node:path';
import runner from 'node-pg-migrate';
import type { Pool } from 'pg';
import { projectRoot } from '../config/paths';

/** Where the SQL migrations live (they are read from source: tsc does not copy .sql files). */
export const migrationsDir = join(projectRoot, 'db', 'migrations');

/**
 * Brings the schema up to date. node-pg-migrate takes an advisory lock, so several workers and API
 * processes starting together migrate once.
 */
export async function migrate(
  pool: Pool,
  schema = 'public',
  log: (msg: string) => void = () => undefined,
): Promise<void> {
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
