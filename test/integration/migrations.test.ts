/**
 * Several processes starting together (two workers and an API in the production shape) each run the
 * migrations: they must all succeed, one after another, against the real PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { migrate } from '../../db/migrate';
import { createPool, quoteIdent } from '../../db/pool';

it('lets concurrent starters migrate one after another, all successfully', async () => {
  const schema = `${process.env.CASEFLOW_TEST_RUN}_${randomBytes(4).toString('hex')}`;
  const pools = [1, 2, 3, 4].map(() => createPool(process.env.DATABASE_URL!, { schema, max: 1 }));
  try {
    await Promise.all(pools.map((pool) => migrate(pool, schema)));
    const tables = await pools[0]!.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
      [schema],
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['cases', 'tasks', 'templates']),
    );
    const runs = await pools[0]!.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${quoteIdent(schema)}.caseflow_migrations`,
    );
    const files = await pools[0]!.query<{ n: string }>(
      `SELECT count(DISTINCT name) AS n FROM ${quoteIdent(schema)}.caseflow_migrations`,
    );
    expect(runs.rows[0]?.n).toBe(files.rows[0]?.n); // each migration ran once
  } finally {
    await pools[0]!.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    await Promise.all(pools.map((p) => p.end()));
  }
});
