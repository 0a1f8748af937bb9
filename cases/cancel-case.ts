import type { AuthPrincipal } from '../access/principal';
import { cancelCaseUpdate, caseWorkflowId, type CaseView } from '../workflows/messages';
import { authorisedCase } from './authorised-case';
import type { CaseContext } from './context';
import { caseErrorFromTemporal } from './temporal-outcome';

/**
 * Cancels a case with a reason, if the principal's departments hold it now (else forbidden, or not found
 * when it may not even read it); the case decides whether it still may be cancelled (conflict).
 */
export async function cancelCase(
  ctx: CaseContext,
  input: { principal: AuthPrincipal; caseId: string; reason: string; updateId?: string | undefined },
): Promise<CaseView> {
  const { principal, caseId: id } = input;
  await authorisedCase(ctx, principal, 'case.cancel', id);
  try {
    return await ctx.client.workflow.getHandle(caseWorkflowId(id)).executeUpdate(cancelCaseUpdate, {
      args: [{ reason: input.reason, principal: { name: principal.name, roles: principal.roles } }],
      ...(input.updateId ? { updateId: input.updateId } : {}),
    });
  } catch (err) {
    throw caseErrorFromTemporal(err, id);
  }
}
