/**
 * Removing a case's personal data from the projections while keeping its figures (issue 16,
 * docs/privacy.md): used by erasure (a customer's cases) and by the retention purge (cases closed longer
 * ago than CASEFLOW_RETENTION). What stays: the case row's id, template, status, channel, category,
 * department, priority, tags, timings, SLA results, counts and survey scores, so every report adds up as
 * before. What goes: who the customer is, what they wrote, what was written to them, and the stored
 * answers that repeat it.
 */
import type { Pool, PoolClient } from 'pg';
import type { CaseView } from '../workflows/messages';

/** What a scrubbed field shows. */
export const SCRUBBED = '[erased]';

/** Why a case was scrubbed: its customer was erased, or its retention ran out. */
export type ScrubReason = 'erased' | 'purged';

/** The customer's identifying fields; tier and language stay (they identify no one, and reports group by them). */
const CUSTOMER_FIELDS = ['id', 'name', 'phone', 'email'] as const;

/**
 * The view without personal data: the customer's identifying fields, the subject, the description and the
 * attributes' values become "[erased]", and the survey comment leaves the "survey answered" decision (the
 * scores stay: they are the figures); everything the reports need is kept.
 * Pure: the same view gives the same answer, and a scrubbed view scrubbed again is unchanged.
 */
export function scrubbedCaseView(view: CaseView): CaseView {
  const customer = { ...view.customer };
  for (const field of CUSTOMER_FIELDS) if (customer[field] !== undefined) customer[field] = SCRUBBED;
  const scrubbed: CaseView = { ...view, customer, subject: SCRUBBED };
  if (view.description !== undefined) scrubbed.description = SCRUBBED;
  if (view.attributes !== undefined) {
    scrubbed.attributes = Object.fromEntries(Object.keys(view.attributes).map((name) => [name, SCRUBBED]));
  }
  scrubbed.decisions = view.decisions.map(scrubbedDecision);
  return scrubbed;
}

/**
 * When case `id`'s projection was scrubbed (erased or purged), or undefined: readers of the live case
 * (GET /cases/{id}) scrub its state the same way, since the workflow still holds the subject and text.
 */
export async function caseScrubbedAt(
  db: Pick<Pool, 'query'> | PoolClient,
  id: string,
): Promise<Date | undefined> {
  const res = await db.query<{ at: Date | null }>(
    'SELECT coalesce(erased_at, purged_at) AS at FROM cases WHERE id = $1',
    [id],
  );
  return res.rows[0]?.at ?? undefined;
}

/**
 * Scrubs these cases' projections in one transaction: each case view (scrubbedCaseView), the customer
 * column (to `customerKey`, the opaque key, when given: reports count a customer's cases by it), their
 * messages' text, the survey links kept in the outbox, and the idempotency store's answers naming them.
 * `purged` also deletes the outbox rows and messages outright (nothing is left to show of them after
 * retention). Answers how many cases it changed; a case scrubbed before is not counted again.
 */
export async function scrubCases(
  pool: Pool,
  caseIds: readonly string[],
  reason: ScrubReason,
): Promise<number> {
  if (!caseIds.length) return 0;
  const ids = [...new Set(caseIds)];
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const changed = await scrubViews(client, ids, reason);
    if (reason === 'purged') {
      await client.query('DELETE FROM case_messages WHERE case_id = ANY($1)', [ids]);
      await client.query('DELETE FROM outbox WHERE case_id = ANY($1)', [ids]);
    } else {
      await client.query(`UPDATE case_messages SET text = $2 WHERE case_id = ANY($1) AND text <> $2`, [
        ids,
        SCRUBBED,
      ]);
      // The message is the template's own text; a survey link's url and token are the customer's.
      await client.query(
        `UPDATE outbox SET data = data - 'url' - 'token',
                message = regexp_replace(message, '\\s*https?://\\S*/survey/\\S+', '', 'g')
          WHERE case_id = ANY($1) AND data ?| array['url', 'token']`,
        [ids],
      );
    }
    // The answer of POST /cases (and of other creating POSTs about the case) a retry would get.
    await client.query(`DELETE FROM idempotency_keys WHERE body IS NOT NULL AND body LIKE ANY($1)`, [
      ids.map((id) => `%${id.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
    ]);
    await client.query('COMMIT');
    return changed;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * A decision without what the customer wrote: a message's opening words (`message from …`), a repeat
 * contact's subject, a survey's comment (the scores stay). Other decisions quote the template, not people.
 */
function scrubbedDecision<D extends { what: string; why: string }>(decision: D): D {
  if (decision.what.startsWith('message from ')) {
    return decision.why === SCRUBBED ? decision : { ...decision, why: SCRUBBED };
  }
  if (decision.what === 'repeat contact joined the case') {
    // `<channel>: <subject>`: the channel is a figure.
    const channel = decision.why.split(':')[0] ?? '';
    const why = `${channel}: ${SCRUBBED}`;
    return decision.why === why ? decision : { ...decision, why };
  }
  return withoutComment(decision);
}

/** A "survey answered" decision's answers without the comment (its `why` is the answers' JSON). */
function withoutComment<D extends { what: string; why: string }>(decision: D): D {
  if (decision.what !== 'survey answered') return decision;
  try {
    const answers = JSON.parse(decision.why) as Record<string, unknown>;
    if (answers === null || typeof answers !== 'object' || !('comment' in answers)) return decision;
    const { comment: _comment, ...scores } = answers;
    return { ...decision, why: JSON.stringify(scores) };
  } catch {
    return decision;
  }
}

async function scrubViews(client: PoolClient, ids: string[], reason: ScrubReason): Promise<number> {
  const column = reason === 'erased' ? 'erased_at' : 'purged_at';
  const rows = await client.query<{ id: string; view: CaseView }>(
    `SELECT id, view FROM cases WHERE id = ANY($1) AND ${column} IS NULL FOR UPDATE`,
    [ids],
  );
  for (const row of rows.rows) {
    // The customer column keeps an opaque key (reports may count a customer's cases by it); a case opened
    // before keys existed holds the customer's id there, which goes.
    await client.query(
      `UPDATE cases SET view = $2, ${column} = now(), survey_scores = survey_scores - 'comment',
              customer_id = CASE WHEN customer_id ~ '^ck_' THEN customer_id ELSE $3 END
        WHERE id = $1`,
      [row.id, scrubbedCaseView(row.view), SCRUBBED],
    );
  }
  // The full decision log kept beside the bounded view (db/case-messages.ts).
  const decisions = await client.query<{
    case_id: string;
    seq: number;
    decision: { what: string; why: string };
  }>(
    `SELECT case_id, seq, decision FROM case_decisions
      WHERE case_id = ANY($1) AND (decision->>'what' IN ('survey answered', 'repeat contact joined the case')
             OR decision->>'what' LIKE 'message from %')`,
    [ids],
  );
  for (const row of decisions.rows) {
    const kept = scrubbedDecision(row.decision);
    if (kept !== row.decision) {
      await client.query('UPDATE case_decisions SET decision = $3 WHERE case_id = $1 AND seq = $2', [
        row.case_id,
        row.seq,
        kept,
      ]);
    }
  }
  return rows.rowCount ?? 0;
}
