import type { Pool } from 'pg';
import { FINAL_STATUSES } from '../contract/statuses';
import type { CaseView } from '../workflows/messages';

/** The last projected view of a case (the live state comes from the workflow's query). */
export async function getProjectedCase(pool: Pool, id: string): Promise<CaseView | undefined> {
  const res = await pool.query<{ view: CaseView }>('SELECT view FROM cases WHERE id = $1', [id]);
  return res.rows[0]?.view;
}

/**
 * Who holds a case, from the projections (no Temporal query): its status, the departments holding it now
 * (the holding department and those of its open tasks with their coordinators) and every department that
 * ever had a task of it. Undefined when the case is not (yet) projected. Its `holding` and `involved` are the
 * policy's CaseHolders (access/policy.ts): a message's access is judged on it, not on a query of the case
 * (cases/post-message.ts; docs/api.md, "Messages and the projection").
 */
export interface CaseAccess {
  status: CaseView['status'];
  holding: string[];
  involved: string[];
  /** The customer column: their opaque key (what a case's texts are sealed for), or the id of an older case. */
  customer?: string;
}

export async function getCaseAccess(pool: Pool, id: string): Promise<CaseAccess | undefined> {
  const res = await pool.query<{
    status: CaseView['status'];
    holding: (string | null)[];
    involved: (string | null)[];
    customer_id: string | null;
  }>(
    `SELECT c.status, c.customer_id,
       ARRAY[c.department] || ARRAY(SELECT unnest(ARRAY[t.department, t.coordinator]) FROM tasks t
         WHERE t.case_id = c.id AND t.status IN ('open', 'claimed')) AS holding,
       ARRAY[c.department] || ARRAY(SELECT unnest(ARRAY[t.department, t.coordinator]) FROM tasks t
         WHERE t.case_id = c.id) AS involved
     FROM cases c WHERE c.id = $1`,
    [id],
  );
  const row = res.rows[0];
  if (!row) return undefined;
  const named = (list: (string | null)[]) => [...new Set(list.filter((d): d is string => d !== null))];
  return {
    status: row.status,
    holding: named(row.holding),
    involved: named(row.involved),
    ...(row.customer_id ? { customer: row.customer_id } : {}),
  };
}

export interface CaseFilter {
  status?: string;
  category?: string;
  priority?: string;
  department?: string;
  /** Restricts to cases these departments hold or have tasks in (an agent sees only those). */
  departments?: string[];
  /** The customer column's values to match: a customer's opaque key, and their id for older cases. */
  customer?: string | string[];
  template?: string;
  createdFrom?: string;
  createdTo?: string;
  limit: number;
  offset: number;
}

/** The case index, newest first. */
export async function listCases(
  pool: Pool,
  filter: CaseFilter,
): Promise<{ items: CaseView[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replaceAll('?', `$${params.length}`));
  };
  if (filter.status) add('status = ?', filter.status);
  if (filter.category) add('category = ?', filter.category);
  if (filter.priority) add('priority = ?', filter.priority);
  if (filter.department) add('department = ?', filter.department);
  if (filter.departments) {
    add(
      '(department = ANY(?) OR EXISTS (SELECT 1 FROM tasks t WHERE t.case_id = cases.id AND (t.department = ANY(?) OR t.coordinator = ANY(?))))',
      filter.departments,
    );
  }
  if (filter.customer) add('customer_id = ANY(?)', [filter.customer].flat());
  if (filter.template) add('template_name = ?', filter.template);
  if (filter.createdFrom) add('created_at >= ?', filter.createdFrom);
  if (filter.createdTo) add('created_at < ?', filter.createdTo);
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM cases ${clause}`, params);
  const rows = await pool.query<{ view: CaseView }>(
    `SELECT view FROM cases ${clause} ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, filter.limit, filter.offset],
  );
  return { items: rows.rows.map((r) => r.view), total: Number(total.rows[0]?.n ?? 0) };
}

/**
 * The open cases (status not final, FINAL_STATUSES) of one template version with their current step, from
 * the case index, oldest first: what a bulk migration moves (workflows/migration.workflow.ts).
 */
export async function openCasesOfVersion(
  pool: Pool,
  template: string,
  version: number,
): Promise<Array<{ id: string; step: string | undefined }>> {
  const res = await pool.query<{ id: string; step: string | null }>(
    `SELECT id, step FROM cases
     WHERE template_name = $1 AND template_version = $2 AND NOT (status = ANY($3))
     ORDER BY created_at, id`,
    [template, version, [...FINAL_STATUSES]],
  );
  return res.rows.map((r) => ({ id: r.id, step: r.step ?? undefined }));
}
