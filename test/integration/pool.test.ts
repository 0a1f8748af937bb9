/**
 * caseflow's connection pool on the real PostgreSQL when the server ends a connection that is checked out
 * (a transaction between two statements): the process lives on, the next statement on it fails, and the
 * pool goes on with a fresh connection. Found by the fault suite: a worker died of it.
 */
import { Pool } from 'pg';
import { createPool } from '../../db/pool';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

it('survives a checked-out connection terminated by the server', async () => {
  const pool = createPool(url, { max: 2 });
  const admin = new Pool({ connectionString: url, max: 1 });
  try {
    const client = await pool.connect();
    await client.query('BEGIN');
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    // The server's notice arrives between statements: without a listener, Node would end the process here.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(client.query('SELECT 1')).rejects.toThrow();
    client.release(true);
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  } finally {
    await pool.end();
    await admin.end();
  }
});
