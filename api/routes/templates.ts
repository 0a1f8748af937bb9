import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { compileTemplate } from '../../definitions/compile';
import type { Plan } from '../../definitions/plan';
import { diffPlans, formatChanges } from '../../definitions/diff';
import { planToMermaid } from '../../definitions/mermaid';
import {
  getTemplateVersion,
  listTemplateVersions,
  publishTemplate,
  retireTemplateVersion,
  type TemplateVersionRow,
} from '../../db/templates';
import { noteAudit } from '../audit-trail';
import { authorise } from '../auth';
import type { ApiContext } from '../context';
import { templateSchema, templateVersionSchema } from '../openapi/components';
import { describe } from '../openapi/describe';
import { HttpProblem } from '../problem';
import { parse } from '../validate';

const versionParams = z.object({ name: z.string().min(1).max(100), v: z.coerce.number().int().min(1) });
const nameParams = z.object({ name: z.string().min(1).max(100) });
const diffQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });
export const sourceBody = z.object({
  source: z.string().min(1, 'expected the YAML text of a template').max(1_000_000),
  fileName: z.string().min(1).max(300).optional(),
});

/**
 * The plan of a template sent to be published, backtested or checked; a template that does not validate is
 * 422 with each error's `file:line:col` as its field, as `caseflow validate` prints them.
 */
export function compiledOr422(source: string, fileName: string): Plan {
  const result = compileTemplate(source, fileName);
  if (result.ok) return result.plan;
  throw new HttpProblem(422, 'Unprocessable Content', 'The template does not validate.', {
    errors: result.errors.map((e) => ({ field: `${e.file}:${e.line}:${e.column}`, message: e.message })),
  });
}

/** A template can be sent as YAML text (text/yaml, application/yaml) or as JSON `{ source, fileName? }`. */
export const yamlText = express.text({
  type: ['text/yaml', 'application/yaml', 'application/x-yaml', 'text/plain'],
  limit: '1mb',
});

export function templateSource(req: Request): { source: string; fileName: string } {
  if (typeof req.body === 'string') return { source: req.body, fileName: 'request.yaml' };
  const body = parse(sourceBody, req, 'body');
  return { source: body.source, fileName: body.fileName ?? 'request.yaml' };
}

const summary = (row: TemplateVersionRow) => ({
  name: row.name,
  version: row.version,
  title: row.plan.title,
  sha256: row.sha256,
  status: row.status,
  publishedBy: row.publishedBy,
  publishedAt: row.publishedAt,
  ...(row.retiredAt ? { retiredBy: row.retiredBy, retiredAt: row.retiredAt } : {}),
});

export const sourceTypes = [
  'application/json',
  'text/yaml',
  'application/yaml',
  'application/x-yaml',
  'text/plain',
];
const tags = ['templates'];
const versionDetail = templateVersionSchema.extend({ yaml: z.string(), plan: z.looseObject({}) });
const listDoc = describe({
  summary: 'Templates and their versions',
  tags,
  responses: {
    200: {
      description: 'Every template',
      schema: z.looseObject({ items: z.array(templateSchema), total: z.number().int() }),
    },
  },
});
const getDoc = describe({
  summary: 'One template with its versions',
  tags,
  params: nameParams,
  responses: {
    200: {
      description: 'The template',
      schema: z.looseObject({ name: z.string(), versions: z.array(templateVersionSchema) }),
    },
  },
});
const versionDoc = describe({
  summary: 'One version: YAML source, sha256, status and compiled plan',
  tags,
  params: versionParams,
  responses: { 200: { description: 'The version', schema: versionDetail } },
});
const graphDoc = describe({
  summary: 'The flow as a Mermaid flowchart (JSON, or text with Accept: text/plain)',
  tags,
  params: versionParams,
  responses: {
    200: {
      description: 'Mermaid',
      schema: z.looseObject({ name: z.string(), version: z.number().int(), mermaid: z.string() }),
      alternatives: { 'text/plain': z.string() },
    },
  },
});
const diffDoc = describe({
  summary: 'What changed between two versions',
  tags,
  params: nameParams,
  query: diffQuery,
  responses: {
    200: {
      description: 'Changes, and the same in words',
      schema: z.looseObject({
        name: z.string(),
        from: z.number(),
        to: z.number(),
        changes: z.array(z.unknown()),
        text: z.string(),
      }),
    },
  },
});
const validateDoc = describe({
  summary: 'Validate a template without publishing it',
  description: 'Send YAML text (text/yaml) or JSON `{ source, fileName? }`. Errors name file:line:column.',
  tags,
  roles: ['designer'],
  body: { schema: sourceBody, contentTypes: sourceTypes },
  responses: {
    200: {
      description: 'Valid, or the errors',
      schema: z.looseObject({ valid: z.boolean(), errors: z.array(z.unknown()).optional() }),
    },
  },
  audit: { action: 'template.validate', resource: () => 'templates' },
});
const publishDoc = describe({
  summary: 'Publish a template version',
  description:
    'Identical content again is a no-op (200, outcome unchanged); other content under a published version is 409.',
  tags,
  roles: ['designer'],
  body: { schema: sourceBody, contentTypes: sourceTypes },
  idempotent: true,
  responses: {
    201: {
      description: 'Published',
      schema: templateVersionSchema.extend({ outcome: z.literal('published') }),
    },
    200: {
      description: 'Already published with this content',
      schema: templateVersionSchema.extend({ outcome: z.string() }),
    },
  },
  errors: [409, 422],
  audit: { action: 'template.publish', resource: () => 'templates' },
});
const retireDoc = describe({
  summary: 'Retire a version: it opens no new cases',
  tags,
  roles: ['designer'],
  params: versionParams,
  responses: { 200: { description: 'The retired version', schema: templateVersionSchema } },
  audit: { action: 'template.retire', resource: (p) => `template/${p.name ?? ''}/v${p.v ?? ''}` },
});

