import { Router, type Request } from 'express';
import { z } from 'zod';
import { actionRoles } from '../../access/policy';
import {
  backlogReport,
  caseGroupings,
  satisfactionReport,
  slaReport,
  taskGroupings,
  workloadReport,
  type ReportRange,
} from '../../db/reports';
import { noteAudit } from '../audit-trail';
import { toCsv } from '../../audit/csv';
import { authorise } from '../auth';
import type { ApiContext } from '../context';
import { describe } from '../openapi/describe';
import { HttpProblem } from '../problem';
import { parse } from '../validate';

const DAY_MS = 86_400_000;
/** A date (midnight UTC) or an instant with an offset. */
const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]).transform((v) => new Date(v));
const rangeQuery = {
  from: instant.optional().describe('Start of the range (inclusive); default 30 days before `to`'),
  to: instant.optional().describe('End of the range (exclusive); default now'),
  format: z.enum(['json', 'csv']).optional().describe('Default: JSON, or CSV when Accept prefers text/csv'),
};
export const caseReportQuery = z.object({ groupBy: z.enum(caseGroupings).default('none'), ...rangeQuery });
export const workloadQuery = z.object({
  groupBy: z.enum(taskGroupings).default('department'),
  ...rangeQuery,
});

const reportSchema = z.looseObject({
  report: z.string(),
  groupBy: z.string(),
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  groups: z.array(z.looseObject({ group: z.string() })),
});
const doc = (name: string, summary: string, query: z.ZodType) =>
  describe({
    summary,
    description: 'Figures are defined in docs/reports.md. CSV with format=csv or Accept: text/csv.',
    tags: ['reports'],
    roles: actionRoles['report.read'],
    query,
    responses: {
      200: {
        description: 'One row per group',
        schema: reportSchema,
        alternatives: { 'text/csv': z.string() },
      },
    },
    audit: { action: `report.${name}`, resource: () => `reports/${name}` },
  });

/**
 * Service reports (SPEC §8) from the PostgreSQL projections, for service managers (`manager`), auditors and admins;
 * each read is written to the audit log.
 */
/** What every report query has; `groupBy` differs per report. */
interface CommonQuery {
  groupBy: string;
  from?: Date | undefined;
  to?: Date | undefined;
  format?: 'json' | 'csv' | undefined;
}

export function reportsRouter(ctx: ApiContext): Router {
  const router = Router();

  const report = <S extends typeof caseReportQuery | typeof workloadQuery>(
    name: string,
    summary: string,
    schema: S,
    compute: (query: z.infer<S>, range: ReportRange) => Promise<Array<{ group: string }>>,
  ) => {
    router.get(`/reports/${name}`, doc(name, summary, schema), async (req, res) => {
      authorise(req, 'report.read');
      const query = parse(schema, req, 'query') as z.infer<S> & CommonQuery;
      const range = rangeOf(query);
      const rows = await compute(query, range);
      const csv = query.format === 'csv' || (query.format === undefined && prefersCsv(req));
      const window = { from: range.from.toISOString(), to: range.to.toISOString() };
      noteAudit(req, { detail: { groupBy: query.groupBy, ...window, format: csv ? 'csv' : 'json' } });
      if (csv) {
        res.setHeader('content-disposition', `attachment; filename="${name}-report.csv"`);
        res.type('text/csv; charset=utf-8').send(reportCsv(rows));
        return;
      }
      res.json({
        report: name,
        groupBy: query.groupBy,
        ...window,
        asOf: range.asOf.toISOString(),
        groups: rows,
      });
    });
  };

  report(
    'sla',
    'SLA compliance, response and resolution times, reopen rate, first-contact resolution, escalations',
    caseReportQuery,
    (q, range) => slaReport(ctx.pool, q.groupBy, range),
  );
  report('backlog', 'Open and waiting cases by age bucket', caseReportQuery, (q, range) =>
    backlogReport(ctx.pool, q.groupBy, range),
  );
  report('satisfaction', 'Survey response rate and mean score per question', caseReportQuery, (q, range) =>
    satisfactionReport(ctx.pool, q.groupBy, range),
  );
  report(
    'workload',
    'Tasks per department or agent: open, claimed, completed, cancelled, handling time',
    workloadQuery,
    (q, range) => workloadReport(ctx.pool, q.groupBy, range),
  );
  return router;
}

function prefersCsv(req: Request): boolean {
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

function rangeOf(q: { from?: Date | undefined; to?: Date | undefined }): ReportRange {
  const asOf = new Date();
  const to = q.to ?? asOf;
  const from = q.from ?? new Date(to.getTime() - 30 * DAY_MS);
  if (from.getTime() >= to.getTime())
    throw new HttpProblem(400, 'Bad Request', 'The range is empty.', {
      errors: [{ field: 'query.from', message: 'expected an instant before `to`' }],
    });
  return { from, to, asOf };
}

/** One line per group; nested figures (age buckets, scores per question) become `name.key` columns. */
export function reportCsv(rows: ReadonlyArray<object>): string {
  const flat = rows.map((row) => flatten(row as Record<string, unknown>));
  const header: string[] = [];
  for (const row of flat) for (const key of Object.keys(row)) if (!header.includes(key)) header.push(key);
  return toCsv(
    header,
    flat.map((row) => header.map((key) => row[key])),
  );
}

function flatten(row: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      Object.assign(out, flatten(value as Record<string, unknown>, `${prefix}${key}.`));
    else out[`${prefix}${key}`] = value;
  }
  return out;
}
