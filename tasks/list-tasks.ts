import { taskListScope } from '../access/policy';
import type { AuthPrincipal } from '../access/principal';
import { authorise } from '../cases/authorised-case';
import type { CaseContext } from '../cases/context';
import { listTasks as listInbox, type TaskFilter } from '../db/tasks';
import { withForms, type TaskWithForms } from './forms';

/** The filters and page of an inbox (GET /tasks): the projection's, less the principal's scope. */
export type TaskListFilter = Omit<TaskFilter, 'departments'>;

/** A page of tasks with their forms; `nextCursor` when there are more. */
export interface TaskPage {
  items: TaskWithForms[];
  total: number;
  nextCursor?: string;
}

/**
 * A department inbox: tasks ordered by priority, then due time, with their forms. Agents see their
 * departments' tasks; naming another department is forbidden; auditors and admins see all
 * (access/policy.ts taskListScope).
 */
export async function listTasks(
  ctx: Pick<CaseContext, 'pool'>,
  input: { principal: AuthPrincipal; filter: TaskListFilter },
): Promise<TaskPage> {
  const { principal, filter } = input;
  // Naming a department's inbox needs an agent of it (or one who sees every task).
  if (filter.department !== undefined)
    authorise(principal, 'task.list', { department: filter.department }, filter.department);
  const scope = taskListScope(principal, filter.department);
  const page = await listInbox(ctx.pool, { ...filter, ...(scope === 'all' ? {} : scope) });
  const next = filter.offset + page.items.length;
  const items = await withForms(ctx.pool, page.items);
  return { ...page, items, ...(next < page.total ? { nextCursor: String(next) } : {}) };
}
