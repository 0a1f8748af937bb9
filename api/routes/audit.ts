import { Router, type Request } from 'express';
import { z } from 'zod';
import { readCaseHistory, temporalCaseHistories } from '../../audit/case-history';
import { caseTimeline } from '../../audit/case-timeline';
import { replayCase } from '../../audit/replay-case';
import { timelineCsv } from '../../audit/timeline';
import { authorisedProjectedCase } from '../../cases/authorised-case';
import { caseNotFound } from '../../cases/case-error';
import { listAudit, type AuditCursor } from '../../db/audit-log';
import { caseScrubbedAt } from '../../db/case-scrub';
import { customerTextsOf, eraseTexts, eraseTextsInHistory } from '../../audit/erased-case';
import { HttpProblem } from '../problem';
import { caseResource, noteAudit } from '../audit-trail';
import { actionRoles } from '../../access/policy';
import { authorise } from '../auth';
import type { ApiContext } from '../context';
import { describe } from '../openapi/describe';
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
  roles: actionRoles['case.history'],
  params: idParams,
  query: historyQuery,
  responses: { 200: { description: 'The history', schema: z.looseObject({}) } },
  // 410: raw=true of a case whose customer was erased (docs/privacy.md).
  errors: [410],
  audit: { action: 'case.history', resource: caseResource },
});
const timelineDoc = describe({
  summary: 'A readable timeline of the case: who, what, when, why (JSON, or CSV with format=csv)',
  tags,
  roles: actionRoles['case.timeline'],
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
  roles: actionRoles['case.replay'],
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
  roles: actionRoles['audit.list'],
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
/** 410 for the raw history of an erased case: its payloads may hold the customer's words, undecoded. */
const rawOfErasedCase = (caseId: string): HttpProblem =>
  new HttpProblem(
    410,
    'Gone',
    `Case ${caseId} belongs to an erased customer: its raw history is not served. ` +
      "The decoded history (without raw=true) is, with the customer's words erased.",
  );

export function auditRouter(ctx: ApiContext): Router {
  const router = Router();
  const histories = temporalCaseHistories(ctx.client);
  /** The case named by the path, if the principal may do `action` to it (else 404), and its projection. */
  const caseOf = async (req: Request, action: 'case.history' | 'case.timeline' | 'case.replay') => {
    const principal = authorise(req, action);
    const { id } = parse(idParams, req, 'params');
    return { caseId: id, view: await authorisedProjectedCase(ctx, principal, action, id) };
  };

  router.get('/cases/:id/history', historyDoc, async (req, res) => {
    const { caseId } = await caseOf(req, 'case.history');
    const query = parse(historyQuery, req, 'query');
    const scrubbed = await caseScrubbedAt(ctx.pool, caseId);
    if (scrubbed && query.raw) throw rawOfErasedCase(caseId);
    const read = await readCaseHistory({ histories }, { caseId, raw: query.raw, runId: query.runId });
    if (!read) throw caseNotFound(caseId);
    noteAudit(req, { detail: { raw: query.raw, ...(query.runId ? { runId: query.runId } : {}) } });
    if (read.previousRunId) res.setHeader('caseflow-previous-run', read.previousRunId);
    res.setHeader('content-disposition', `inline; filename="case-${caseId}-history.json"`);
    // An erased (or purged) case: the customer's words leave what the auditor is shown (audit/erased-case.ts).
    res.json(scrubbed ? eraseTextsInHistory(read.history, customerTextsOf(read.history)) : read.history);
  });

  router.get('/cases/:id/timeline', timelineDoc, async (req, res) => {
    const { caseId, view } = await caseOf(req, 'case.timeline');
    const query = parse(timelineQuery, req, 'query');
    let timeline = await caseTimeline({ ...ctx, histories }, { caseId, runId: query.runId, projected: view });
    if (!timeline) throw caseNotFound(caseId);
    if (await caseScrubbedAt(ctx.pool, caseId)) {
      const read = await readCaseHistory({ histories }, { caseId, raw: false, runId: query.runId });
      timeline = eraseTexts(timeline, read ? customerTextsOf(read.history) : []);
    }
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
    const { caseId } = await caseOf(req, 'case.replay');
    const query = parse(z.object({ runId }), req, 'query');
    const replayed = await replayCase({ histories }, { caseId, runId: query.runId });
    if (!replayed) throw caseNotFound(caseId);
    noteAudit(req, { detail: { deterministic: replayed.deterministic } });
    res.json(replayed);
  });

  router.get('/audit-log', auditLogDoc, async (req, res) => {
    authorise(req, 'audit.list');
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

function prefersCsv(req: Request): boolean {
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}
