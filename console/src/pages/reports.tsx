/**
 * Reports (issue 14, SPEC §8): SLA compliance, backlog by age, satisfaction per question and workload, one
 * tab each. Grouped and ranged as the API is (`groupBy`, `from`, `to` of GET /reports/*, docs/reports.md);
 * each report is a chart (Chart.js, components/report-chart.tsx) with its figures beside it as a table — the
 * table is the accessible alternative and what a reader copies from — and a CSV download of the same query.
 * The page computes nothing: every figure is the API's, formatted.
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import { ApiProblem, query } from '../api';
import { DateRangeFields, inclusiveDays } from '../components/date-range';
import { downloadFile } from '../components/download';
import { ProblemNote } from '../components/problem';
import { ReportChart, type BarChartSpec } from '../components/report-chart';
import { duration } from '../components/time';
import { useWords, words } from '../i18n';
import type { Me } from '../session';
import { useApi } from '../use-api';

const reportNames = ['sla', 'backlog', 'satisfaction', 'workload'] as const;
type ReportName = (typeof reportNames)[number];
const caseGroupings = ['none', 'department', 'priority', 'category', 'template'] as const;
type Grouping = (typeof caseGroupings)[number] | 'agent';
const ageBuckets = ['under1h', '1to4h', '4to24h', '1to3d', '3to7d', 'over7d'] as const;

const dict = words({
  en: {
    title: 'Reports',
    hint: 'Cases opened in the range (tasks created in it, for workload), as docs/reports.md defines each figure.',
    settings: 'Report settings',
    groupBy: 'Group by',
    none: 'No grouping',
    department: 'Department',
    priority: 'Priority',
    category: 'Category',
    template: 'Template version',
    agent: 'Agent',
    from: 'From',
    to: 'To (inclusive)',
    rangeHint: 'Empty: the 30 days up to now.',
    reports: 'Reports',
    sla: 'SLA compliance',
    backlog: 'Backlog by age',
    satisfaction: 'Satisfaction',
    workload: 'Workload',
    download: 'Download CSV',
    downloading: 'Downloading…',
    loading: 'Loading…',
    noCases: 'No cases in this range.',
    noTasks: 'No tasks in this range.',
    caption: '{report} by {grouping}, {from} to {to}',
    captionAll: '{report}, {from} to {to}',
    all: 'All',
    summary: 'Bar chart of {report} by {grouping}. {figures}. The table beside it has every figure.',
    summaryAll: 'Bar chart of {report}. {figures}. The table beside it has every figure.',
    slaLine: '{group}: response {response}, resolution {resolution}',
    backlogLine: '{group}: {total} open or waiting',
    satisfactionLine: '{group}: {answered} of {sent} surveys answered',
    workloadLine: '{group}: {tasks} tasks, {completed} completed',
    more: 'and {count} more groups',
    percent: 'Per cent',
    casesAxis: 'Cases',
    scoreAxis: 'Mean score',
    tasksAxis: 'Tasks',
    group: 'Group',
    cases: 'Cases',
    responseMet: 'Response met / due',
    responseCompliance: 'Response compliance',
    resolutionMet: 'Resolution met / due',
    resolutionCompliance: 'Resolution compliance',
    meanResponse: 'Mean first response',
    p90Response: 'P90 first response',
    meanResolution: 'Mean resolution',
    p90Resolution: 'P90 resolution',
    resolved: 'Resolved',
    reopenRate: 'Reopen rate',
    fcr: 'First-contact resolution',
    escalations: 'Escalations',
    open: 'Open',
    waiting: 'Waiting',
    total: 'Total',
    under1h: 'Under 1 h',
    '1to4h': '1–4 h',
    '4to24h': '4–24 h',
    '1to3d': '1–3 days',
    '3to7d': '3–7 days',
    over7d: 'Over 7 days',
    oldest: 'Oldest',
    surveysSent: 'Surveys sent',
    surveysAnswered: 'Answered',
    responseRate: 'Response rate',
    mean: 'Mean {question}',
    speed: 'speed',
    ability: 'ability',
    attitude: 'attitude',
    tasks: 'Tasks',
    taskOpen: 'Open',
    claimed: 'Claimed',
    completed: 'Completed',
    cancelled: 'Cancelled',
    meanHandling: 'Mean handling time',
  },
  zh: {
    title: '报表',
    hint: '范围内创建的工单（工作量报表为范围内创建的任务），各项指标的定义见 docs/reports.md。',
    settings: '报表设置',
    groupBy: '分组依据',
    none: '不分组',
    department: '部门',
    priority: '优先级',
    category: '类别',
    template: '模板版本',
    agent: '处理人',
    from: '开始日期',
    to: '结束日期（含）',
    rangeHint: '留空：截至现在的 30 天。',
    reports: '报表',
    sla: 'SLA 达成率',
    backlog: '积压（按时长）',
    satisfaction: '满意度',
    workload: '工作量',
    download: '下载 CSV',
    downloading: '下载中…',
    loading: '加载中…',
    noCases: '此范围内没有工单。',
    noTasks: '此范围内没有任务。',
    caption: '{report}，按{grouping}，{from} 至 {to}',
    captionAll: '{report}，{from} 至 {to}',
    all: '全部',
    summary: '{report}柱状图，按{grouping}分组。{figures}。旁边的表格列出全部数据。',
    summaryAll: '{report}柱状图。{figures}。旁边的表格列出全部数据。',
    slaLine: '{group}：首次响应 {response}，解决 {resolution}',
    backlogLine: '{group}：{total} 个未结',
    satisfactionLine: '{group}：已发送 {sent} 份问卷，回复 {answered} 份',
    workloadLine: '{group}：{tasks} 个任务，完成 {completed} 个',
    more: '另有 {count} 组',
    percent: '百分比',
    casesAxis: '工单数',
    scoreAxis: '平均分',
    tasksAxis: '任务数',
    group: '分组',
    cases: '工单数',
    responseMet: '首次响应 达标 / 应达标',
    responseCompliance: '首次响应达成率',
    resolutionMet: '解决 达标 / 应达标',
    resolutionCompliance: '解决达成率',
    meanResponse: '平均首次响应时间',
    p90Response: '首次响应时间 P90',
    meanResolution: '平均解决时间',
    p90Resolution: '解决时间 P90',
    resolved: '已解决',
    reopenRate: '重开率',
    fcr: '首次接触解决率',
    escalations: '升级次数',
    open: '处理中',
    waiting: '等待中',
    total: '合计',
    under1h: '1 小时内',
    '1to4h': '1–4 小时',
    '4to24h': '4–24 小时',
    '1to3d': '1–3 天',
    '3to7d': '3–7 天',
    over7d: '7 天以上',
    oldest: '最久',
    surveysSent: '已发送问卷',
    surveysAnswered: '已回复',
    responseRate: '回复率',
    mean: '{question}平均分',
    speed: '响应速度',
    ability: '专业能力',
    attitude: '服务态度',
    tasks: '任务数',
    taskOpen: '待认领',
    claimed: '已认领',
    completed: '已完成',
    cancelled: '已取消',
    meanHandling: '平均处理时间',
  },
});
type Key = keyof typeof dict.en;
type T = (key: Key, params?: Record<string, string | number>) => string;

/** The rows of each report, as api/routes/reports.ts answers them (db/reports.ts). */
interface SlaRow {
  group: string;
  cases: number;
  responseDue: number;
  responseMet: number;
  responseCompliance: number | null;
  resolutionDue: number;
  resolutionMet: number;
  resolutionCompliance: number | null;
  meanFirstResponseMs: number | null;
  p90FirstResponseMs: number | null;
  meanResolutionMs: number | null;
  p90ResolutionMs: number | null;
  resolved: number;
  reopenRate: number | null;
  firstContactResolutionRate: number | null;
  escalations: number;
}
interface BacklogRow {
  group: string;
  open: number;
  waiting: number;
  total: number;
  buckets: Record<string, number>;
  oldestAgeMs: number | null;
}
interface SatisfactionRow {
  group: string;
  cases: number;
  surveysSent: number;
  surveysAnswered: number;
  responseRate: number | null;
  meanScores: Record<string, number>;
}
interface WorkloadRow {
  group: string;
  tasks: number;
  open: number;
  claimed: number;
  completed: number;
  cancelled: number;
  meanHandlingMs: number | null;
}
interface Rows {
  sla: SlaRow;
  backlog: BacklogRow;
  satisfaction: SatisfactionRow;
  workload: WorkloadRow;
}
interface Report<R> {
  report: string;
  groupBy: string;
  from: string;
  to: string;
  asOf: string;
  groups: R[];
}

