import type { Pool } from 'pg';
import type { TaskStatus, TaskView } from '../contract';

export interface TaskFilter {
  department?: string;
  /** Restricts to these departments (an agent sees only its own). */
  departments?: string[];
  /** Any of these statuses. */
  status?: TaskStatus[];
  assignee?: string;
  priority?: string;
  limit: number;
  offset: number;
}

/** The inbox: most urgent priority first, then the soonest due, then the oldest. */
export async function listTasks(
  pool: Pool,
  filter: TaskFilter,
): Promise<{ items: TaskView[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.department) add('department = ?', filter.department);
  if (filter.departments) add('department = ANY(?)', filter.departments);
  if (filter.status?.length) add('status = ANY(?)', filter.status);
  if (filter.assignee) add('assignee = ?', filter.assignee);
  if (filter.priority) add('priority = ?', filter.priority);
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM tasks ${clause}`, params);
  const rows = await pool.query<{ view: TaskView }>(
    `SELECT view FROM tasks ${clause}
     ORDER BY priority_rank ASC NULLS LAST, due_at ASC NULLS LAST, created_at ASC, id ASC
     LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, filter.limit, filter.offset],
  );
  return { items: rows.rows.map((r) => r.view), total: Number(total.rows[0]?.n ?? 0) };
}

export async function getTask(pool: Pool, id: string): Promise<TaskView | undefined> {
  const res = await pool.query<{ view: TaskView }>('SELECT view FROM tasks WHERE id = $1', [id]);
  return res.rows[0]?.view;
}
