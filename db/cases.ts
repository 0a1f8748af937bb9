import type { Pool } from 'pg';
import type { CaseView } from '../workflows/messages';

/** The last projected view of a case (the live state comes from the workflow's query). */
export async function getProjectedCase(pool: Pool, id: string): Promise<CaseView | undefined> {
  const res = await pool.query<{ view: CaseView }>('SELECT view FROM cases WHERE id = $1', [id]);
  return res.rows[0]?.view;
}

/**
 * Waits (briefly) until the case's first projection is written, so a client that opened a case finds it
 * and its first task in the next read. Returns false when it did not appear in time (the case still runs).
 */
export async function waitForCaseProjection(pool: Pool, id: string, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await pool.query('SELECT 1 FROM cases WHERE id = $1', [id]);
    if (res.rowCount) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}
