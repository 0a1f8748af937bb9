import { Router } from 'express';
import { z } from 'zod';
import {
  migrateVersionBodySchema,
  migrationCheckBodySchema,
  migrationDryRunSchema,
  migrationRunSchema,
} from '../../contract';
import {
  checkCandidateMigration,
  migrateVersion,
  readMigration,
  steerMigration,
} from '../../cases/migrate-version';
import { actionRoles } from '../../access/policy';
import { noteAudit } from '../audit-trail';
import { authorise } from '../auth';
import type { ApiContext } from '../context';
import { describe } from '../openapi/describe';
import { parse } from '../validate';
import { compiledOr422 } from './templates';

/**
 * Bulk migrations (issue 15, docs/migration.md "Moving many cases"): every open case of a template version
 * moved to another version, checked first with a dry run, then moved by a workflow of its own that these
 * routes read, pause and resume. The use cases are in cases/migrate-version.ts.
 */
const tags = ['migrations'];
const versionParams = z.object({ name: z.string().min(1).max(100), v: z.coerce.number().int().min(1) });
const migrationParams = z.object({ id: z.string().min(1).max(100) });
const migrationResource = (p: Record<string, string>) => `migration/${p.id ?? ''}`;
const roles = actionRoles['template.migrate'];

const migrateDoc = describe({
  summary: 'Move every open case of a version to version v (or, with dryRun, check them all)',
  description:
    'Each case is checked by the case itself against version v, with the step map. `dryRun: true` answers ' +
    'every case at once and changes nothing (200). Otherwise a migration starts (202, `Location: ' +
    '/migrations/{id}`): it moves the cases one by one, a refusal stops only that case. With ' +
    'Idempotency-Key, a retry answers the migration already started.',
  tags,
  roles,
  params: versionParams,
  body: { schema: migrateVersionBodySchema },
  // With Idempotency-Key, a retried request answers the migration it started instead of starting another.
  idempotent: true,
  responses: {
    200: { description: 'The dry run: what would happen to each open case', schema: migrationDryRunSchema },
    202: { description: 'The migration started: its progress', schema: migrationRunSchema },
  },
  errors: [409, 422],
  audit: { action: 'template.migrate', resource: (p) => `template/${p.name ?? ''}/v${p.v ?? ''}` },
});
const checkDoc = describe({
  summary: "Check moving a version's open cases to a candidate that is not published yet",
  description:
    "The candidate's YAML (`source`) is compiled like POST /templates/validate; every open case of version " +
    '`from` of the same template is checked against it, with the step map, exactly as a dry run against a ' +
    'published version would (the template editor shows it before publish). Nothing changes.',
  tags,
  roles,
  body: { schema: migrationCheckBodySchema },
  responses: { 200: { description: 'What would happen to each open case', schema: migrationDryRunSchema } },
  errors: [404, 422],
  audit: { action: 'template.migration-check', resource: () => 'templates' },
});
const readDoc = describe({
  summary: "A bulk migration's progress, and each case's result so far",
  tags,
  roles,
  params: migrationParams,
  responses: { 200: { description: 'The migration', schema: migrationRunSchema } },
  audit: { action: 'migration.read', resource: migrationResource },
});
const steerDoc = (what: 'pause' | 'resume') =>
  describe({
    summary:
      what === 'pause'
        ? 'Pause a bulk migration: it stops before the next case'
        : 'Resume a paused bulk migration',
    tags,
    roles,
    params: migrationParams,
    responses: { 200: { description: 'The migration', schema: migrationRunSchema } },
    errors: [409],
    audit: { action: `migration.${what}`, resource: migrationResource },
  });

export function migrationsRouter(ctx: ApiContext): Router {
  const router = Router();

  router.post('/templates/:name/versions/:v/migrate', migrateDoc, async (req, res) => {
    const principal = authorise(req, 'template.migrate');
    const { name, v } = parse(versionParams, req, 'params');
    const body = parse(migrateVersionBodySchema, req, 'body');
    const answer = await migrateVersion(ctx, { principal, template: name, to: v, body });
    if (answer.dryRun) {
      noteAudit(req, { detail: { dryRun: true, from: body.from } });
      res.json(answer.result);
      return;
    }
    noteAudit(req, { detail: { from: body.from, migration: answer.result.id } });
    res.status(202).location(`/migrations/${answer.result.id}`).json(answer.result);
  });

  router.post('/templates/migration-check', checkDoc, async (req, res) => {
    const principal = authorise(req, 'template.migrate');
    const body = parse(migrationCheckBodySchema, req, 'body');
    const candidate = compiledOr422(body.source, body.fileName ?? 'request.yaml');
    noteAudit(req, {
      resource: `template/${candidate.name}/v${candidate.version}`,
      detail: { from: body.from },
    });
    res.json(await checkCandidateMigration(ctx, principal, candidate, body));
  });

  router.get('/migrations/:id', readDoc, async (req, res) => {
    authorise(req, 'template.migrate');
    const { id } = parse(migrationParams, req, 'params');
    res.json(await readMigration(ctx, id));
  });

  for (const what of ['pause', 'resume'] as const) {
    router.post(`/migrations/:id/${what}`, steerDoc(what), async (req, res) => {
      authorise(req, 'template.migrate');
      const { id } = parse(migrationParams, req, 'params');
      res.json(await steerMigration(ctx, id, what));
    });
  }

  return router;
}
