/**
 * Bounded case state (docs/security.md): the messages of a case and its whole decision log, kept in
 * PostgreSQL instead of the workflow state. The workflow writes them through activities (recordCaseMessage,
 * projectCase); the API reads messages newest first, a page at a time, and the full log for the timeline.
 */
import type { Pool, PoolClient } from 'pg';
import type { CaseMessageRecord } from '../workflows/engine/bounds';
import type { CaseMessageView, CaseView, Decision } from '../contract';

/** One message; a repeated (caseId, seq) — a retried activity — changes nothing. */
export async function recordCaseMessage(pool: Pool, message: CaseMessageRecord): Promise<void> {
  await pool.query(
    `INSERT INTO case_messages (case_id, seq, at, sender, by_name, text) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (case_id, seq) DO NOTHING`,
    [message.caseId, message.seq, message.at, message.from, message.by, message.text],
  );
}

/** A message as the API lists it (contract/case-actions.ts). */
export type CaseMessageItem = CaseMessageView;

/** A page of a case's messages, newest first; `before` is the seq the previous page ended at. */
export async function listCaseMessages(
  pool: Pool,
  caseId: string,
  page: { limit: number; before?: number },
): Promise<{ items: CaseMessageItem[]; total: number; nextCursor?: string }> {
  const total = await pool.query<{ n: string }>(
    'SELECT count(*) AS n FROM case_messages WHERE case_id = $1',
    [caseId],
  );
  const rows = await pool.query<{ seq: number; at: Date; sender: string; by_name: string; text: string }>(
    `SELECT seq, at, sender, by_name, text FROM case_messages WHERE case_id = $1 AND seq < $2
     ORDER BY seq DESC LIMIT $3`,
    [caseId, page.before ?? 2 ** 31 - 1, page.limit],
  );
  const items = rows.rows.map((r) => ({
    seq: r.seq,
    at: r.at.toISOString(),
    from: r.sender as CaseMessageItem['from'],
    by: r.by_name,
    text: r.text,
  }));
  const last = items[items.length - 1];
  return {
    items,
    total: Number(total.rows[0]?.n ?? 0),
    ...(last !== undefined && last.seq > 1 && items.length === page.limit
      ? { nextCursor: String(last.seq) }
      : {}),
  };
}

/**
 * Appends the decisions a view carries to the case's log: the view holds decisions
 * `decisionsDropped`…`decisionsDropped + decisions.length - 1`; those already written are skipped.
 */
export async function appendCaseDecisions(client: PoolClient, view: CaseView): Promise<void> {
  if (view.decisionsDropped === undefined || view.decisions.length === 0) return;
  await client.query(
    `INSERT INTO case_decisions (case_id, seq, decision)
     SELECT $1, $2::integer + t.ord::integer - 1, t.elem FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t(elem, ord)
     WHERE $2::integer + t.ord::integer - 1 > (SELECT coalesce(max(seq), -1) FROM case_decisions WHERE case_id = $1)
     ON CONFLICT (case_id, seq) DO NOTHING`,
    [view.id, view.decisionsDropped, JSON.stringify(view.decisions)],
  );
}

/**
 * The whole decision log of a case: the view's own when it dropped none, else the written log up to the
 * view's first decision followed by the view's (which may be newer than the last projection).
 */
export async function fullDecisionLog(
  db: Pool | PoolClient,
  view: Pick<CaseView, 'id' | 'decisions' | 'decisionsDropped'>,
): Promise<Decision[]> {
  const dropped = view.decisionsDropped ?? 0;
  if (dropped === 0) return view.decisions;
  const rows = await db.query<{ decision: Decision }>(
    'SELECT decision FROM case_decisions WHERE case_id = $1 AND seq < $2 ORDER BY seq',
    [view.id, dropped],
  );
  return [...rows.rows.map((r) => r.decision), ...view.decisions];
}
