import { Router } from 'express';
import { z } from 'zod';
import {
  MESSAGE_SENDERS,
  caseMessageViewSchema,
  caseMigrationSchema,
  migrateCaseBodySchema,
  similarCasesQuerySchema,
  similarCasesSchema,
} from '../../contract';
import { cancelCase } from '../../cases/cancel-case';
import { caseNotifications } from '../../cases/case-notifications';
import { listCases } from '../../cases/list-cases';
import { migrateCase } from '../../cases/migrate-case';
import { openCase } from '../../cases/open-case';
import { postMessage } from '../../cases/post-message';
import { MESSAGES_SHOWN, readCase, readCaseMessages } from '../../cases/read-case';
import { similarCases } from '../../cases/similar-cases';
import { caseResource, noteAudit } from '../audit-trail';
import { actionRoles } from '../../access/policy';
import { authorise } from '../auth';
import type { ApiContext } from '../context';
import { withUpdateId } from '../idempotency';
import { caseSchema, openedCaseSchema, pageOf } from '../openapi/components';
import { describe } from '../openapi/describe';
import {
  cancelCaseBody,
  caseListQuery,
  caseMessageBody,
  caseMessagesQuery,
  idParams,
  openCaseBody,
} from '../schemas';
import { parse } from '../validate';

/**
 * Case routes: each parses the request, passes the role gate (access/policy.ts), calls its use case in
 * cases/ and answers; the use case applies the case rules and throws a CaseError, which leaves as
 * problem+json (api/case-problem.ts).
 */
const tags = ['cases'];
const messagePage = z
  .looseObject({
    items: z.array(caseMessageViewSchema),
    total: z.number().int().min(0),
    nextCursor: z.string().optional().describe('Pass as `cursor` to read the older messages.'),
  })
  .meta({ id: 'CaseMessagePage', description: "A case's messages, newest first." });
const openDoc = describe({
  summary: "Open a case (or join the customer's open case)",
  description:
    "The attributes are checked against the template's `input`. A repeat contact while the customer has an " +
    'open case joins it (200, `merged: true`). With Idempotency-Key, a retry opens no second case.',
  tags,
  roles: actionRoles['case.open'],
  body: { schema: openCaseBody },
  idempotent: true,
  responses: {
    201: {
      description: 'Opened',
      schema: openedCaseSchema,
    },
    200: { description: 'Joined the open case', schema: caseSchema.extend({ merged: z.literal(true) }) },
  },
  errors: [403, 422],
  audit: { action: 'case.open', resource: () => 'cases' },
});
const listDoc = describe({
  summary: 'Cases from the case index, newest first, filtered and paged',
  description: 'Agents see the cases their departments hold or have tasks in.',
  tags,
  roles: actionRoles['case.list'],
  query: caseListQuery,
  responses: { 200: { description: 'A page of cases', schema: pageOf(caseSchema, 'CasePage') } },
  audit: { action: 'case.list', resource: () => 'cases' },
});
const getDoc = describe({
  summary: "A case's live state: step, priority, category, SLA clocks, open tasks, escalations",
  tags,
  roles: actionRoles['case.read'],
  params: idParams,
  responses: {
    200: {
      description: `The case, with its newest ${MESSAGES_SHOWN} messages`,
      schema: caseSchema.extend({ messages: messagePage }),
    },
  },
  audit: { action: 'case.read', resource: caseResource },
});
const messageDoc = describe({
  summary: 'Add a message to a case (a customer message resumes a case waiting for the customer)',
  tags,
  roles: actionRoles['case.message'],
  params: idParams,
  body: { schema: caseMessageBody },
  idempotent: true,
  responses: {
    201: {
      description: 'Received',
      schema: z.looseObject({
        caseId: z.string(),
        from: z.enum(MESSAGE_SENDERS),
        text: z.string(),
        at: z.string(),
      }),
    },
  },
  errors: [409],
  audit: { action: 'case.message', resource: caseResource },
});
const messagesDoc = describe({
  summary: "A case's messages, newest first, a page at a time",
  tags,
  roles: actionRoles['case.messages'],
  params: idParams,
  query: caseMessagesQuery,
  responses: { 200: { description: 'A page of messages', schema: messagePage } },
  audit: { action: 'case.messages', resource: caseResource },
});
const similarDoc = describe({
  summary: 'The resolved cases closest to this one, with how each was resolved and by whom',
  description:
    'Ranked by shared words (Chinese and English, triage/tokens.ts), the same category and recency; the ' +
    'case itself, unresolved, reopened, erased and purged cases are never among them. Agents see only ' +
    'cases their departments were involved in. A case without words has none (`items: []`). See ' +
    'docs/triage.md, Similar cases.',
  tags,
  roles: actionRoles['case.read'],
  params: idParams,
  query: similarCasesQuerySchema,
  responses: {
    200: {
      description: 'Similar resolved cases, best first',
      schema: similarCasesSchema.meta({ id: 'SimilarCases' }),
    },
  },
  audit: { action: 'case.similar', resource: caseResource },
});
const cancelDoc = describe({
  summary: 'Cancel a case, with a reason',
  tags,
  roles: actionRoles['case.cancel'],
  params: idParams,
  body: { schema: cancelCaseBody },
  responses: { 200: { description: 'The cancelled case', schema: caseSchema } },
  errors: [409, 422],
  audit: { action: 'case.cancel', resource: caseResource },
});
const migrateDoc = describe({
  summary: 'Move an open case to another version of its template (or only check the move: dryRun)',
  description:
    'The case keeps its place (its step by the same id, or as `stepMap` says) with its open tasks, claims ' +
    'and clocks, or enters its step afresh when `reenter` lists it; clocks take the new version’s targets ' +
    'and keep the time used. A dry run changes nothing and answers 200 whether the case can move or not ' +
    '(`ok`, `reason`); a refused move is 409 (422 for a step `stepMap` does not know), its detail the reason. ' +
    'See docs/migration.md.',
  tags,
  roles: actionRoles['case.migrate'],
  params: idParams,
  body: { schema: migrateCaseBodySchema },
  responses: { 200: { description: 'What the move does (dry run) or did', schema: caseMigrationSchema } },
  errors: [404, 409, 422],
  audit: { action: 'case.migrate', resource: caseResource },
});
const notificationsDoc = describe({
  summary: 'What was sent to the customer and departments, survey links included',
  description:
    'Each entry has its delivery `status` (pending, sent, failed with `failure`). Survey links are shown ' +
    'with the token’s signature hidden (`<claims>.[hidden]`) except to an admin: a live token answers the survey.',
  tags,
  roles: actionRoles['case.notifications'],
  params: idParams,
  responses: {
    200: {
      description: 'Notifications, oldest first',
      schema: z.looseObject({ items: z.array(z.looseObject({})), total: z.number().int() }),
    },
  },
  audit: { action: 'case.notifications', resource: caseResource },
});

