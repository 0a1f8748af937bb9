/**
 * The case a use case acts on, once the policy (access/policy.ts) lets the principal act on it: the live
 * view from the case workflow's state query, refused as the policy says (not one's to see: not found;
 * not held now: forbidden).
 */
import { caseHoldersOf, noHolders } from '../access/case-access';
import { decide, rolesFor, type Action, type Target } from '../access/policy';
import type { AuthPrincipal } from '../access/principal';
import { getProjectedCase } from '../db/cases';
import { caseStateQuery, caseWorkflowId, type CaseView } from '../workflows/messages';
import { CaseError, caseNotFound } from './case-error';
import type { CaseContext } from './context';
import { caseErrorFromQuery } from './temporal-outcome';

/**
 * Throws the CaseError for the policy's refusal of `action` on `target`. `id` names the case, task or
 * department in the words of the refusal; `notFound` is what an unseen one is (a case by default).
 */
export function authorise(
  principal: AuthPrincipal,
  action: Action,
  target: Target,
  id: string,
  notFound: () => CaseError = () => caseNotFound(id),
): void {
  const decision = decide(principal, action, target);
  if (decision.allowed) return;
  switch (decision.refusal) {
    case 'role':
      throw new CaseError('forbidden', `This needs one of the roles: ${rolesFor(action).join(', ')}.`);
    case 'unseen':
      throw notFound();
    case 'not-held':
      throw new CaseError(
        'forbidden',
        `Case ${id} is not held by your departments now (${principal.departments.join(', ') || 'none'}): ` +
          'you may read it, but only the department holding the case or an open task of it may change it.',
      );
    case 'department':
      throw new CaseError('forbidden', `You are not an agent of department ${id}.`);
  }
}

/** The case's live state; an unknown case is not found, one that cannot answer is unavailable (logged). */
export async function liveCase(ctx: CaseContext, id: string): Promise<CaseView> {
  try {
    return await ctx.client.workflow.getHandle(caseWorkflowId(id)).query(caseStateQuery);
  } catch (err) {
    const outcome = caseErrorFromQuery(err, id);
    // Unavailable to the caller, but the reason is worth a look: the case itself did not answer.
    if (outcome instanceof CaseError && outcome.kind === 'unavailable')
      ctx.log.warn({ err, caseId: id }, 'case query failed');
    throw outcome;
  }
}

/**
 * The live view of case `id`, if the principal may do `action` to it: reading needs the case to be the
 * principal's to see (else not found, as if there were none); a change also needs its departments to
 * hold it now (else forbidden).
 */
export async function authorisedCase(
  ctx: CaseContext,
  principal: AuthPrincipal,
  action: Action,
  id: string,
): Promise<CaseView> {
  const view = await liveCase(ctx, id);
  authorise(principal, action, { case: caseHoldersOf(view) }, id);
  return view;
}

/**
 * The projected view of case `id` (undefined when it is not projected), if the principal may do `action`
 * to it. The audit reads ask the projection, not the case: a finished or stuck case still has its history
 * read. A case not projected involves no department, so only those who see every case pass.
 */
export async function authorisedProjectedCase(
  ctx: Pick<CaseContext, 'pool'>,
  principal: AuthPrincipal,
  action: Action,
  id: string,
): Promise<CaseView | undefined> {
  const view = await getProjectedCase(ctx.pool, id);
  authorise(principal, action, { case: view ? caseHoldersOf(view) : noHolders }, id);
  return view;
}
