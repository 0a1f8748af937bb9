/**
 * Moving every open case of a template version to another version (issue 15, docs/migration.md "Moving many
 * cases"): the dry run asks each case's own check right away (migrationCheckQuery, a few cases at a time,
 * nothing changes); the move starts a bulk migration workflow (workflows/migration.workflow.ts) that moves
 * them one by one, and is read, paused and resumed through it. Called by the API's routes and, through the
 * API, by `caseflow migrate cases`.
 */
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import type { AuthPrincipal } from '../access/principal';
import type { CaseMigration, MigrateVersionBody, MigrationDryRun, MigrationRun } from '../contract';
import { openCasesOfVersion } from '../db/cases';
import { templatePlan } from '../db/template-plans';
import { getTemplateVersion } from '../db/templates';
import type { Plan } from '../definitions/plan';
import { caseWorkflowId, migrationCheckQuery, type MigrateCaseArgs } from '../workflows/messages';
import {
  migrationListedUpdate,
  migrationProgressQuery,
  migrationWorkflowId,
  pauseMigrationUpdate,
  resumeMigrationUpdate,
  type MigrationWorkflowArgs,
} from '../workflows/migration-messages';
import type { migrationWorkflow } from '../workflows/migration.workflow';
import { CaseError } from './case-error';
import type { CaseContext } from './context';

/** Cases a dry run asks at once: enough to be quick, few enough not to crowd the workers. */
const DRY_RUN_CONCURRENCY = 8;

/** A bulk migration request: template `template` version `to`, the body's `from`, map and reenter. */
export interface VersionMigrationRequest {
  principal: AuthPrincipal;
  template: string;
  to: number;
  body: MigrateVersionBody;
}

/** The dry run's answer, or the started migration's first progress. */
export type VersionMigrationAnswer =
  { dryRun: true; result: MigrationDryRun } | { dryRun: false; result: MigrationRun };

/**
 * Checks the request against the registry (both versions known, the target not retired, two different
 * versions) and answers the dry run or starts the migration.
 */
export async function migrateVersion(
  ctx: CaseContext,
  request: VersionMigrationRequest,
): Promise<VersionMigrationAnswer> {
  const { template, to, body } = request;
  const plan = await targetPlan(ctx, template, to, body.from);
  if (body.dryRun) return { dryRun: true, result: await dryRun(ctx, request, plan) };
  return { dryRun: false, result: await startMigration(ctx, request) };
}

/**
 * The dry run against a candidate that is not published (the template editor's check before publish): the
 * open cases of `from` asked against the candidate's plan, exactly as against a published version.
 */
export async function checkCandidateMigration(
  ctx: CaseContext,
  principal: AuthPrincipal,
  candidate: Plan,
  body: Pick<MigrateVersionBody, 'from' | 'stepMap' | 'reenter'>,
): Promise<MigrationDryRun> {
  const template = candidate.name;
  if (body.from === candidate.version)
    throw new CaseError(
      'invalid',
      `The candidate is v${body.from} itself: name the version whose cases move.`,
      {
        errors: [
          { field: 'body.from', message: `must differ from the candidate's version ${candidate.version}` },
        ],
      },
    );
  if (!(await getTemplateVersion(ctx.pool, template, body.from)))
    throw new CaseError('not-found', `No template ${template} v${body.from}.`, {
      errors: [{ field: 'body.from', message: `${template} has no version ${body.from}` }],
    });
  const request = { principal, template, to: candidate.version, body: { ...body, dryRun: true } };
  return dryRun(ctx, request, candidate);
}

async function targetPlan(ctx: CaseContext, template: string, to: number, from: number): Promise<Plan> {
  if (from === to)
    throw new CaseError(
      'invalid',
      `The cases are on v${from} already: name another version to move them to.`,
      {
        errors: [{ field: 'body.from', message: `must differ from the target version ${to}` }],
      },
    );
  const [target, source] = await Promise.all([
    getTemplateVersion(ctx.pool, template, to),
    getTemplateVersion(ctx.pool, template, from),
  ]);
  if (!target) throw new CaseError('not-found', `No template ${template} v${to}.`);
  if (!source)
    throw new CaseError('not-found', `No template ${template} v${from}.`, {
      errors: [{ field: 'body.from', message: `${template} has no version ${from}` }],
    });
  if (target.status === 'retired')
    throw new CaseError('conflict', `${template} v${to} is retired: cases cannot move to it.`);
  const plan = await templatePlan(ctx.pool, target);
  if (!plan) throw new CaseError('not-found', `No template ${template} v${to}.`);
  return plan;
}

