import type { AuthPrincipal } from '../access/principal';
import { getProjectedCase } from '../db/cases';
import {
  cancelCaseUpdate,
  caseStateQuery,
  caseWorkflowId,
  isCaseView,
  type CaseView,
} from '../workflows/messages';
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
  const handle = ctx.client.workflow.getHandle(caseWorkflowId(id));
  try {
    const answer = await handle.executeUpdate(cancelCaseUpdate, {
      args: [{ reason: input.reason, principal: { name: principal.name, roles: principal.roles } }],
      ...(input.updateId ? { updateId: input.updateId } : {}),
    });
    // A run of older code answers the whole view. A compact answer (issue 13) names a revision the case
    // projected before answering, so the projection holds it (or a newer one): read your own write there.
    if (isCaseView(answer)) return answer;
    const projected = await getProjectedCase(ctx.pool, id);
    if (projected !== undefined && projected.revision >= answer.revision) return projected;
    // The projection failed for good (the case logged it): the case itself still answers.
    return await handle.query(caseStateQuery);
  } catch (err) {
    throw caseErrorFromTemporal(err, id);
  }
}
