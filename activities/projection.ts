import type { Pool } from 'pg';
import { appendCaseDecisions, fullDecisionLog } from '../db/case-messages';
import { CASE_PROJECTED_CHANNEL } from '../db/case-projected';
import { scrubbedCaseView } from '../db/case-scrub';
import { inTransaction } from '../db/pool';
import { recordCaseMeasures } from '../db/reports-measures-store';
import { indexResolvedCase } from '../db/similar-cases';
import { caseTokens } from '../triage/tokens';
import type { CaseView } from '../workflows/messages';

/**
 * Writes a case and its tasks to the projections. Idempotent and order-proof: a row is only replaced by
 * a newer revision, so a retried or late activity never rolls the inbox back. The template version is
 * replaced too: a migrated case (issue 15) runs another version, which the bulk migration's list of a
 * version's open cases and the reports by version read here.
 */
export async function projectCase(pool: Pool, live: CaseView): Promise<void> {
  await inTransaction(pool, async (client) => {
    // A case scrubbed by erasure or retention (db/case-scrub.ts) stays scrubbed: a late or retried
    // projection writes its new figures but not the text the workflow still holds. The row lock orders this
    // with a concurrent scrub, which then scrubs what this writes.
    const row = await client.query<{ scrubbed: boolean }>(
      'SELECT (erased_at IS NOT NULL OR purged_at IS NOT NULL) AS scrubbed FROM cases WHERE id = $1 FOR UPDATE',
      [live.id],
    );
    const view = row.rows[0]?.scrubbed ? scrubbedCaseView(live) : live;
    await client.query(
      `INSERT INTO cases (id, workflow_id, template_name, template_version, template_sha256, status, channel,
         customer_id, category, department, priority, step, tags, view, revision, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (id) DO UPDATE SET template_version = EXCLUDED.template_version,
         template_sha256 = EXCLUDED.template_sha256, status = EXCLUDED.status, category = EXCLUDED.category,
         department = EXCLUDED.department, priority = EXCLUDED.priority, step = EXCLUDED.step,
         tags = EXCLUDED.tags, view = EXCLUDED.view, revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at
       WHERE cases.revision < EXCLUDED.revision`,
      [
        view.id,
        `case-${view.id}`,
        view.template.name,
        view.template.version,
        view.template.sha256,
        view.status,
        view.channel,
        view.customer.id,
        view.category ?? null,
        view.department ?? null,
        view.priority ?? null,
        view.step ?? null,
        view.tags,
        JSON.stringify(view),
        view.revision,
        view.createdAt,
        view.updatedAt,
      ],
    );
    // Heard at commit by the API waiting to answer POST /cases (db/case-projected.ts), so it need not poll.
    await client.query('SELECT pg_notify($1, current_schema() || $2)', [
      CASE_PROJECTED_CHANNEL,
      ` ${view.id}`,
    ]);
    for (const task of view.tasks) {
      await client.query(
        `INSERT INTO tasks (id, case_id, department, coordinator, tier, step, title, status, assignee, priority,
           priority_rank, due_at, view, revision, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         ON CONFLICT (id) DO UPDATE SET department = EXCLUDED.department, coordinator = EXCLUDED.coordinator,
           tier = EXCLUDED.tier, status = EXCLUDED.status, assignee = EXCLUDED.assignee,
           priority = EXCLUDED.priority, priority_rank = EXCLUDED.priority_rank, due_at = EXCLUDED.due_at,
           view = EXCLUDED.view, revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at
         WHERE tasks.revision < EXCLUDED.revision`,
        [
          task.id,
          view.id,
          task.department,
          task.coordinator ?? null,
          task.tier ?? null,
          task.step,
          task.title,
          task.status,
          task.assignee ?? null,
          task.priority ?? null,
          task.priorityRank ?? null,
          task.dueAt ?? null,
          JSON.stringify(task),
          view.revision,
          task.createdAt,
          task.updatedAt,
        ],
      );
    }
    // Bounded case state: every decision the view carries joins the case's whole log (db/case-messages.ts),
    // which the measures then read when the view no longer holds the oldest.
    await appendCaseDecisions(client, view);
    // Additive: the report measures of this revision (db/reports-measures.ts), in the same transaction.
    await recordCaseMeasures(client, { ...view, decisions: await fullDecisionLog(client, view) });
    // Similar cases (issue 17, db/similar-cases.ts): a case a person resolved joins the search, a reopened
    // one leaves it; a scrubbed one is never written.
    await indexResolvedCase(client, view, caseTokens, row.rows[0]?.scrubbed === true);
  });
}
