/**
 * Recorded cases for a backtest (backtest/), read from the projections in one statement for the whole
 * batch: each case's last view, the decisions its view no longer carries (case_decisions), its tasks'
 * steps and forms, and its messages' full texts (case_messages).
 *
 * Why the projections and not Temporal's histories: a thousand cases read here in well under a second,
 * where fetching and decoding a thousand histories takes minutes; and Temporal's retention deletes a closed
 * case's history after a few days, while last month's cases are what a designer wants to test a change on.
 */
import type { Pool } from 'pg';
import type { CaseView, Decision, MessageSender } from '../contract';
import type { RecordedCase } from '../backtest/recorded-case';

export interface RecordedCaseQuery {
  template: string;
  /** Opened at or after (ISO). */
  from?: string;
  /** Opened before (ISO). */
  to?: string;
  limit: number;
}

interface Row {
  view: CaseView;
  older: Decision[] | null;
  tasks: { id: string; step: string; form: Record<string, unknown> | null }[] | null;
  messages: { seq: number; at: string; from: MessageSender; text: string }[] | null;
}

/** The cases of a template (any version) opened in [from, to), newest first, at most `limit`. */
export async function readRecordedCases(pool: Pool, query: RecordedCaseQuery): Promise<RecordedCase[]> {
  const { rows } = await pool.query<Row>(
    `SELECT c.view,
       (SELECT jsonb_agg(d.decision ORDER BY d.seq) FROM case_decisions d
         WHERE d.case_id = c.id AND d.seq < coalesce((c.view->>'decisionsDropped')::integer, 0)) AS older,
       (SELECT jsonb_agg(jsonb_build_object('id', t.id, 'step', t.step, 'form', t.view->'form') ORDER BY t.id)
          FROM tasks t WHERE t.case_id = c.id) AS tasks,
       (SELECT jsonb_agg(jsonb_build_object('seq', m.seq, 'at', m.at, 'from', m.sender, 'text', m.text)
          ORDER BY m.seq) FROM case_messages m WHERE m.case_id = c.id) AS messages
     FROM cases c
     WHERE c.template_name = $1 AND ($2::timestamptz IS NULL OR c.created_at >= $2)
       AND ($3::timestamptz IS NULL OR c.created_at < $3)
     ORDER BY c.created_at DESC, c.id
     LIMIT $4`,
    [query.template, query.from ?? null, query.to ?? null, query.limit],
  );
  return rows.map((row) => ({
    view: row.view,
    decisions: [...(row.older ?? []), ...row.view.decisions],
    tasks: (row.tasks ?? []).map((t) => ({
      id: t.id,
      step: t.step,
      ...(t.form === null ? {} : { form: t.form }),
    })),
    messages: row.messages ?? [],
  }));
}
