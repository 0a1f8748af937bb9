import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { PayloadConverter } from '@temporalio/common';
import type { History } from '@temporalio/common/lib/proto-utils';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { listAudit, type AuditCursor } from '../../db/audit-log';
import { fullDecisionLog } from '../../db/case-messages';
import { getProjectedCase } from '../../db/cases';
import { caseStateQuery, caseWorkflowId, type CaseView } from '../../workflows/messages';
import { caseResource, noteAudit } from '../audit-trail';
import { mayActForDepartment, requireRole, type AuthPrincipal, type Role } from '../auth';
import { fetchHistory, runsOf } from '../../audit/history';
import { historyToJson } from '../../audit/history-json';
import { replayHistory } from '../../audit/replay';
import { buildTimeline, timelineCsv } from '../../audit/timeline';
import type { ApiContext } from '../context';
import { describe } from '../openapi/describe';
import { HttpProblem } from '../problem';
import { idParams } from '../schemas';
import { parse } from '../validate';

const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => v === 'true' || v === '1');
const runId = z.string().uuid().optional();
export const historyQuery = z.object({ raw: flag, runId });
export const timelineQuery = z.object({ format: z.enum(['json', 'csv']).optional(), runId });
/** A date (midnight UTC) or an instant with an offset. */
const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]).transform((v) => new Date(v));
export const auditLogQuery = z
  .object({
    principal: z.string().min(1).max(200).optional().describe("A principal's name: what it read and changed"),
    case: z.string().min(1).max(200).optional().describe("A case id: the case's entries and its tasks'"),
    action: z
      .string()
      .regex(
        /^[a-z][a-z-]*(\.[a-z][a-z-]*)*(\.\*)?$/,
        'expected an action such as case.read, or a family: task.*',
      )
      .max(100)
      .optional()
      .describe('An action (`case.read`), or a family of actions (`task.*`)'),
    resource: z
      .string()
      .min(1)
      .max(300)
      .optional()
      .describe('A resource: `case/<id>`, `blocklist/<customer>`, …'),
    from: instant.optional().describe('Entries at or after this instant'),
    to: instant.optional().describe('Entries before this instant'),
    cursor: z
      .string()
      .max(200)
      .optional()
      .transform((v, ctx) => {
        if (v === undefined) return undefined;
        const cursor = decodeCursor(v);
        if (!cursor) ctx.addIssue({ code: 'custom', message: "expected a previous page's nextCursor" });
        return cursor;
      })
      .describe("The previous page's `nextCursor`"),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .refine((q) => !q.from || !q.to || q.from.getTime() < q.to.getTime(), {
    path: ['from'],
    message: 'expected an instant before `to`',
  });

/** Where a page ended, as an opaque string: base64url of `<at to the microsecond>|<id>`. */
function encodeCursor(cursor: AuditCursor): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`).toString('base64url');
}

function decodeCursor(text: string): AuditCursor | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|(\d{1,18})$/.exec(
    Buffer.from(text, 'base64url').toString(),
  );
  if (!match || Number.isNaN(Date.parse(match[1]!))) return undefined;
  return { at: match[1]!, id: match[2]! };
}

export const auditEntrySchema = z
  .looseObject({
    id: z.string(),
    at: z.string().describe('When, UTC'),
    principal: z.string().describe('Who: the principal, or `customer` for an answer through a survey link'),
    roles: z.array(z.string()),
    action: z.string().describe('What: case.read, task.claim, blocklist.put, … (docs/security.md)'),
    resource: z.string().describe('On what: case/<id>, task/<id>, blocklist/<customer>, reports/<name>, …'),
    caseId: z.string().optional().describe('The case the entry is about'),
    status: z.number().int().optional().describe('The HTTP status of the answer'),
    requestId: z.string().optional().describe('X-Request-Id, as in the API log'),
    detail: z.looseObject({}).describe('The request’s options; never the data read or sent'),
  })
  .meta({ id: 'AuditEntry' });

const tags = ['audit'];
const historyDoc = describe({
  summary: "The case's Temporal history as JSON (payloads decoded unless raw=true)",
  tags,
  roles: ['agent', 'auditor'],
  params: idParams,
  query: historyQuery,
  responses: { 200: { description: 'The history', schema: z.looseObject({}) } },
  audit: { action: 'case.history', resource: caseResource },
});
const timelineDoc = describe({
  summary: 'A readable timeline of the case: who, what, when, why (JSON, or CSV with format=csv)',
  tags,
  roles: ['agent', 'auditor'],
  params: idParams,
  query: timelineQuery,
  responses: {
    200: { description: 'The timeline', schema: z.looseObject({}), alternatives: { 'text/csv': z.string() } },
  },
  audit: { action: 'case.timeline', resource: caseResource },
});
const replayDoc = describe({
  summary: "Replay the case's history against today's workflow code",
  tags,
  roles: ['auditor'],
  params: idParams,
  query: z.object({ runId }),
  responses: {
    200: {
      description: 'Whether the replay was deterministic',
      schema: z.looseObject({ caseId: z.string(), deterministic: z.boolean() }),
    },
  },
  audit: { action: 'case.replay', resource: caseResource },
});
const auditLogDoc = describe({
  summary: 'The append-only audit log of reads and changes, newest first',
  description:
    'Filters combine (AND). Page with `nextCursor` until it is absent; a page holds at most `limit` entries. ' +
    'No `total`: the log only grows, and counting it would read all of it. What is recorded: docs/security.md.',
  tags,
  roles: ['auditor'],
  query: auditLogQuery,
  responses: {
    200: {
      description: 'Entries, newest first',
      schema: z
        .looseObject({
          items: z.array(auditEntrySchema),
          nextCursor: z.string().optional().describe('Pass as `cursor` to read the next (older) page'),
        })
        .meta({ id: 'AuditPage' }),
    },
  },
  audit: { action: 'audit.list', resource: () => 'audit-log' },
});

/**
 * Audit routes (SPEC §7): a case's Temporal history, its readable timeline and a replay against today's
 * workflow code; every read is written to the append-only audit log. Auditors and admins read every case,
 * agents the cases their departments work on (others are 404, as in /cases/{id}); replay is for auditors.
 */
export function auditRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/cases/:id/history', historyDoc, async (req, res) => {
    const { caseId } = await readableCase(ctx, req, 'agent', 'auditor');
    const query = parse(historyQuery, req, 'query');
    const history = await loadHistory(ctx.client, caseId, query);
    noteAudit(req, { detail: { raw: query.raw, ...(query.runId ? { runId: query.runId } : {}) } });
    const { previousRunId } = runsOf(history);
    if (previousRunId) res.setHeader('caseflow-previous-run', previousRunId);
    res.setHeader('content-disposition', `inline; filename="case-${caseId}-history.json"`);
    res.json(historyToJson(history));
  });

  router.get('/cases/:id/timeline', timelineDoc, async (req, res) => {
    const { caseId, view } = await readableCase(ctx, req, 'agent', 'auditor');
    const query = parse(timelineQuery, req, 'query');
    const history = await loadHistory(ctx.client, caseId, { raw: false, runId: query.runId });
    const converter = ctx.client.options.loadedDataConverter.payloadConverter;
    const state = finalView(history, converter) ?? (await liveView(ctx.client, caseId)) ?? view;
    if (!state) throw new HttpProblem(404, 'Not Found', `No case ${caseId}.`);
    const timeline = buildTimeline({
      caseId,
      template: state.template,
      // A bounded state keeps the newest decisions only; the whole log is in PostgreSQL.
      decisions: await fullDecisionLog(ctx.pool, state),
      history,
      runId: runsOf(history).runId,
      converter,
    });
    const csv = query.format === 'csv' || (query.format === undefined && prefersCsv(req));
    noteAudit(req, { detail: { format: csv ? 'csv' : 'json' } });
    if (csv) {
      res.setHeader('content-disposition', `attachment; filename="case-${caseId}-timeline.csv"`);
      res.type('text/csv; charset=utf-8').send(timelineCsv(timeline));
    } else {
      res.json(timeline);
    }
  });

  router.post('/cases/:id/replay', replayDoc, async (req, res) => {
    const { caseId } = await readableCase(ctx, req, 'auditor');
    const query = parse(z.object({ runId }), req, 'query');
    const history = await loadHistory(ctx.client, caseId, { raw: false, runId: query.runId });
    const verdict = await replayHistory(history, caseWorkflowId(caseId));
    noteAudit(req, { detail: { deterministic: verdict.deterministic } });
    res.json({ caseId, ...runsOf(history), ...verdict });
  });

  router.get('/audit-log', auditLogDoc, async (req, res) => {
    requireRole(req, 'auditor');
    const query = parse(auditLogQuery, req, 'query');
    const page = await listAudit(ctx.pool, {
      principal: query.principal,
      caseId: query.case,
      action: query.action,
      resource: query.resource,
      from: query.from,
      to: query.to,
      after: query.cursor,
      limit: query.limit,
    });
    res.json({ items: page.items, ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}) });
  });

  return router;
}

/** The case, if the principal may read it; agents only for their departments' cases, else 404. */
async function readableCase(
  ctx: ApiContext,
  req: Request,
  ...roles: Role[]
): Promise<{ principal: AuthPrincipal; caseId: string; view?: CaseView }> {
  const principal = requireRole(req, ...roles);
  const { id } = parse(idParams, req, 'params');
  const view = await getProjectedCase(ctx.pool, id);
  const seesAll = principal.roles.some((r) => r === 'admin' || r === 'auditor');
  if (seesAll) return { principal, caseId: id, ...(view ? { view } : {}) };
  const departments = view
    ? [view.department, ...view.tasks.flatMap((t) => [t.department, t.coordinator])]
    : [];
  if (!view || !departments.some((d) => d !== undefined && mayActForDepartment(principal, d)))
    throw new HttpProblem(404, 'Not Found', `No case ${id}.`);
  return { principal, caseId: id, view };
}

async function loadHistory(
  client: Client,
  caseId: string,
  options: { raw: boolean; runId?: string | undefined },
): Promise<History> {
  try {
    return await fetchHistory(client, caseWorkflowId(caseId), {
      raw: options.raw,
      ...(options.runId ? { runId: options.runId } : {}),
    });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError || (err as { code?: unknown }).code === 5)
      throw new HttpProblem(404, 'Not Found', `No case ${caseId}.`);
    throw err;
  }
}

/** A finished run's result is its final CaseView: no worker is needed to read a closed case. */
function finalView(history: History, converter: PayloadConverter): CaseView | undefined {
  const events = history.events ?? [];
  const done = events[events.length - 1]?.workflowExecutionCompletedEventAttributes;
  const payload = done?.result?.payloads?.[0];
  if (!payload) return undefined;
  try {
    const view = converter.fromPayload<CaseView>(payload);
    return Array.isArray(view?.decisions) ? view : undefined;
  } catch {
    return undefined;
  }
}

async function liveView(client: Client, caseId: string): Promise<CaseView | undefined> {
  try {
    return await client.workflow.getHandle(caseWorkflowId(caseId)).query(caseStateQuery);
  } catch {
    // No worker to answer (or the run failed): the projection's copy of the decision log is used instead.
    return undefined;
  }
}

function prefersCsv(req: Request): boolean {
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}