/** A report's table and chart, from its rows: the columns (header, cell) and the bars. */
interface View<R> {
  columns: Array<{ header: string; cell: (row: R) => string }>;
  chart: (rows: R[], label: (row: R) => string) => BarChartSpec;
  /** The figure a summary says of each group. */
  line: (row: R, label: string) => string;
}

function formats(locale: string) {
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const dec = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  return {
    pct: (v: number | null) => (v === null ? '—' : pct.format(v)),
    num: (v: number | null | undefined) => (v === null || v === undefined ? '—' : dec.format(v)),
    ms: (v: number | null) => (v === null ? '—' : duration(v)),
    /** Per cent for a chart bar (0–100), or a gap. */
    bar: (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10),
  };
}

function views(t: T, locale: string, questions: string[]): { [N in ReportName]: View<Rows[N]> } {
  const f = formats(locale);
  const question = (q: string) => (q === 'speed' || q === 'ability' || q === 'attitude' ? t(q) : q);
  return {
    sla: {
      columns: [
        { header: t('cases'), cell: (r) => f.num(r.cases) },
        { header: t('responseMet'), cell: (r) => `${f.num(r.responseMet)} / ${f.num(r.responseDue)}` },
        { header: t('responseCompliance'), cell: (r) => f.pct(r.responseCompliance) },
        { header: t('resolutionMet'), cell: (r) => `${f.num(r.resolutionMet)} / ${f.num(r.resolutionDue)}` },
        { header: t('resolutionCompliance'), cell: (r) => f.pct(r.resolutionCompliance) },
        { header: t('meanResponse'), cell: (r) => f.ms(r.meanFirstResponseMs) },
        { header: t('p90Response'), cell: (r) => f.ms(r.p90FirstResponseMs) },
        { header: t('meanResolution'), cell: (r) => f.ms(r.meanResolutionMs) },
        { header: t('p90Resolution'), cell: (r) => f.ms(r.p90ResolutionMs) },
        { header: t('resolved'), cell: (r) => f.num(r.resolved) },
        { header: t('reopenRate'), cell: (r) => f.pct(r.reopenRate) },
        { header: t('fcr'), cell: (r) => f.pct(r.firstContactResolutionRate) },
        { header: t('escalations'), cell: (r) => f.num(r.escalations) },
      ],
      chart: (rows, label) => ({
        labels: rows.map(label),
        series: [
          { label: t('responseCompliance'), data: rows.map((r) => f.bar(r.responseCompliance)) },
          { label: t('resolutionCompliance'), data: rows.map((r) => f.bar(r.resolutionCompliance)) },
        ],
        yTitle: t('percent'),
        yMax: 100,
      }),
      line: (r, group) =>
        t('slaLine', {
          group,
          response: f.pct(r.responseCompliance),
          resolution: f.pct(r.resolutionCompliance),
        }),
    },
    backlog: {
      columns: [
        { header: t('open'), cell: (r) => f.num(r.open) },
        { header: t('waiting'), cell: (r) => f.num(r.waiting) },
        { header: t('total'), cell: (r) => f.num(r.total) },
        ...ageBuckets.map((b) => ({ header: t(b), cell: (r: BacklogRow) => f.num(r.buckets[b] ?? 0) })),
        { header: t('oldest'), cell: (r) => f.ms(r.oldestAgeMs) },
      ],
      chart: (rows, label) => ({
        labels: rows.map(label),
        series: ageBuckets.map((b) => ({ label: t(b), data: rows.map((r) => r.buckets[b] ?? 0) })),
        stacked: true,
        yTitle: t('casesAxis'),
      }),
      line: (r, group) => t('backlogLine', { group, total: r.total }),
    },
    satisfaction: {
      columns: [
        { header: t('cases'), cell: (r) => f.num(r.cases) },
        { header: t('surveysSent'), cell: (r) => f.num(r.surveysSent) },
        { header: t('surveysAnswered'), cell: (r) => f.num(r.surveysAnswered) },
        { header: t('responseRate'), cell: (r) => f.pct(r.responseRate) },
        ...questions.map((q) => ({
          header: t('mean', { question: question(q) }),
          cell: (r: SatisfactionRow) => f.num(r.meanScores[q]),
        })),
      ],
      chart: (rows, label) => ({
        labels: rows.map(label),
        series: questions.map((q) => ({
          label: t('mean', { question: question(q) }),
          data: rows.map((r) => r.meanScores[q] ?? null),
        })),
        yTitle: t('scoreAxis'),
      }),
      line: (r, group) => t('satisfactionLine', { group, sent: r.surveysSent, answered: r.surveysAnswered }),
    },
    workload: {
      columns: [
        { header: t('tasks'), cell: (r) => f.num(r.tasks) },
        { header: t('taskOpen'), cell: (r) => f.num(r.open) },
        { header: t('claimed'), cell: (r) => f.num(r.claimed) },
        { header: t('completed'), cell: (r) => f.num(r.completed) },
        { header: t('cancelled'), cell: (r) => f.num(r.cancelled) },
        { header: t('meanHandling'), cell: (r) => f.ms(r.meanHandlingMs) },
      ],
      chart: (rows, label) => ({
        labels: rows.map(label),
        series: [
          { label: t('taskOpen'), data: rows.map((r) => r.open) },
          { label: t('claimed'), data: rows.map((r) => r.claimed) },
          { label: t('completed'), data: rows.map((r) => r.completed) },
          { label: t('cancelled'), data: rows.map((r) => r.cancelled) },
        ],
        stacked: true,
        yTitle: t('tasksAxis'),
      }),
      line: (r, group) => t('workloadLine', { group, tasks: r.tasks, completed: r.completed }),
    },
  };
}

