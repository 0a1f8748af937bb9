/**
 * The recorded cases a triage model learns from (issue 17, SPEC §12), read from the projections in one
 * statement: each case's text, final category, the facts its template's classify rules read (channel,
 * customer tier, attributes, flags), its whole decision log (the view's bounded part and the older
 * decisions kept in case_decisions) and the department of its first task. triage/labels.ts turns the
 * decision log into the department a person sent the case to.
 *
 * Erased and purged cases are left out (their text is gone, and what remains must not be learnt from), as
 * are subjects the scrub replaced. Only cases whose work ended or that still run are read; the labelling
 * keeps the running ones only once a person routed them.
 */
import type { Pool } from 'pg';
import { ONGOING_STATUSES } from '../contract/statuses';
import type { CaseStatus, CaseView, Decision, TemplateRef } from '../contract';

export interface TriageCase {
  id: string;
  template: TemplateRef;
  subject: string;
  description: string;
  status: string;
  /** The case's final category (cases.category); undefined when it was never classified. */
  category: string | undefined;
  channel: string;
  customerTier: string | undefined;
  attributes: Record<string, unknown>;
  flags: string[];
  /** The whole decision log, oldest first. */
  decisions: Decision[];
  /** The department of the case's first task (its triage), if it had a task. */
  firstTaskDepartment: string | undefined;
}

interface Row {
  id: string;
  template_name: string;
  template_version: number;
  template_sha256: string;
  status: string;
  category: string | null;
  channel: string;
  view: CaseView;
  older: Decision[] | null;
  first_department: string | null;
}

/**
 * The statuses read: still running (labelled once a person routed them) or ended with a resolution or a
 * closing. Rejected (blocklist) and cancelled cases say nothing about where an issue belongs.
 */
const READ_STATUSES: CaseStatus[] = [...ONGOING_STATUSES, 'resolved', 'closed'];

/** The text the scrub leaves in place of a subject (db/case-scrub.ts). */
const ERASED_SUBJECT = '[erased]';

/** The recorded cases of a template (any version), oldest first, at most `limit`. */
export async function readTriageCases(pool: Pool, template: string, limit = 100_000): Promise<TriageCase[]> {
  const { rows } = await pool.query<Row>(
    `SELECT c.id, c.template_name, c.template_version, c.template_sha256, c.status, c.category, c.channel, c.view,
       (SELECT jsonb_agg(d.decision ORDER BY d.seq) FROM case_decisions d
         WHERE d.case_id = c.id AND d.seq < coalesce((c.view->>'decisionsDropped')::integer, 0)) AS older,
       (SELECT t.department FROM tasks t WHERE t.case_id = c.id ORDER BY t.created_at, t.id LIMIT 1)
         AS first_department
     FROM cases c
     WHERE c.template_name = $1 AND c.erased_at IS NULL AND c.purged_at IS NULL
       AND coalesce(c.view->>'subject', '') <> $2
       AND c.status = ANY($3)
     ORDER BY c.created_at, c.id
     LIMIT $4`,
    [template, ERASED_SUBJECT, READ_STATUSES, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    template: { name: row.template_name, version: row.template_version, sha256: row.template_sha256 },
    subject: row.view.subject ?? '',
    description: row.view.description ?? '',
    status: row.status,
    category: row.category ?? undefined,
    channel: row.channel,
    customerTier: row.view.customer?.tier,
    attributes: row.view.attributes ?? {},
    flags: row.view.flags ?? [],
    decisions: [...(row.older ?? []), ...(row.view.decisions ?? [])],
    firstTaskDepartment: row.first_department ?? undefined,
  }));
}
