/**
 * The inbox (issue 14): the tasks of the principal's departments, in the order GET /tasks gives them (most
 * urgent priority, then soonest due). Filters by status, priority, department (when the principal has
 * several) and "assigned to me". An inbox may hold ten thousand tasks, so it reads one page of 50 at a time
 * (`limit`/`offset`; the API counts the rest) and refreshes that page every 15 seconds while the tab is
 * visible, without a reload.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { query } from '../api';
import { Pager } from '../components/pager';
import { ProblemNote } from '../components/problem';
import { SlaText } from '../components/sla';
import { TaskStatusText, taskStatusWords } from '../components/task-status';
import { When } from '../components/time';
import { useWords, words } from '../i18n';
import { can, type Me } from '../session';
import { taskStatuses, type TaskPage } from '../task-types';
import { useApi } from '../use-api';

/** Rows a page: enough to scan, small enough to render at once (the API allows up to 200). */
export const PAGE_SIZE = 50;
/** How often the page refreshes itself, in milliseconds. */
export const REFRESH_EVERY = 15_000;

const dict = words({
  en: {
    title: 'Inbox',
    filters: 'Filters',
    status: 'Status',
    toDo: 'To do (open or claimed)',
    anyStatus: 'Any status',
    priority: 'Priority',
    priorityHint: 'e.g. P1',
    department: 'Department',
    allDepartments: 'All my departments',
    mine: 'Assigned to me',
    caption: 'Tasks, most urgent first',
    task: 'Task',
    case: 'Case',
    assignee: 'Assignee',
    due: 'Due',
    sla: 'SLA',
    none: 'No tasks match.',
    loading: 'Loading…',
  },
  zh: {
    title: '待办',
    filters: '筛选',
    status: '状态',
    toDo: '待处理（未领取或已领取）',
    anyStatus: '全部状态',
    priority: '优先级',
    priorityHint: '例如 P1',
    department: '部门',
    allDepartments: '我的全部部门',
    mine: '只看分配给我的',
    caption: '任务（最紧急的在前）',
    task: '任务',
    case: '工单',
    assignee: '处理人',
    due: '到期时间',
    sla: 'SLA',
    none: '没有符合条件的任务。',
    loading: '加载中…',
  },
});

interface Filter {
  status: string;
  priority: string;
  department: string;
  mine: boolean;
}
/** What an inbox shows first: the work still to do (GET /tasks takes several statuses, comma-separated). */
const toDo = 'open,claimed';
const noFilter: Filter = { status: toDo, priority: '', department: '', mine: false };

/**
 * The filters and page survive a visit to a task and back (the tab's sessionStorage, per principal), so an
 * agent working down a filtered inbox does not start over after each task.
 */
const savedKey = (me: Me) => `caseflow.inbox.${me.name}`;
function saved(me: Me): { filter: Filter; offset: number } {
  try {
    const kept = JSON.parse(sessionStorage.getItem(savedKey(me)) ?? 'null') as {
      filter?: Partial<Filter>;
      offset?: number;
    } | null;
    const filter = { ...noFilter, ...kept?.filter };
    // A department the principal no longer has would only be refused.
    if (!(me.departments ?? []).includes(filter.department)) filter.department = '';
    return { filter, offset: Math.max(0, Number(kept?.offset) || 0) };
  } catch {
    return { filter: noFilter, offset: 0 };
  }
}

export function InboxPage({ me }: { me: Me }) {
  const { t } = useWords(dict);
  const status = useWords(taskStatusWords);
  const [filter, setFilter] = useState<Filter>(() => saved(me).filter);
  const [offset, setOffset] = useState(() => saved(me).offset);
  const departments = me.departments ?? [];
  useEffect(() => sessionStorage.setItem(savedKey(me), JSON.stringify({ filter, offset })), [filter, offset]);

  // A changed filter starts again at the first page.
  const change = (next: Partial<Filter>) => {
    setFilter({ ...filter, ...next });
    setOffset(0);
  };

  const path = `/tasks${query({
    status: filter.status,
    priority: filter.priority.trim(),
    department: filter.department,
    assignee: filter.mine ? me.name : undefined,
    limit: PAGE_SIZE,
    offset,
  })}`;
  const { data, problem, loading } = useApi<TaskPage>(path, REFRESH_EVERY);
  // The rows stay those of the page last read until the next page arrives, so the range said beside them
  // is that page's offset (recorded in the render its answer came in), not the one just asked for.
  const read = useRef<{ data: TaskPage | undefined; offset: number }>({ data: undefined, offset });
  if (read.current.data !== data) read.current = { data, offset };
  const from = read.current.offset;
  // Past the end (the tasks of the last page were done meanwhile): go to the last page there is.
  useEffect(() => {
    if (data && data.items.length === 0 && data.total > 0 && from > 0)
      setOffset(Math.floor((data.total - 1) / PAGE_SIZE) * PAGE_SIZE);
  }, [data]);
  const now = Date.now();
  const total = data?.total ?? 0;
  const shown = data?.items.length ?? 0;

  return (
    <>
      <h1>{t('title')}</h1>
      <form class="toolbar" aria-label={t('filters')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('status')}
          <select value={filter.status} onChange={(e) => change({ status: e.currentTarget.value })}>
            <option value={toDo}>{t('toDo')}</option>
            <option value="">{t('anyStatus')}</option>
            {taskStatuses.map((s) => (
              <option key={s} value={s}>
                {status.t(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('priority')}
          <input
            type="search"
            size={8}
            placeholder={t('priorityHint')}
            value={filter.priority}
            onChange={(e) => change({ priority: e.currentTarget.value })}
          />
        </label>
        {departments.length > 1 ? (
          <label>
            {t('department')}
            <select value={filter.department} onChange={(e) => change({ department: e.currentTarget.value })}>
              <option value="">{t('allDepartments')}</option>
              {departments.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {can(me, 'work') ? (
          <label class="check">
            <input
              type="checkbox"
              checked={filter.mine}
              onChange={(e) => change({ mine: e.currentTarget.checked })}
            />
            {t('mine')}
          </label>
        ) : null}
      </form>

      <ProblemNote problem={problem} />
      {!data && loading ? <p>{t('loading')}</p> : null}
      {data ? (
        <>
          <table class="inbox" aria-busy={loading}>
            <caption class="visually-hidden">{t('caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('task')}</th>
                <th scope="col">{t('case')}</th>
                <th scope="col">{t('department')}</th>
                <th scope="col">{t('priority')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('assignee')}</th>
                <th scope="col">{t('due')}</th>
                <th scope="col">{t('sla')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((task) => (
                <tr key={task.id}>
                  <td>
                    <Link href={`/tasks/${encodeURIComponent(task.id)}`}>{task.title}</Link>
                  </td>
                  <td>
                    <code>{task.caseId}</code>
                  </td>
                  <td>{task.department}</td>
                  <td>{task.priority ?? '—'}</td>
                  <td>
                    <TaskStatusText status={task.status} />
                  </td>
                  <td>{task.assignee ?? '—'}</td>
                  <td>
                    <When at={task.dueAt} />
                  </td>
                  <td>
                    <SlaText task={task} now={now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown === 0 ? <p>{t('none')}</p> : null}
          <Pager offset={from} shown={shown} total={total} pageSize={PAGE_SIZE} onOffset={setOffset} />
        </>
      ) : null}
    </>
  );
}