/** The template registry (SPEC §3 versioning): read for everyone signed in, publish and retire for designers. */
export function templatesRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/templates', listDoc, async (req, res) => {
    authorise(req, 'template.read');
    const rows = await listTemplateVersions(ctx.pool);
    const byName = new Map<string, TemplateVersionRow[]>();
    for (const row of rows) byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
    const items = [...byName.entries()].map(([name, versions]) => ({
      name,
      title: versions[versions.length - 1]!.plan.title,
      newestActiveVersion: versions.filter((v) => v.status === 'active').pop()?.version ?? null,
      versions: versions.map(summary),
    }));
    res.json({ items, total: items.length });
  });

  router.get('/templates/:name', getDoc, async (req, res) => {
    authorise(req, 'template.read');
    const { name } = parse(nameParams, req, 'params');
    const versions = await listTemplateVersions(ctx.pool, name);
    if (!versions.length) throw new HttpProblem(404, 'Not Found', `No template ${name}.`);
    res.json({ name, versions: versions.map(summary) });
  });

  router.get('/templates/:name/versions/:v', versionDoc, async (req, res) => {
    authorise(req, 'template.read');
    const { name, v } = parse(versionParams, req, 'params');
    const row = await getTemplateVersion(ctx.pool, name, v);
    if (!row) throw new HttpProblem(404, 'Not Found', `No template ${name} v${v}.`);
    res.json({ ...summary(row), yaml: row.source, plan: row.plan });
  });

  router.get('/templates/:name/versions/:v/graph', graphDoc, async (req, res) => {
    authorise(req, 'template.read');
    const { name, v } = parse(versionParams, req, 'params');
    const row = await getTemplateVersion(ctx.pool, name, v);
    if (!row) throw new HttpProblem(404, 'Not Found', `No template ${name} v${v}.`);
    const mermaid = planToMermaid(row.plan);
    // Mermaid text for tools (Accept: text/plain), JSON for everything else.
    if (req.accepts(['application/json', 'text/plain']) === 'text/plain')
      res.type('text/plain').send(mermaid);
    else res.json({ name, version: v, mermaid });
  });

  router.get('/templates/:name/diff', diffDoc, async (req, res) => {
    authorise(req, 'template.read');
    const { name } = parse(nameParams, req, 'params');
    const { from, to } = parse(diffQuery, req, 'query');
    const [before, after] = await Promise.all([
      getTemplateVersion(ctx.pool, name, from),
      getTemplateVersion(ctx.pool, name, to),
    ]);
    if (!before || !after) {
      throw new HttpProblem(404, 'Not Found', `No template ${name} v${!before ? from : to}.`);
    }
    const changes = diffPlans(before.plan, after.plan);
    res.json({ name, from, to, changes, text: formatChanges(before.plan, after.plan, changes) });
  });

  router.post('/templates/validate', validateDoc, yamlText, (req, res) => {
    authorise(req, 'template.validate');
    const { source, fileName } = templateSource(req);
    const result = compileTemplate(source, fileName);
    res.json(
      result.ok
        ? { valid: true, name: result.plan.name, version: result.plan.version, sha256: result.plan.sha256 }
        : { valid: false, errors: result.errors },
    );
  });

  router.post('/templates', publishDoc, yamlText, async (req, res) => {
    const principal = authorise(req, 'template.publish');
    const { source, fileName } = templateSource(req);
    const result = { plan: compiledOr422(source, fileName) };
    const published = await publishTemplate(ctx.pool, result.plan, source, principal.name);
    noteAudit(req, {
      resource: `template/${result.plan.name}/v${result.plan.version}`,
      detail: { outcome: published.outcome },
    });
    if (published.outcome === 'conflict') {
      throw new HttpProblem(
        409,
        'Conflict',
        `${result.plan.name} v${result.plan.version} is already published with other content ` +
          `(sha256 ${published.existing.sha256}); published versions are immutable — give the change a new version.`,
      );
    }
    res
      .status(published.outcome === 'published' ? 201 : 200)
      .json({ ...summary(published.row), outcome: published.outcome });
  });

  router.post('/templates/:name/versions/:v/retire', retireDoc, async (req, res) => {
    const principal = authorise(req, 'template.retire');
    const { name, v } = parse(versionParams, req, 'params');
    const row = await retireTemplateVersion(ctx.pool, name, v, principal.name);
    if (!row) throw new HttpProblem(404, 'Not Found', `No template ${name} v${v}.`);
    res.json(summary(row));
  });

  return router;
}