/** Every open case of `from`, checked by the case itself against the target plan; nothing changes. */
async function dryRun(
  ctx: CaseContext,
  request: VersionMigrationRequest,
  plan: Plan,
): Promise<MigrationDryRun> {
  const { template, to, body, principal } = request;
  const open = await openCasesOfVersion(ctx.pool, template, body.from);
  const args: MigrateCaseArgs = {
    plan,
    principal: { name: principal.name, roles: principal.roles },
    ...(body.stepMap ? { stepMap: body.stepMap } : {}),
    ...(body.reenter ? { reenter: body.reenter } : {}),
  };
  const cases = await mapInTurns(open, DRY_RUN_CONCURRENCY, async ({ id, step }) => {
    try {
      return await ctx.client.workflow.getHandle(caseWorkflowId(id)).query(migrationCheckQuery, args);
    } catch (err) {
      ctx.log.warn({ err, caseId: id }, 'migration check failed');
      const answer: CaseMigration = {
        id,
        from: { version: body.from, step: step ?? '' },
        to: { version: to, step: '' },
        ok: false,
        reason: 'the case could not answer its check (retry shortly)',
      };
      return answer;
    }
  });
  const movable = cases.filter((c) => c.ok).length;
  return {
    template,
    from: body.from,
    to,
    dryRun: true,
    total: cases.length,
    movable,
    refused: cases.length - movable,
    cases,
  };
}

/** Starts the migration workflow and answers once it has listed its cases. */
async function startMigration(ctx: CaseContext, request: VersionMigrationRequest): Promise<MigrationRun> {
  const { template, to, body, principal } = request;
  const migrationId = randomUUID();
  const args: MigrationWorkflowArgs = {
    migrationId,
    template,
    from: body.from,
    to,
    principal: { name: principal.name, roles: principal.roles },
    ...(body.stepMap ? { stepMap: body.stepMap } : {}),
    ...(body.reenter ? { reenter: body.reenter } : {}),
  };
  const start = new WithStartWorkflowOperation<typeof migrationWorkflow>('migrationWorkflow', {
    workflowId: migrationWorkflowId(migrationId),
    taskQueue: ctx.taskQueue,
    args: [args],
    workflowIdConflictPolicy: 'FAIL',
  });
  return ctx.client.workflow.executeUpdateWithStart(migrationListedUpdate, { startWorkflowOperation: start });
}

/** A bulk migration's progress: the running workflow's answer, or its result once it has ended. */
export async function readMigration(ctx: CaseContext, migrationId: string): Promise<MigrationRun> {
  const handle = ctx.client.workflow.getHandle(migrationWorkflowId(migrationId));
  const status = await migrationStatus(ctx, migrationId);
  if (status === 'COMPLETED') return (await handle.result()) as MigrationRun;
  return handle.query(migrationProgressQuery);
}

/** Pauses (before the next case) or resumes a running bulk migration; answers where it stands. */
export async function steerMigration(
  ctx: CaseContext,
  migrationId: string,
  action: 'pause' | 'resume',
): Promise<MigrationRun> {
  const status = await migrationStatus(ctx, migrationId);
  if (status !== 'RUNNING')
    throw new CaseError('conflict', `Migration ${migrationId} has ended (${status.toLowerCase()}).`);
  const handle = ctx.client.workflow.getHandle(migrationWorkflowId(migrationId));
  return handle.executeUpdate(action === 'pause' ? pauseMigrationUpdate : resumeMigrationUpdate);
}

/** The migration workflow's execution status; an unknown id is not found. */
async function migrationStatus(ctx: CaseContext, migrationId: string): Promise<string> {
  try {
    const description = await ctx.client.workflow.getHandle(migrationWorkflowId(migrationId)).describe();
    if (description.type !== 'migrationWorkflow') throw new WorkflowNotFoundError('', '', undefined);
    return description.status.name;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError)
      throw new CaseError('not-found', `No migration ${migrationId}.`);
    throw err;
  }
}

/** Maps items with at most `limit` calls under way, answering in the items' order. */
async function mapInTurns<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
