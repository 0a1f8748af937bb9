/**
 * The bare workflow's only side effect: one row per step in a table of its own schema, written over the
 * same pg pool settings as caseflow's projections, so the baseline pays the same PostgreSQL round trip.
 */
import type { Pool } from 'pg';
import { quoteIdent } from '../db/pool';

export interface BareActivities {
  /** Inserts (id, step); a retried attempt finds its row and does nothing. */
  writeBareRow(id: string, step: string): Promise<void>;
}

/** Creates the bare table in `schema` (dropped with the schema when the bench ends). */
export async function createBareTable(pool: Pool, schema: string): Promise<void> {
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  await pool.query(
    `CREATE TABLE IF NOT EXISTS ${quoteIdent(schema)}.bare_rows (
       id text NOT NULL, step text NOT NULL, at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (id, step))`,
  );
}

/** The activities, writing into `schema`.bare_rows. */
export function bareActivities(pool: Pool, schema: string): BareActivities {
  const table = `${quoteIdent(schema)}.bare_rows`;
  return {
    async writeBareRow(id, step) {
      await pool.query(`INSERT INTO ${table} (id, step) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [id, step]);
    },
  };
}

/** True once the bare workflow `id` has written its `step` row (polled as the API polls a projection). */
export async function hasBareRow(pool: Pool, schema: string, id: string, step: string): Promise<boolean> {
  const res = await pool.query(`SELECT 1 FROM ${quoteIdent(schema)}.bare_rows WHERE id = $1 AND step = $2`, [
    id,
    step,
  ]);
  return (res.rowCount ?? 0) > 0;
}