export function casesRouter(ctx: ApiContext): Router {
  const router = Router();

  router.post('/cases', openDoc, async (req, res) => {
    const principal = authorise(req, 'case.open');
    const request = parse(openCaseBody, req, 'body');
    const result = await openCase(ctx, {
      principal,
      request,
      idempotencyKey: req.get('idempotency-key'),
      ...withUpdateId(req),
      onDecided: ({ caseId, merged }) => noteAudit(req, { resource: `case/${caseId}`, detail: { merged } }),
    });
    if (result.merged) res.status(200).json(result.joined);
    else res.status(201).json(result.opened);
  });

  router.get('/cases', listDoc, async (req, res) => {
    const principal = authorise(req, 'case.list');
    const filter = parse(caseListQuery, req, 'query');
    res.json(await listCases(ctx, { principal, filter }));
  });

  router.get('/cases/:id', getDoc, async (req, res) => {
    const principal = authorise(req, 'case.read');
    const { id } = parse(idParams, req, 'params');
    res.json(await readCase(ctx, { principal, caseId: id }));
  });

  router.get('/cases/:id/messages', messagesDoc, async (req, res) => {
    const principal = authorise(req, 'case.messages');
    const { id } = parse(idParams, req, 'params');
    const query = parse(caseMessagesQuery, req, 'query');
    res.json(
      await readCaseMessages(ctx, { principal, caseId: id, limit: query.limit, before: query.cursor }),
    );
  });

  router.get('/cases/:id/similar', similarDoc, async (req, res) => {
    const principal = authorise(req, 'case.read');
    const { id } = parse(idParams, req, 'params');
    const { limit } = parse(similarCasesQuerySchema, req, 'query');
    res.json(await similarCases(ctx, { principal, caseId: id, limit }));
  });

  router.post('/cases/:id/messages', messageDoc, async (req, res) => {
    const principal = authorise(req, 'case.message');
    const { id } = parse(idParams, req, 'params');
    const body = parse(caseMessageBody, req, 'body');
    res.status(201).json(await postMessage(ctx, { principal, caseId: id, from: body.from, text: body.text }));
  });

  router.post('/cases/:id/cancel', cancelDoc, async (req, res) => {
    const principal = authorise(req, 'case.cancel');
    const { id } = parse(idParams, req, 'params');
    const body = parse(cancelCaseBody, req, 'body');
    res.json(await cancelCase(ctx, { principal, caseId: id, reason: body.reason, ...withUpdateId(req) }));
  });

  router.post('/cases/:id/migrate', migrateDoc, async (req, res) => {
    const principal = authorise(req, 'case.migrate');
    const { id } = parse(idParams, req, 'params');
    const body = parse(migrateCaseBodySchema, req, 'body');
    noteAudit(req, { detail: { version: body.version, dryRun: body.dryRun === true } });
    const answer = await migrateCase(ctx, { principal, caseId: id, body, ...withUpdateId(req) });
    noteAudit(req, { detail: { ok: answer.ok } });
    res.json(answer);
  });

  router.get('/cases/:id/notifications', notificationsDoc, async (req, res) => {
    const principal = authorise(req, 'case.notifications');
    const { id } = parse(idParams, req, 'params');
    res.json(await caseNotifications(ctx, { principal, caseId: id }));
  });

  return router;
}
