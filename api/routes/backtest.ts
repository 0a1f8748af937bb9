/**
 * POST /templates/backtest (issue 15, SPEC §11, docs/templates.md "Backtest before you publish"): a candidate
 * template's YAML run on the recorded cases of its name, answering where each would have gone otherwise.
 * Thin: parse, authorise, call backtest/, answer.
 */
import { Router } from 'express';
import { actionRoles } from '../../access/policy';
import { backtestTemplate } from '../../backtest';
import { backtestQuerySchema, backtestReportSchema } from '../../contract';
import { authorise } from '../auth';
import type { ApiContext } from '../context';
import { describe } from '../openapi/describe';
import { HttpProblem, zodIssues } from '../problem';
import { compiledOr422, sourceBody, sourceTypes, templateSource, yamlText } from './templates';

const backtestDoc = describe({
  summary: 'Backtest a candidate template on recorded cases',
  description:
    "Send the candidate's YAML like POST /templates/validate. The recorded cases of its template name (any " +
    'version) opened in [from, to), newest first, up to `limit` (default 1000), run through it in virtual ' +
    'time with their recorded input and events; the answer says where category, department, priority, SLA, ' +
    'escalations or status would have differed and why, and which recorded events it could not place.',
  tags: ['templates'],
  roles: actionRoles['template.backtest'],
  query: backtestQuerySchema,
  body: { schema: sourceBody, contentTypes: sourceTypes },
  responses: { 200: { description: 'The backtest report', schema: backtestReportSchema } },
  errors: [422],
  audit: { action: 'template.backtest', resource: () => 'templates' },
});

export function backtestRouter(ctx: ApiContext): Router {
  const router = Router();
  router.post('/templates/backtest', backtestDoc, yamlText, async (req, res) => {
    authorise(req, 'template.backtest');
    const query = backtestQuerySchema.safeParse(req.query);
    if (!query.success)
      throw new HttpProblem(422, 'Unprocessable Content', 'The backtest query is not valid.', {
        errors: zodIssues(query.error, 'query'),
      });
    const { source, fileName } = templateSource(req);
    res.json(await backtestTemplate(ctx.pool, compiledOr422(source, fileName), query.data));
  });
  return router;
}
