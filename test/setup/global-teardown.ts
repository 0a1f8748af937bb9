import { createPool, quoteIdent } from '../../db/pool';

/** Stops the dev server and drops every schema this run created (even those of crashed test files). */
export default async function globalTeardown(): Promise<void> {
  await globalThis.caseflowTestEnv?.teardown();
  const run = process.env.CASEFLOW_TEST_RUN;
  if (!run || !process.env.DATABASE_URL) return;
  const pool = createPool(process.env.DATABASE_URL, { max: 1 });
  try {
    const schemas = await pool.query<{ nspname: string }>(
      'SELECT nspname FROM pg_namespace WHERE nspname LIKE $1',
      [`${run}%`],
    );
    for (const { nspname } of schemas.rows) await pool.query(`DROP SCHEMA ${quoteIdent(nspname)} CASCADE`);
  } finally {
    await pool.end();
  }
}
