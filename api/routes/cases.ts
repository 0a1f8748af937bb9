import { createHash, randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import type { customerWorkflow } from '../../workflows/customer.workflow';
import {
  cancelCaseUpdate,
  caseStateQuery,
  caseWorkflowId,
  customerMessageSignal,
  customerWorkflowId,
  openOrJoinCaseUpdate,
  type CaseView,
  type OpenOrJoinCaseArgs,
  type OpenOrJoinCaseResult,
} from '../../workflows/messages';
import { getBlocklistEntry } from '../../db/blocklist';
import { listCaseMessages } from '../../db/case-messages';
import { getCaseAccess, getProjectedCase, listCases, waitForCaseProjection } from '../../db/cases';
import { hideSurveyToken, listCaseNotifications } from '../../db/outbox';
import { getNewestActiveVersion, getTemplateVersion } from '../../db/templates';
import { caseResource, noteAudit } from '../audit-trail';
import { mayActForDepartment, requireRole, type AuthPrincipal } from '../auth';
import { checkCaseAttributes } from '../../definitions/case-input';
import { readClocksAt } from '../clock-reading';
import type { ApiContext } from '../context';
import { caseSchema, caseStatus, customerSchema, pageOf, templateRef } from '../openapi/components';
import { describe } from '../openapi/describe';
import { HttpProblem } from '../problem';
import {
  cancelCaseBody,
  caseListQuery,
  caseMessageBody,
  caseMessagesQuery,
  idParams,
  openCaseBody,
} from '../schemas';
import { withUpdateId } from '../idempotency';
import { CaseQueryFailed, problemFromQuery, problemFromTemporal } from '../temporal-errors';
import { parse } from '../validate';

const tags = ['cases'];
/** Messages a case page shows at once; older ones through GET /cases/{id}/messages?cursor=. */
const MESSAGES_SHOWN = 20;
const messagePage = z
  .looseObject({
    items: z.array(
      z.looseObject({
        seq: z.number().int().describe('1, 2, 3… in the order the case received them'),
        at: z.string(),
        from: z.enum(['customer', 'agent']),
        by: z.string(),
        text: z.string(),
      }),
    ),
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
  roles: ['intake'],
  body: { schema: openCaseBody },
  idempotent: true,
  responses: {
    201: {
      description: 'Opened',
      schema: z.looseObject({
        id: z.string(),
        status: caseStatus,
        template: templateRef,
        channel: z.string(),
        customer: customerSchema,
        subject: z.string(),
        createdAt: z.string(),
      }),
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
  roles: ['intake', 'agent', 'auditor'],
  query: caseListQuery,
  responses: { 200: { description: 'A page of cases', schema: pageOf(caseSchema, 'CasePage') } },
  audit: { action: 'case.list', resource: () => 'cases' },
});
const getDoc = describe({
  summary: "A case's live state: step, priority, category, SLA clocks, open tasks, escalations",
  tags,
  roles: ['intake', 'agent', 'auditor'],
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
  roles: ['intake', 'agent'],
  params: idParams,
  body: { schema: caseMessageBody },
  idempotent: true,
  responses: {
    201: {
      description: 'Received',
      schema: z.looseObject({ caseId: z.string(), from: z.string(), text: z.string(), at: z.string() }),
    },
  },
  errors: [409],
  audit: { action: 'case.message', resource: caseResource },
});
const messagesDoc = describe({
  summary: "A case's messages, newest first, a page at a time",
  tags,
  roles: ['intake', 'agent', 'auditor'],
  params: idParams,
  query: caseMessagesQuery,
  responses: { 200: { description: 'A page of messages', schema: messagePage } },
  audit: { action: 'case.messages', resource: caseResource },
});
const cancelDoc = describe({
  summary: 'Cancel a case, with a reason',
  tags,
  roles: ['intake', 'agent'],
  params: idParams,
  body: { schema: cancelCaseBody },
  responses: { 200: { description: 'The cancelled case', schema: caseSchema } },
  errors: [409, 422],
  audit: { action: 'case.cancel', resource: caseResource },
});
const notificationsDoc = describe({
  summary: 'What was sent to the customer and departments, survey links included',
  description:
    'Each entry has its delivery `status` (pending, sent, failed with `failure`). Survey links are shown ' +
    'with the token’s signature hidden (`<claims>.[hidden]`) except to an admin: a live token answers the survey.',
  tags,
  roles: ['auditor'],
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
    const principal = requireRole(req, 'intake');
    const body = parse(openCaseBody, req, 'body');
    const name = body.template ?? ctx.defaultTemplate;
    const template = body.version
      ? await getTemplateVersion(ctx.pool, name, body.version)
      : await getNewestActiveVersion(ctx.pool, name);
    if (!template) {
      throw new HttpProblem(
        422,
        'Unprocessable Content',
        `No usable template ${name}${body.version ? ` v${body.version}` : ''}.`,
        {
          errors: [
            {
              field: body.version ? 'body.version' : 'body.template',
              message: 'expected a published template',
            },
          ],
        },
      );
    }
    if (template.status === 'retired') {
      throw new HttpProblem(
        422,
        'Unprocessable Content',
        `Template ${name} v${template.version} is retired.`,
        {
          errors: [{ field: 'body.version', message: 'expected a version that is not retired' }],
        },
      );
    }
    const checked = checkCaseAttributes(template.plan, body.attributes);
    if (!checked.ok) {
      throw new HttpProblem(400, 'Bad Request', 'The case does not fit the template input.', {
        errors: checked.errors,
      });
    }
    const blocked = await getBlocklistEntry(ctx.pool, body.customer.id);
    if (blocked?.mode === 'refuse') {
      throw new HttpProblem(
        403,
        'Forbidden',
        `Customer ${body.customer.id} is refused at intake: ${blocked.reason}`,
        {
          type: 'https://caseflow.dev/problems/blocklisted',
        },
      );
    }
    const openArgs: OpenOrJoinCaseArgs = {
      caseId: caseIdFor(principal.name, req.get('idempotency-key')),
      plan: template.plan,
      input: {
        channel: body.channel,
        customer: body.customer,
        subject: body.subject,
        description: body.description,
        attributes: checked.attributes,
        ...(blocked?.mode === 'flag' ? { flags: ['blocklisted'] } : {}),
      },
      openedBy: { name: principal.name, roles: principal.roles },
      openedAt: new Date().toISOString(),
    };
    // Every contact goes through the customer's continuity workflow, started on first use: it decides,
    // one contact at a time, whether this opens a case or joins the customer's open one (SPEC §5).
    const customerStart = new WithStartWorkflowOperation<typeof customerWorkflow>('customerWorkflow', {
      workflowId: customerWorkflowId(body.customer.id),
      taskQueue: ctx.taskQueue,
      args: [{ customerId: body.customer.id }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    let result: OpenOrJoinCaseResult;
    try {
      result = await ctx.client.workflow.executeUpdateWithStart(openOrJoinCaseUpdate, {
        args: [openArgs],
        startWorkflowOperation: customerStart,
        ...withUpdateId(req),
      });
    } catch (err) {
      throw problemFromTemporal(err, openArgs.caseId);
    }
    noteAudit(req, { resource: `case/${result.caseId}`, detail: { merged: result.merged } });
    // Read-your-writes for the caller: the case and its first task are in the projections when we answer.
    await waitForCaseProjection(ctx.pool, result.caseId);
    if (result.merged) {
      const joined = await getProjectedCase(ctx.pool, result.caseId);
      res.status(200).json({ ...(joined ?? { id: result.caseId }), id: result.caseId, merged: true });
      return;
    }
    res.status(201).json({
      id: result.caseId,
      status: 'open',
      template: { name: template.name, version: template.version, sha256: template.sha256 },
      channel: body.channel,
      customer: body.customer,
      subject: body.subject,
      createdAt: openArgs.openedAt,
    });
  });

  router.get('/cases', listDoc, async (req, res) => {
    const principal = requireRole(req, 'intake', 'agent', 'auditor');
    const query = parse(caseListQuery, req, 'query');
    const seesAll = principal.roles.some((r) => r === 'admin' || r === 'auditor' || r === 'intake');
    const page = await listCases(ctx.pool, {
      ...query,
      ...(seesAll ? {} : { departments: principal.departments }),
    });
    const next = query.offset + page.items.length;
    res.json({ ...page, ...(next < page.total ? { nextCursor: String(next) } : {}) });
  });

  /** The live view, or 404 when the principal may not see the case (or there is none). */
  const readableCase = async (principal: AuthPrincipal, id: string): Promise<CaseView> => {
    let view: CaseView;
    try {
      view = await ctx.client.workflow.getHandle(caseWorkflowId(id)).query(caseStateQuery);
    } catch (err) {
      const problem = problemFromQuery(err, id);
      // 503 to the client, but the reason is worth a look: the case itself did not answer.
      if (problem instanceof CaseQueryFailed) ctx.log.warn({ err, caseId: id }, 'case query failed');
      throw problem;
    }
    if (!mayRead(principal, involvedIn(view))) throw notFound(id);
    return view;
  };
  /** The live view, or 403 when the principal may read the case but not change it (mayWriteCase). */
  const writableCase = async (principal: AuthPrincipal, id: string): Promise<CaseView> => {
    const view = await readableCase(principal, id);
    if (!mayWrite(principal, holdersOf(view))) throw notHeld(principal, id);
    return view;
  };

  router.get('/cases/:id', getDoc, async (req, res) => {
    const principal = requireRole(req, 'intake', 'agent', 'auditor');
    const { id } = parse(idParams, req, 'params');
    const view = await readableCase(principal, id);
    // Clocks as of this request, not as of the case's last event (see readClocksAt).
    const template = await getTemplateVersion(ctx.pool, view.template.name, view.template.version);
    // Messages live in PostgreSQL, not in the case's state (bounded case state, docs/security.md).
    const messages = await listCaseMessages(ctx.pool, id, { limit: MESSAGES_SHOWN });
    res.json({ ...(template ? readClocksAt(view, template.plan, Date.now()) : view), messages });
  });

  router.get('/cases/:id/messages', messagesDoc, async (req, res) => {
    const principal = requireRole(req, 'intake', 'agent', 'auditor');
    const { id } = parse(idParams, req, 'params');
    const query = parse(caseMessagesQuery, req, 'query');
    await readableCase(principal, id);
    res.json(await listCaseMessages(ctx.pool, id, { limit: query.limit, before: query.cursor }));
  });

  router.post('/cases/:id/messages', messageDoc, async (req, res) => {
    const principal = requireRole(req, 'intake', 'agent');
    const { id } = parse(idParams, req, 'params');
    const body = parse(caseMessageBody, req, 'body');
    // Access from the projection, not a query: a query per message costs the case a workflow task and,
    // on a busy case, fails (Temporal buffers one query while a task runs). Why the projection's lag is
    // acceptable for a message: docs/api.md, "Messages and the projection".
    const access = await getCaseAccess(ctx.pool, id);
    if (!access || !mayRead(principal, access.involved)) throw notFound(id);
    if (!mayWrite(principal, access.holding)) throw notHeld(principal, id);
    if (isFinished(access.status))
      throw new HttpProblem(409, 'Conflict', `Case ${id} is ${access.status}; it takes no more messages.`);
    const at = new Date().toISOString();
    try {
      await ctx.client.workflow.getHandle(caseWorkflowId(id)).signal(customerMessageSignal, {
        from: body.from,
        text: body.text,
        principal: { name: principal.name, roles: principal.roles },
        at,
      });
    } catch (err) {
      throw problemFromTemporal(err, id);
    }
    res.status(201).json({ caseId: id, from: body.from, text: body.text, at });
  });

  router.post('/cases/:id/cancel', cancelDoc, async (req, res) => {
    const principal = requireRole(req, 'intake', 'agent');
    const { id } = parse(idParams, req, 'params');
    const body = parse(cancelCaseBody, req, 'body');
    await writableCase(principal, id);
    try {
      const view = await ctx.client.workflow.getHandle(caseWorkflowId(id)).executeUpdate(cancelCaseUpdate, {
        args: [{ reason: body.reason, principal: { name: principal.name, roles: principal.roles } }],
        ...withUpdateId(req),
      });
      res.json(view);
    } catch (err) {
      throw problemFromTemporal(err, id);
    }
  });

  router.get('/cases/:id/notifications', notificationsDoc, async (req, res) => {
    const principal = requireRole(req, 'auditor');
    const { id } = parse(idParams, req, 'params');
    if (!(await getProjectedCase(ctx.pool, id))) throw new HttpProblem(404, 'Not Found', `No case ${id}.`);
    const listed = await listCaseNotifications(ctx.pool, id);
    // A live survey token answers the survey: only an admin (who may resend a link) reads it whole.
    const items = principal.roles.includes('admin') ? listed : listed.map(hideSurveyToken);
    res.json({ items, total: items.length });
  });

  return router;
}

const finished = new Set(['resolved', 'closed', 'rejected', 'cancelled']);
/** A case that reached a final status; `resolved` still runs (follow-up, survey) and takes messages. */
function isFinished(status: CaseView['status']): boolean {
  return finished.has(status) && status !== 'resolved';
}

const notFound = (id: string): HttpProblem => new HttpProblem(404, 'Not Found', `No case ${id}.`);
const notHeld = (principal: AuthPrincipal, id: string): HttpProblem =>
  new HttpProblem(
    403,
    'Forbidden',
    `Case ${id} is not held by your departments now (${principal.departments.join(', ') || 'none'}): ` +
      'you may read it, but only the department holding the case or an open task of it may change it.',
  );

/** Every department the case ever involved: the holding one and those of all its tasks and coordinators. */
const involvedIn = (view: CaseView): (string | undefined)[] => [
  view.department,
  ...view.tasks.flatMap((t) => [t.department, t.coordinator]),
];

/** The departments holding the case now: the holding one and those of its open tasks with coordinators. */
const holdersOf = (view: CaseView): (string | undefined)[] => [
  view.department,
  ...view.tasks
    .filter((t) => t.status === 'open' || t.status === 'claimed')
    .flatMap((t) => [t.department, t.coordinator]),
];

/** Agents read only cases their departments hold or work on; a 404 does not reveal that others exist. */
function mayRead(principal: AuthPrincipal, involved: readonly (string | undefined)[]): boolean {
  if (principal.roles.some((r) => r === 'admin' || r === 'auditor' || r === 'intake')) return true;
  return involved.some((d) => d !== undefined && mayActForDepartment(principal, d));
}

/**
 * Changes (messages, cancel) belong to the departments that hold the case now: the holding department and
 * those of its open tasks (with their coordinators). A department that once had a task keeps reading only.
 */
function mayWrite(principal: AuthPrincipal, holding: readonly (string | undefined)[]): boolean {
  if (principal.roles.some((r) => r === 'admin' || r === 'intake')) return true;
  return holding.some((d) => d !== undefined && mayActForDepartment(principal, d));
}

/**
 * A new case id; with an Idempotency-Key it is derived from the key and the caller, so a retried request
 * names the same case and the customer workflow answers it once (one case, however often it is sent).
 */
function caseIdFor(principal: string, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return randomUUID();
  const h = createHash('sha256').update(`${principal}\n${idempotencyKey}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}
