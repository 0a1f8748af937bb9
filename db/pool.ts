import { Pool, type PoolClient, type PoolConfig } from 'pg';

export interface PoolOptions {
  /** Run every statement in this schema (tests use a fresh schema per run). */
  schema?: string;
  /** The embedded PGlite serves one connection only. */
  max?: number;
}

/** A pg pool on `url`; with `schema`, the search_path is set for every connection it opens. */
export function createPool(url: string, options: PoolOptions = {}): Pool {
  const config: PoolConfig = { connectionString: url, max: options.max ?? 10 };
  if (options.schema) config.options = `-c search_path=${quoteIdent(options.schema)}`;
  const pool = new Pool(config);
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  // Nor may a checked-out one (a transaction between two statements) when the server ends it — an admin's
  // pg_terminate_backend, a failover: pg emits 'error' outside any query, and with no listener Node ends
  // the process. The statement after it fails instead, and the pool discards the dead connection.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
