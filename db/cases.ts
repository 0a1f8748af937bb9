import type { Pool } from 'pg';
import type { CaseView } from '../workflows/messages';

/** The last projected view of a case (the live state comes from the workflow's query). */
export async function getProjectedCase(pool: Pool, id: string): Promise<CaseView | undefined> {
  const res = await pool.query<{ view: CaseView }>('SELECT view FROM cases WHERE id = $1', [id]);
  return res.rows[0]?.view;
}
