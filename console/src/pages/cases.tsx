/**
 * The cases list (issue 14): GET /cases filtered by status, category, priority, department and customer,
 * newest first, a page at a time; each row links to its case page. A case id typed in goes straight there.
 * The API scopes the list (agents see the cases their departments hold or have tasks in); the filters only
 * narrow it. They are kept for the tab, so coming back from a case finds the same list.
 */
import { useState } from 'preact/hooks';
import { Link, useLocation } from 'wouter-preact';
import { query } from '../api';
import { caseStatuses, type CasePage, type CaseStatus } from '../case-types';
import { CaseStatusText, statusWords } from '../components/case-status';
import { Pager } from '../components/pager';
import { ProblemNote } from '../components/problem';
import { When } from '../components/time';
import { useWords, words } from '../i18n';
import type { Me } from '../session';
import { useApi } from '../use-api';

const dict = words({
  en: {
    title: 'Cases',
    goTo: 'Go to case',
    caseId: 'Case id',
    open: 'Open',
    filters: 'Filter cases',
    status: 'Status',
    anyStatus: 'Any status',
    category: 'Category',
    priority: 'Priority',
    department: 'Department',
    customer: 'Customer id',
    apply: 'Apply filters',
    clear: 'Clear',
    caption: 'Cases, newest first: {total} found',
    subject: 'Case',
    created: 'Opened',
    updated: 'Updated',
    none: 'No case fits these filters.',
    loading: 'Loading…',
  },
  zh: {
    title: '工单',
    goTo: '打开工单',
    caseId: '工单编号',
    open: '打开',
    filters: '筛选工单',
    status: '状态',
    anyStatus: '全部状态',
    category: '类别',
    priority: '优先级',
    department: '部门',
    customer: '客户编号',
    apply: '筛选',
    clear: '清除',
    caption: '工单（最新在前）：共 {total} 个',
    subject: '工单',
    created: '创建时间',
    updated: '更新时间',
    none: '没有符合条件的工单。',
    loading: '加载中…',
  },
});

/** Rows a page: enough to scan, few enough that the projection answers at once. */
const pageSize = 25;

interface Filters {
  status?: CaseStatus | undefined;
  category?: string | undefined;
  priority?: string | undefined;
  department?: string | undefined;
  customer?: string | undefined;
}

const filterKey = 'caseflow.cases.filter';

function keptFilters(): Filters {
  try {
    return JSON.parse(sessionStorage.getItem(filterKey) ?? '{}') as Filters;
  } catch {
    return {};
  }
}

export function CasesPage({ me }: { me: Me }) {
  void me; // The API decides what the principal sees; the page asks the same for everyone.
  const { t } = useWords(dict);
  const statusText = useWords(statusWords).t;
  const [, navigate] = useLocation();
  const [filters, setFilters] = useState<Filters>(keptFilters);
  const [draft, setDraft] = useState<Filters>(filters);
  const [offset, setOffset] = useState(0);
  const [goTo, setGoTo] = useState('');

  const apply = (next: Filters) => {
    const clean = Object.fromEntries(
      Object.entries(next).filter(([, v]) => v !== undefined && String(v).trim() !== ''),
    ) as Filters;
    sessionStorage.setItem(filterKey, JSON.stringify(clean));
    setFilters(clean);
    setDraft(clean);
    setOffset(0);
  };

  const { data, problem, loading } = useApi<CasePage>(
    `/cases${query({ ...filters, limit: pageSize, offset })}`,
  );
  const total = data?.total ?? 0;
  const items = data?.items ?? [];

  const text = (key: 'category' | 'priority' | 'department' | 'customer') => (
    <label>
      {t(key)}
      <input
        type="text"
        size={14}
        value={draft[key] ?? ''}
        onInput={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })}
      />
    </label>
  );

  return (
    <>
      <h1>{t('title')}</h1>
      <form
        class="toolbar"
        aria-label={t('goTo')}
        onSubmit={(e) => {
          e.preventDefault();
          const id = goTo.trim();
          if (id) navigate(`/cases/${encodeURIComponent(id)}`);
        }}
      >
        <label>
          {t('caseId')}
          <input type="text" required value={goTo} onInput={(e) => setGoTo(e.currentTarget.value)} />
        </label>
        <button type="submit">{t('open')}</button>
      </form>

      <form
        class="toolbar"
        aria-label={t('filters')}
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        <label>
          {t('status')}
          <select
            value={draft.status ?? ''}
            // A choice in a list applies at once; typed filters wait for the button.
            onChange={(e) => apply({ ...draft, status: (e.currentTarget.value || undefined) as CaseStatus })}
          >
            <option value="">{t('anyStatus')}</option>
            {caseStatuses.map((s) => (
              <option key={s} value={s}>
                {statusText(s)}
              </option>
            ))}
          </select>
        </label>
        {text('category')}
        {text('priority')}
        {text('department')}
        {text('customer')}
        <button type="submit">{t('apply')}</button>
        <button type="button" class="secondary" onClick={() => apply({})}>
          {t('clear')}
        </button>
      </form>

      <ProblemNote problem={problem} />
      {data ? (
        items.length ? (
          <table class="cases-list">
            <caption class="visually-hidden">{t('caption', { total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('subject')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('priority')}</th>
                <th scope="col">{t('category')}</th>
                <th scope="col">{t('department')}</th>
                <th scope="col">{t('customer')}</th>
                <th scope="col">{t('created')}</th>
                <th scope="col">{t('updated')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link href={`/cases/${encodeURIComponent(c.id)}`}>{c.subject || c.id}</Link>
                    <div class="hint">
                      <code>{c.id}</code>
                    </div>
                  </td>
                  <td>
                    <CaseStatusText status={c.status} />
                  </td>
                  <td>{c.priority ?? '—'}</td>
                  <td>{c.category ?? '—'}</td>
                  <td>{c.department ?? '—'}</td>
                  <td>
                    {c.customer.name ? `${c.customer.name} ` : ''}
                    <span class="hint">{c.customer.id}</span>
                  </td>
                  <td>
                    <When at={c.createdAt} />
                  </td>
                  <td>
                    <When at={c.updatedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t('none')}</p>
        )
      ) : loading ? (
        <p role="status">{t('loading')}</p>
      ) : null}

      {total > 0 ? (
        <Pager offset={offset} shown={items.length} total={total} pageSize={pageSize} onOffset={setOffset} />
      ) : null}
    </>
  );
}
