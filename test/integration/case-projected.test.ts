/**
 * Waiting for a case's first projection (db/case-projected.ts) on the real PostgreSQL: a NOTIFY sent in the
 * projection's transaction wakes the waiter, all waiters of a process share ONE listening connection, a
 * dropped one is opened again by the next wait, and the limit still answers false.
 */
import { Pool } from 'pg';
import { CASE_PROJECTED_CHANNEL, waitForCaseProjection } from '../../db/case-projected';
import { createPool, inTransaction, quoteIdent } from '../../db/pool';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `${process.env.CASEFLOW_TEST_RUN ?? 'cf_test'}_case_projected`;
const admin = new Pool({ connectionString: url, max: 1 });
let pool: Pool;
/** This file's listening connection (other processes on this database may listen too: never touched). */
let mine: number[] = [];

beforeAll(async () => {
  await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  await admin.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
  await admin.query(`CREATE TABLE ${quoteIdent(schema)}.cases (id text PRIMARY KEY)`);
  pool = createPool(url, { schema, max: 4 });
});

afterAll(async () => {
  await pool.end();
  await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  await admin.end();
});

/** As the projection activity does: the row and the notice in one transaction. */
const project = (id: string) =>
  inTransaction(pool, async (client) => {
    await client.query('INSERT INTO cases (id) VALUES ($1)', [id]);
    await client.query('SELECT pg_notify($1, current_schema() || $2)', [CASE_PROJECTED_CHANNEL, ` ${id}`]);
  });

/** The backends listening on the channel (their last statement was the LISTEN). */
const listeners = async () =>
  (
    await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE query = $1 AND datname = current_database()`,
      [`LISTEN ${CASE_PROJECTED_CHANNEL}`],
    )
  ).rows.map((r) => r.pid);

it('wakes every waiter when its case is projected, over one listening connection', async () => {
  const before = await listeners();
  const waits = ['p1', 'p2', 'p3'].map((id) => waitForCaseProjection(pool, id));
  await new Promise((resolve) => setTimeout(resolve, 300));
  mine = (await listeners()).filter((pid) => !before.includes(pid));
  expect(mine).toHaveLength(1);
  await Promise.all(['p1', 'p2', 'p3'].map(project));
  await expect(Promise.all(waits)).resolves.toEqual([true, true, true]);
  // A case already projected answers at once (a contact that joined an open case).
  await expect(waitForCaseProjection(pool, 'p1', 1)).resolves.toBe(true);
});

it('listens again after its connection dropped, and answers false at the limit', async () => {
  const before = await listeners();
  expect(mine).toHaveLength(1);
  await admin.query('SELECT pg_terminate_backend($1)', [mine[0]]);
  await new Promise((resolve) => setTimeout(resolve, 200));
  // The first wait after the drop polls and opens a new listening connection.
  const wait = waitForCaseProjection(pool, 'p4');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const again = (await listeners()).filter((pid) => !before.includes(pid) && !mine.includes(pid));
  expect(again).toHaveLength(1);
  await project('p4');
  await expect(wait).resolves.toBe(true);
  await expect(waitForCaseProjection(pool, 'never', 300)).resolves.toBe(false);
});
