/**
 * The activities of a bulk migration (workflows/migration.workflow.ts): the open cases of a version, read
 * from the case index, and one case moved through its own migrateCase update, as POST /cases/{id}/migrate
 * moves it. The worker's Temporal client sends the update (one per worker process, worker/start-worker.ts).
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import type { CaseMigration } from '../contract';
import { getProjectedCase, openCasesOfVersion } from '../db/cases';
import { templatePlan } from '../db/template-plans';
import { getTemplateVersionStatus } from '../db/templates';
import type { Plan } from '../definitions/plan';
import {
  caseWorkflowId,
  migrateCaseUpdate,
  migrationCheckQuery,
  type MigrateCaseArgs,
} from '../workflows/messages';
import type { MigrateOneCaseArgs } from '../workflows/migration-messages';
import type { MigrationActivities } from './types';

/** gRPC NOT_FOUND: Temporal's answer for an unknown execution, or one that has completed. */
const GRPC_NOT_FOUND = 5;

/** The migration activities, with the registry's pool and the worker's Temporal client. */
export function migrationActivities(pool: Pool, client: Client | undefined): MigrationActivities {
  return {
    listOpenCases: async ({ template, version }) =>
      (await openCasesOfVersion(pool, template, version)).map((c) => c.id),
    migrateOneCase: (args) => {
      if (!client) throw ApplicationFailure.nonRetryable('this worker has no Temporal client for migrations');
      return migrateOneCase(pool, client, args);
    },
  };
}

/** The target version's compiled plan (read once per process: published versions never change). */
async function targetPlan(pool: Pool, template: string, version: number): Promise<Plan | undefined> {
  const status = await getTemplateVersionStatus(pool, template, version);
  return status && (await templatePlan(pool, status));
}

/**
 * Moves one case. The update's id names the migration and the case, so a retried activity whose update
 * already ran gets that update's answer back instead of moving the case twice.
 */
export async function migrateOneCase(
  pool: Pool,
  client: Client,
  args: MigrateOneCaseArgs,
): Promise<CaseMigration> {
  const plan = await targetPlan(pool, args.template, args.to);
  if (!plan) return refusal(pool, args, `${args.template} v${args.to} is not in the registry`);
  const request: MigrateCaseArgs = {
    plan,
    principal: args.principal,
    ...(args.stepMap ? { stepMap: args.stepMap } : {}),
    ...(args.reenter ? { reenter: args.reenter } : {}),
  };
  const handle = client.workflow.getHandle(caseWorkflowId(args.caseId));
  try {
    return await handle.executeUpdate(migrateCaseUpdate, {
      args: [request],
      updateId: `migration-${args.migrationId}/${args.caseId}`,
    });
  } catch (err) {
    const reason = refusalReason(err);
    if (reason === undefined) throw err;
    // The case's own check says where it stands and where it would go; a finished case cannot answer.
    const check = await handle.query(migrationCheckQuery, request).catch(() => undefined);
    if (check && !check.ok) return check;
    return refusal(pool, args, reason, check?.to.step);
  }
}

/** Why the case refused the move, or undefined when the error is an outage (to be retried). */
export function refusalReason(err: unknown): string | undefined {
  if (err instanceof WorkflowUpdateFailedError)
    return err.cause instanceof ApplicationFailure || err.cause instanceof Error
      ? err.cause.message
      : err.message;
  if (err instanceof WorkflowNotFoundError) return 'no such case (its workflow is gone)';
  if (err instanceof Error && (err as { code?: unknown }).code === GRPC_NOT_FOUND)
    return /completed|closed|finished/i.test(err.message)
      ? 'the case has ended'
      : 'no such case (its workflow is gone)';
  return undefined;
}

/** A refused case's answer, its place read from the case index. */
async function refusal(
  pool: Pool,
  args: MigrateOneCaseArgs,
  reason: string,
  toStep = '',
): Promise<CaseMigration> {
  const projected = await getProjectedCase(pool, args.caseId);
  return {
    id: args.caseId,
    from: { version: args.from, step: projected?.step ?? '' },
    to: { version: args.to, step: toStep },
    ok: false,
    reason,
  };
}
