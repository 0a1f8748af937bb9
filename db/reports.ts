/**
 * The service reports of SPEC §8, computed in PostgreSQL from the projections: `cases` (with the measures
 * db/reports-measures.ts writes on every change) and `tasks`. Each figure is defined in docs/reports.md;
 * the tests (test/integration/reports-*.test.ts) check each on hand-built rows with worked-out answers.
 */
import type { Pool } from 'pg';

export const caseGroupings = ['none', 'department', 'priority', 'category', 'template'] as const;
export const taskGroupings = [...caseGroupings, 'agent'] as const;
export type CaseGrouping = (typeof caseGroupings)[number];
export type TaskGrouping = (typeof taskGroupings)[number];

export interface ReportRange {
  /** Cases (tasks for workload) created at or after `from` and before `to`. */
  from: Date;
  to: Date;
  /** The instant ages and due targets are measured at (now). */
  asOf: Date;
}

/** Fixed SQL per grouping (never built from input), so the grouping is safe to interpolate. */
function caseKey(groupBy: TaskGrouping, c = 'c'): string {
  switch (groupBy) {
    case 'none':
      return `'all'`;
    case 'department':
      return `coalesce(${c}.department, '(none)')`;
    case 'priority':
      return `coalesce(${c}.priority, '(none)')`;
    case 'category':
      return `coalesce(${c}.category, '(none)')`;
    case 'template':
      return `${c}.template_name || ' v' || ${c}.template_version`;
    case 'agent':
      return `coalesce(t.assignee, '(unassigned)')`;
    default: {
      const never: never = groupBy;
      throw new Error(`unknown grouping ${String(never)}`);
    }
  }
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export interface SlaRow {
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
  reopened: number;
  reopenRate: number | null;
  firstContactResolved: number;
  firstContactResolutionRate: number | null;
  escalations: number;
}

export async function slaReport(pool: Pool, groupBy: CaseGrouping, range: ReportRange): Promise<SlaRow[]> {
  const res = await pool.query<Record<string, unknown>>(
    `SELECT ${caseKey(groupBy)} AS "group", count(*) AS cases,
       count(*) FILTER (WHERE c.response_met IS NOT NULL OR c.response_due_at <= $3) AS response_due,
       count(*) FILTER (WHERE c.response_met) AS response_met,
       count(*) FILTER (WHERE c.resolution_met IS NOT NULL OR c.resolution_due_at <= $3) AS resolution_due,
       count(*) FILTER (WHERE c.resolution_met) AS resolution_met,
       avg(c.response_business_ms) AS mean_response,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY c.response_business_ms) AS p90_response,
       avg(c.resolution_business_ms) AS mean_resolution,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY c.resolution_business_ms) AS p90_resolution,
       count(*) FILTER (WHERE c.resolved_at IS NOT NULL) AS resolved,
       count(*) FILTER (WHERE c.resolved_at IS NOT NULL OR c.reopen_count > 0) AS ever_resolved,
       count(*) FILTER (WHERE c.reopen_count > 0) AS reopened,
       count(*) FILTER (WHERE c.first_contact_resolution) AS fcr,
       coalesce(sum(c.escalation_count), 0) AS escalations
     FROM cases c WHERE c.created_at >= $1 AND c.created_at < $2
     GROUP BY 1 ORDER BY 1`,
    [range.from, range.to, range.asOf],
  );
  return res.rows.map((r) => {
    const n = (k: string) => Number(r[k]);
    return {
      group: String(r.group),
      cases: n('cases'),
      responseDue: n('response_due'),
      responseMet: n('response_met'),
      responseCompliance: ratio(n('response_met'), n('response_due')),
      resolutionDue: n('resolution_due'),
      resolutionMet: n('resolution_met'),
      resolutionCompliance: ratio(n('resolution_met'), n('resolution_due')),
      meanFirstResponseMs: num(r.mean_response),
      p90FirstResponseMs: num(r.p90_response),
      meanResolutionMs: num(r.mean_resolution),
      p90ResolutionMs: num(r.p90_resolution),
      resolved: n('resolved'),
      reopened: n('reopened'),
      reopenRate: ratio(n('reopened'), n('ever_resolved')),
      firstContactResolved: n('fcr'),
      firstContactResolutionRate: ratio(n('fcr'), n('resolved')),
      escalations: n('escalations'),
    };
  });
}

/** Age buckets of open work: [label, lower bound in hours (inclusive)]. */
export const ageBuckets: ReadonlyArray<readonly [string, number]> = [
  ['under1h', 0],
  ['1to4h', 1],
  ['4to24h', 4],
  ['1to3d', 24],
  ['3to7d', 72],
  ['over7d', 168],
];

export interface BacklogRow {
  group: string;
  open: number;
  waiting: number;
  total: number;
  buckets: Record<string, number>;
  oldestAgeMs: number | null;
}

export async function backlogReport(
  pool: Pool,
  groupBy: CaseGrouping,
  range: ReportRange,
): Promise<BacklogRow[]> {
  const hours = `extract(epoch FROM ($3::timestamptz - c.created_at)) / 3600`;
  const bucket = `CASE ${[...ageBuckets]
    .reverse()
    .map(([label, lower]) => `WHEN ${hours} >= ${lower} THEN '${label}'`)
    .join(' ')} END`;
  const res = await pool.query<{ group: string; bucket: string; status: string; n: string; oldest: string }>(
    `SELECT ${caseKey(groupBy)} AS "group", ${bucket} AS bucket, c.status, count(*) AS n,
       max(extract(epoch FROM ($3::timestamptz - c.created_at)) * 1000) AS oldest
     FROM cases c
     WHERE c.created_at >= $1 AND c.created_at < $2 AND c.status IN ('open', 'waiting')
     GROUP BY 1, 2, 3 ORDER BY 1`,
    [range.from, range.to, range.asOf],
  );
  const groups = new Map<string, BacklogRow>();
  for (const r of res.rows) {
    const row = groups.get(r.group) ?? {
      group: r.group,
      open: 0,
      waiting: 0,
      total: 0,
      buckets: Object.fromEntries(ageBuckets.map(([label]) => [label, 0])),
      oldestAgeMs: null,
    };
    const n = Number(r.n);
    if (r.status === 'open') row.open += n;
    else row.waiting += n;
    row.total += n;
    row.buckets[r.bucket] = (row.buckets[r.bucket] ?? 0) + n;
    row.oldestAgeMs = Math.max(row.oldestAgeMs ?? 0, Math.round(Number(r.oldest)));
    groups.set(r.group, row);
  }
  return [...groups.values()];
}

export interface SatisfactionRow {
  group: string;
  cases: number;
  surveysSent: number;
  surveysAnswered: number;
  responseRate: number | null;
  /** Mean score per question (speed, ability, attitude in the standard template). */
  meanScores: Record<string, number>;
  answersPerQuestion: Record<string, number>;
}

export async function satisfactionReport(
  pool: Pool,
  groupBy: CaseGrouping,
  range: ReportRange,
): Promise<SatisfactionRow[]> {
  const key = caseKey(groupBy);
  const where = 'c.created_at >= $1 AND c.created_at < $2';
  const [totals, scores] = await Promise.all([
    pool.query<{ group: string; cases: string; sent: string; answered: string }>(
      `SELECT ${key} AS "group", count(*) AS cases, count(c.survey_sent_at) AS sent,
         count(c.survey_answered_at) AS answered
       FROM cases c WHERE ${where} GROUP BY 1 ORDER BY 1`,
      [range.from, range.to],
    ),
    pool.query<{ group: string; question: string; mean: string; n: string }>(
      `SELECT ${key} AS "group", s.key AS question, avg(s.value::numeric) AS mean, count(*) AS n
       FROM cases c, jsonb_each_text(c.survey_scores) s
       WHERE ${where} AND c.survey_answered_at IS NOT NULL AND s.value ~ '^-?[0-9]+(\\.[0-9]+)?$'
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [range.from, range.to],
    ),
  ]);
  return totals.rows.map((t) => {
    const mine = scores.rows.filter((s) => s.group === t.group);
    return {
      group: t.group,
      cases: Number(t.cases),
      surveysSent: Number(t.sent),
      surveysAnswered: Number(t.answered),
      responseRate: ratio(Number(t.answered), Number(t.sent)),
      meanScores: Object.fromEntries(mine.map((s) => [s.question, Number(s.mean)])),
      answersPerQuestion: Object.fromEntries(mine.map((s) => [s.question, Number(s.n)])),
    };
  });
}

export interface WorkloadRow {
  group: string;
  tasks: number;
  open: number;
  claimed: number;
  completed: number;
  cancelled: number;
  meanHandlingMs: number | null;
}

export async function workloadReport(
  pool: Pool,
  groupBy: TaskGrouping,
  range: ReportRange,
): Promise<WorkloadRow[]> {
  const key = groupBy === 'department' ? 't.department' : caseKey(groupBy);
  const res = await pool.query<Record<string, unknown>>(
    `SELECT ${key} AS "group", count(*) AS tasks,
       count(*) FILTER (WHERE t.status = 'open') AS open,
       count(*) FILTER (WHERE t.status = 'claimed') AS claimed,
       count(*) FILTER (WHERE t.status = 'completed') AS completed,
       count(*) FILTER (WHERE t.status = 'cancelled') AS cancelled,
       avg(extract(epoch FROM (t.updated_at - t.created_at)) * 1000) FILTER (WHERE t.status = 'completed')
         AS handling
     FROM tasks t JOIN cases c ON c.id = t.case_id
     WHERE t.created_at >= $1 AND t.created_at < $2
     GROUP BY 1 ORDER BY 1`,
    [range.from, range.to],
  );
  return res.rows.map((r) => ({
    group: String(r.group),
    tasks: Number(r.tasks),
    open: Number(r.open),
    claimed: Number(r.claimed),
    completed: Number(r.completed),
    cancelled: Number(r.cancelled),
    meanHandlingMs: r.handling === null ? null : Math.round(Number(r.handling)),
  }));
}
