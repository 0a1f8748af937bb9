import type { Pool } from 'pg';

export type BlocklistMode = 'refuse' | 'flag';

export interface BlocklistEntry {
  customerId: string;
  mode: BlocklistMode;
  reason: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  customer_id: string;
  mode: BlocklistMode;
  reason: string;
  updated_by: string;
  created_at: Date;
  updated_at: Date;
}

const toEntry = (r: Row): BlocklistEntry => ({
  customerId: r.customer_id,
  mode: r.mode,
  reason: r.reason,
  updatedBy: r.updated_by,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export async function listBlocklist(
  pool: Pool,
  limit: number,
  offset: number,
): Promise<{ items: BlocklistEntry[]; total: number }> {
  const total = await pool.query<{ n: string }>('SELECT count(*) AS n FROM blocklist');
  const rows = await pool.query<Row>('SELECT * FROM blocklist ORDER BY customer_id LIMIT $1 OFFSET $2', [
    limit,
    offset,
  ]);
  return { items: rows.rows.map(toEntry), total: Number(total.rows[0]?.n ?? 0) };
}

export async function getBlocklistEntry(pool: Pool, customerId: string): Promise<BlocklistEntry | undefined> {
  const res = await pool.query<Row>('SELECT * FROM blocklist WHERE customer_id = $1', [customerId]);
  return res.rows[0] && toEntry(res.rows[0]);
}

/** Creates or replaces the entry; answers whether it was new. */
export async function putBlocklistEntry(
  pool: Pool,
  entry: { customerId: string; mode: BlocklistMode; reason: string; updatedBy: string },
): Promise<{ entry: BlocklistEntry; created: boolean }> {
  const res = await pool.query<Row & { created: boolean }>(
    `INSERT INTO blocklist (customer_id, mode, reason, updated_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (customer_id) DO UPDATE SET mode = EXCLUDED.mode, reason = EXCLUDED.reason,
       updated_by = EXCLUDED.updated_by, updated_at = now()
     RETURNING *, (xmax = 0) AS created`,
    [entry.customerId, entry.mode, entry.reason, entry.updatedBy],
  );
  const row = res.rows[0]!;
  return { entry: toEntry(row), created: row.created };
}

export async function deleteBlocklistEntry(pool: Pool, customerId: string): Promise<boolean> {
  const res = await pool.query('DELETE FROM blocklist WHERE customer_id = $1', [customerId]);
  return (res.rowCount ?? 0) > 0;
}