/** The summaries name at most this many groups; the table has them all. */
const SUMMARY_GROUPS = 8;

export function ReportsPage({ me }: { me: Me }) {
  void me;
  const { t, locale } = useWords(dict);
  const [tab, setTab] = useState<ReportName>('sla');
  // The API's defaults: no grouping for the case reports, department for workload.
  const [grouping, setGrouping] = useState<Record<ReportName, Grouping>>({
    sla: 'none',
    backlog: 'none',
    satisfaction: 'none',
    workload: 'department',
  });
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [downloadProblem, setDownloadProblem] = useState<ApiProblem>();
  const tabs = useRef<Record<string, HTMLButtonElement | null>>({});

  const groupBy = grouping[tab];
  const params = { groupBy, ...inclusiveDays(from, to) };
  const path = `/reports/${tab}${query(params)}`;
  const loaded = useApi<Report<Rows[ReportName]>>(path);
  const report = loaded.data?.report === tab ? loaded.data : undefined;
  const groupings: readonly Grouping[] = tab === 'workload' ? [...caseGroupings, 'agent'] : caseGroupings;

  const select = (next: ReportName, focus = false) => {
    setTab(next);
    setDownloadProblem(undefined);
    if (focus) tabs.current[next]?.focus();
  };
  /** Arrow keys, Home and End move along the tabs (the WAI-ARIA tabs pattern, activation follows focus). */
  const onTabKey = (e: KeyboardEvent) => {
    const i = reportNames.indexOf(tab);
    const n = reportNames.length;
    const to =
      e.key === 'ArrowRight'
        ? (i + 1) % n
        : e.key === 'ArrowLeft'
          ? (i - 1 + n) % n
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? n - 1
              : undefined;
    if (to === undefined) return;
    e.preventDefault();
    select(reportNames[to]!, true);
  };

  const download = async () => {
    setBusy(true);
    setDownloadProblem(undefined);
    try {
      const saved = await downloadFile(path, `report-${tab}.csv`, 'text/csv');
      setTimeout(() => URL.revokeObjectURL(saved.url), 60_000);
    } catch (err) {
      setDownloadProblem(err instanceof ApiProblem ? err : new ApiProblem(0, String(err), undefined, []));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{t('title')}</h1>
      <p class="hint">{t('hint')}</p>
      <form class="toolbar" aria-label={t('settings')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('groupBy')}
          <select
            value={groupBy}
            onChange={(e) => setGrouping({ ...grouping, [tab]: e.currentTarget.value as Grouping })}
          >
            {groupings.map((g) => (
              <option key={g} value={g}>
                {t(g)}
              </option>
            ))}
          </select>
        </label>
        <DateRangeFields
          from={from}
          to={to}
          onFrom={setFrom}
          onTo={setTo}
          labels={{ from: t('from'), to: t('to') }}
          hint="reports-range-hint"
        />
        <p class="hint" id="reports-range-hint">
          {t('rangeHint')}
        </p>
      </form>

      <div class="report-tabs" role="tablist" aria-label={t('reports')}>
        {reportNames.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`report-tab-${name}`}
            aria-selected={tab === name}
            // Only the chosen report's panel is drawn, so only its tab names one.
            aria-controls={tab === name ? `report-panel-${name}` : undefined}
            tabIndex={tab === name ? 0 : -1}
            ref={(el) => {
              tabs.current[name] = el;
            }}
            onClick={() => select(name)}
            onKeyDown={onTabKey}
          >
            {t(name)}
          </button>
        ))}
      </div>

      <section
        class="report-panel"
        role="tabpanel"
        id={`report-panel-${tab}`}
        aria-labelledby={`report-tab-${tab}`}
        tabIndex={0}
      >
        <ProblemNote problem={loaded.problem} />
        {report ? (
          <ReportBody name={tab} report={report} t={t} locale={locale} />
        ) : loaded.problem ? null : (
          <p class="hint" role="status">
            {t('loading')}
          </p>
        )}
        <div class="toolbar">
          <button type="button" disabled={busy} onClick={() => void download()}>
            {busy ? t('downloading') : t('download')}
          </button>
        </div>
        <ProblemNote problem={downloadProblem} />
      </section>
    </>
  );
}

