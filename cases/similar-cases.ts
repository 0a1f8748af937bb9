/**
 * GET /cases/{id}/similar (issue 17, SPEC §12): the resolved cases closest to this one in words, with how
 * each was resolved and by whom, for the agent triaging or working it (docs/triage.md, Similar cases).
 *
 * Read from the projection, not the live case: the subject and description never change after intake, and
 * asking the workflow would cost a busy case a workflow task for every task page opened. Whoever may read
 * the case may ask; an agent is shown only resolved cases their departments were involved in, as they
 * could read those cases themselves (access/policy.ts mayReadCase), so the answer reveals nothing more.
 */
import { caseListScope } from '../access/policy';
import type { AuthPrincipal } from '../access/principal';
import type { SimilarCases } from '../contract';
import { caseScrubbedAt } from '../db/case-scrub';
import { findSimilarCases } from '../db/similar-cases';
import { caseTokens } from '../triage/tokens';
import { authorisedProjectedCase } from './authorised-case';
import { caseNotFound } from './case-error';
import { nowOf, type CaseContext } from './context';

export async function similarCases(
  ctx: Pick<CaseContext, 'pool' | 'now'>,
  input: { principal: AuthPrincipal; caseId: string; limit: number },
): Promise<SimilarCases> {
  const view = await authorisedProjectedCase(ctx, input.principal, 'case.read', input.caseId);
  if (view === undefined) throw caseNotFound(input.caseId);
  // An erased or purged case has no words left to compare (its subject reads "[erased]").
  if (await caseScrubbedAt(ctx.pool, input.caseId)) return { items: [] };
  const scope = caseListScope(input.principal);
  const items = await findSimilarCases(ctx.pool, {
    caseId: view.id,
    template: view.template.name,
    category: view.category,
    tokens: caseTokens(view.subject, view.description),
    departments: scope === 'all' ? undefined : scope.departments,
    limit: input.limit,
    now: new Date(nowOf(ctx)),
  });
  return { items };
}
