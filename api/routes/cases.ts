import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { caseWorkflow } from '../../workflows/case.workflow';
import { caseStateQuery, caseWorkflowId, type CaseView, type StartCaseArgs } from '../../workflows/messages';
import {
  CaseCustomerKey,
  CaseStatusKey,
  CaseTemplateKey,
  CaseTemplateVersionKey,
} from '../../workflows/search-attributes';
import { getNewestActiveVersion, getTemplateVersion } from '../../db/templates';
import { mayActForDepartment, requireRole, type AuthPrincipal } from '../auth';
import { checkCaseAttributes } from '../case-input';
import type { ApiContext } from '../context';
import { HttpProblem } from '../problem';
import { idParams, openCaseBody } from '../schemas';
import { problemFromTemporal } from '../temporal-errors';
import { parse } from '../validate';

export function casesRouter(ctx: ApiContext): Router {
  const router = Router();

  router.post('/cases', async (req, res) => {
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
    const caseId = randomUUID();
    const openedAt = new Date().toISOString();
    const args: StartCaseArgs = {
      caseId,
      plan: template.plan,
      input: {
        channel: body.channel,
        customer: body.customer,
        subject: body.subject,
        description: body.description,
        attributes: checked.attributes,
      },
      openedBy: { name: principal.name, roles: principal.roles },
      openedAt,
    };
    await ctx.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
      workflowId: caseWorkflowId(caseId),
      taskQueue: ctx.taskQueue,
      args: [args],
      typedSearchAttributes: [
        { key: CaseStatusKey, value: 'open' },
        { key: CaseTemplateKey, value: template.name },
        { key: CaseTemplateVersionKey, value: template.version },
        { key: CaseCustomerKey, value: body.customer.id },
      ],
    });
    res.status(201).json({
      id: caseId,
      status: 'open',
      template: { name: template.name, version: template.version, sha256: template.sha256 },
      channel: body.channel,
      customer: body.customer,
      subject: body.subject,
      createdAt: openedAt,
    });
  });

  router.get('/cases/:id', async (req, res) => {
    const principal = requireRole(req, 'intake', 'agent', 'auditor');
    const { id } = parse(idParams, req, 'params');
    let view: CaseView;
    try {
      view = await ctx.client.workflow.getHandle(caseWorkflowId(id)).query(caseStateQuery);
    } catch (err) {
      throw problemFromTemporal(err, id);
    }
    if (!mayReadCase(principal, view)) throw new HttpProblem(404, 'Not Found', `No case ${id}.`);
    res.json(view);
  });

  return router;
}

/** Agents read only cases their departments hold or work on; a 404 does not reveal that others exist. */
function mayReadCase(principal: AuthPrincipal, view: CaseView): boolean {
  if (principal.roles.some((r) => r === 'admin' || r === 'auditor' || r === 'intake')) return true;
  const departments = [view.department, ...view.tasks.flatMap((t) => [t.department, t.coordinator])];
  return departments.some((d) => d !== undefined && mayActForDepartment(principal, d));
}