function ReportBody({
  name,
  report,
  t,
  locale,
}: {
  name: ReportName;
  report: Report<Rows[ReportName]>;
  t: T;
  locale: string;
}) {
  const rows = report.groups;
  // The questions the surveys asked (speed, ability, attitude in the standard template), in the API's order.
  const questions = useMemo(
    () => [...new Set(rows.flatMap((r) => Object.keys((r as Partial<SatisfactionRow>).meanScores ?? {})))],
    [rows],
  );
  const view = views(t, locale, questions)[name] as View<Rows[ReportName]>;
  const grouped = report.groupBy !== 'none';
  const label = (r: { group: string }) => (r.group === 'all' && !grouped ? t('all') : r.group);
  const day = (iso: string) =>
    new Date(iso).toLocaleDateString(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const words = {
    report: t(name),
    grouping: t(report.groupBy as Grouping).toLowerCase(),
    from: day(report.from),
    // The API's `to` is exclusive; the caption names the last day the range includes, as the field does.
    to: day(new Date(Date.parse(report.to) - 1).toISOString()),
  };
  // Chart.js redraws when the spec changes: keep it the same object while the figures are.
  const spec = useMemo(() => view.chart(rows, label), [rows, name, locale]);

  if (rows.length === 0) return <p class="hint">{t(name === 'workload' ? 'noTasks' : 'noCases')}</p>;

  const lines = rows.slice(0, SUMMARY_GROUPS).map((r) => view.line(r, label(r)));
  if (rows.length > SUMMARY_GROUPS) lines.push(t('more', { count: rows.length - SUMMARY_GROUPS }));
  const summary = t(grouped ? 'summary' : 'summaryAll', { ...words, figures: lines.join('; ') });
  const tableId = `report-table-${name}`;

  return (
    <div class="report-body">
      <ReportChart spec={spec} summary={summary} />
      <div class="report-figures" role="region" aria-labelledby={`${tableId}-caption`} tabIndex={0}>
        <table id={tableId}>
          <caption id={`${tableId}-caption`}>{t(grouped ? 'caption' : 'captionAll', words)}</caption>
          <thead>
            <tr>
              <th scope="col">{t('group')}</th>
              {view.columns.map((c) => (
                <th key={c.header} scope="col">
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.group}>
                <th scope="row">{label(r)}</th>
                {view.columns.map((c) => (
                  <td key={c.header}>{c.cell(r)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
