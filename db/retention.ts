/**
 * The retention purge (issue 16, docs/privacy.md "Retention"): cases whose work ended longer ago than
 * CASEFLOW_RETENTION lose their personal data from the projections — the same age at which Temporal deletes
 * their closed histories — while their figures stay, so every report adds up as before (db/case-scrub.ts
 * says what goes and what stays). Run in batches by the retention workflow (workflows/retention.workflow.ts),
 * which Temporal's schedule `caseflow-retention` starts daily (worker/schedules.ts).
 */
import type { Pool } from 'pg';
import { FINAL_STATUSES } from '../contract/statuses';
import { scrubCases } from './case-scrub';

/** Cases scrubbed per transaction: small enough to hold row locks briefly, large enough to catch up fast. */
export const RETENTION_BATCH = 500;

/** What one batch of the purge did. */
export interface PurgeBatch {
  /** Cases scrubbed by this batch. */
  purged: number;
  /** When the oldest case still due for the purge ended (ISO); absent when none is left. */
  oldestLeft?: string;
}

/**
 * Which cases are due. A case is due when its workflow has finished — as Temporal's retention counts only
 * closed workflows — and nothing has happened to it for the whole retention: its end (`ended_at`, measured
 * from its decisions) and its last change (`updated_at`: a quality review after the end, or a case whose
 * end was never measured) both lie before the cut-off.
 * Finished, from the projections alone: a final status (FINAL_STATUSES: cancelled at any step, or ended
 * closed or rejected), or `resolved` at an `end` step of its plan (where the standard template's cases
 * finish; a case resolved by a follow-up or survey step is still running and may be reopened) — and no task
 * open or claimed (a sampled case's quality review runs after its end). A reopened case is `open` again.
 * Cases scrubbed by erasure are purged too: their messages and outbox rows go only now.
 */
const DUE = `c.purged_at IS NULL
  AND c.updated_at < now() - make_interval(secs => $2)
  AND coalesce(c.ended_at, c.updated_at) < now() - make_interval(secs => $2)
  AND (c.status = ANY($1) OR (c.status = 'resolved' AND EXISTS (
        SELECT 1 FROM templates p WHERE p.name = c.template_name AND p.version = c.template_version
           AND p.plan->'steps'->(c.step)->>'kind' = 'end')))
  AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.case_id = c.id AND t.status IN ('open', 'claimed'))`;

/** The ids of the next `limit` due cases, those that ended first first. */
export async function dueForPurge(pool: Pool, retentionSeconds: number, limit: number): Promise<string[]> {
  const res = await pool.query<{ id: string }>(
    `SELECT c.id FROM cases c WHERE ${DUE} ORDER BY coalesce(c.ended_at, c.updated_at), c.id LIMIT $3`,
    [[...FINAL_STATUSES], retentionSeconds, limit],
  );
  return res.rows.map((r) => r.id);
}

/** When the oldest case still due ended, or undefined when none is. */
async function oldestDue(pool: Pool, retentionSeconds: number): Promise<string | undefined> {
  const res = await pool.query<{ at: Date | null }>(
    `SELECT min(coalesce(c.ended_at, c.updated_at)) AS at FROM cases c WHERE ${DUE}`,
    [[...FINAL_STATUSES], retentionSeconds],
  );
  return res.rows[0]?.at?.toISOString();
}

/**
 * Purges one batch: scrubs the next due cases (scrubCases, reason `purged`: projections scrubbed, messages
 * and outbox rows deleted) and deletes the idempotency store's answers older than the retention (the API's
 * own sweep runs only now and then, on requests, and keeps 24 hours). Safe to repeat: a purged case is not
 * due again.
 */
export async function purgeExpiredCases(
  pool: Pool,
  retentionSeconds: number,
  batchSize = RETENTION_BATCH,
): Promise<PurgeBatch> {
  if (!Number.isFinite(retentionSeconds) || retentionSeconds < 86_400)
    throw new RangeError(`retention must be at least one day, not ${retentionSeconds} s`);
  await pool.query('DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1)', [
    retentionSeconds,
  ]);
  const ids = await dueForPurge(pool, retentionSeconds, batchSize);
  const purged = await scrubCases(pool, ids, 'purged');
  const oldestLeft = await oldestDue(pool, retentionSeconds);
  return { purged, ...(oldestLeft !== undefined ? { oldestLeft } : {}) };
}
