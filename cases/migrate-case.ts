/**
 * Moving one open case to another version of its template (issue 15, docs/migration.md). The target
 * version's compiled plan comes from the registry and travels to the case whole: the case checks the move
 * against it (the workflow's migrationCheck query, the dry run) or makes it (the migrateCase update, with
 * the acting principal), so what was checked is what replay applies.
 */
import type { AuthPrincipal } from '../access/principal';
import type { CaseMigration, MigrateCaseBody } from '../contract';
import { getTemplateVersion } from '../db/templates';
import {
  caseWorkflowId,
  migrateCaseUpdate,
  migrationCheckQuery,
  type MigrateCaseArgs,
} from '../workflows/messages';
import { authorise, liveCase } from './authorised-case';
import { CaseError } from './case-error';
import type { CaseContext } from './context';
import { caseErrorFromQuery, caseErrorFromTemporal } from './temporal-outcome';

/**
 * Checks (dryRun) or makes the move of case `caseId` to `body.version` of its template. Designers and
 * admins may move any case: a migration is a change of the process, not work on the case, so no department
 * needs to hold it. An unknown version is not found, a retired one a conflict. A dry run answers whatever
 * the case says, movable or not; a refused move throws the case's reason (conflict, or invalid for an
 * unknown step in stepMap).
 */
export async function migrateCase(
  ctx: CaseContext,
  input: { principal: AuthPrincipal; caseId: string; body: MigrateCaseBody; updateId?: string | undefined },
): Promise<CaseMigration> {
  const { principal, caseId: id, body } = input;
  authorise(principal, 'case.migrate', undefined, id);
  const view = await liveCase(ctx, id);
  const row = await getTemplateVersion(ctx.pool, view.template.name, body.version);
  if (row === undefined)
    throw new CaseError('not-found', `No template ${view.template.name} v${body.version}.`, {
      errors: [{ field: 'body.version', message: `no version ${body.version} is published` }],
    });
  if (row.status === 'retired')
    throw new CaseError(
      'conflict',
      `${view.template.name} v${body.version} is retired: no case may move to it.`,
    );
  const args: MigrateCaseArgs = {
    plan: row.plan,
    ...(body.stepMap !== undefined ? { stepMap: body.stepMap } : {}),
    ...(body.reenter !== undefined ? { reenter: body.reenter } : {}),
    principal: { name: principal.name, roles: principal.roles },
  };
  const handle = ctx.client.workflow.getHandle(caseWorkflowId(id));
  const check = async (): Promise<CaseMigration> => {
    try {
      return await handle.query(migrationCheckQuery, args);
    } catch (err) {
      throw caseErrorFromQuery(err, id);
    }
  };
  if (body.dryRun === true) return await check();
  try {
    return await handle.executeUpdate(migrateCaseUpdate, {
      args: [args],
      ...(input.updateId ? { updateId: input.updateId } : {}),
    });
  } catch (err) {
    const outcome = caseErrorFromTemporal(err, id);
    // A case that has ended takes no update at all (Temporal answers it as not found, or finished), though
    // it answered its state a moment ago: its own check still says why it cannot move.
    if (
      outcome instanceof CaseError &&
      (outcome.kind === 'not-found' || /is finished/.test(outcome.message))
    ) {
      const answer = await check().catch(() => undefined);
      if (answer?.reason !== undefined) throw new CaseError('conflict', answer.reason);
    }
    throw outcome;
  }
}
