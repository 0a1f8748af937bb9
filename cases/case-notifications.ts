import { authorise } from './authorised-case';
import { maySeeSurveyTokens } from '../access/policy';
import type { AuthPrincipal } from '../access/principal';
import { getProjectedCase } from '../db/cases';
import { hideSurveyToken, listCaseNotifications, type OutboxEntry } from '../db/outbox';
import { caseNotFound } from './case-error';
import type { CaseContext } from './context';

/**
 * What was sent to the customer and departments about a case, oldest first, survey links included. A live
 * survey token answers the survey: only an admin (who may resend a link) reads it whole, everyone else with
 * its signature hidden.
 */
export async function caseNotifications(
  ctx: Pick<CaseContext, 'pool'>,
  input: { principal: AuthPrincipal; caseId: string },
): Promise<{ items: OutboxEntry[]; total: number }> {
  const { principal, caseId: id } = input;
  authorise(principal, 'case.notifications', undefined, id);
  if (!(await getProjectedCase(ctx.pool, id))) throw caseNotFound(id);
  const listed = await listCaseNotifications(ctx.pool, id);
  const items = maySeeSurveyTokens(principal) ? listed : listed.map(hideSurveyToken);
  return { items, total: items.length };
}
