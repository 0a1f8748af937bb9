import type { AuthPrincipal } from '../access/principal';
import { listCaseMessages, type CaseMessageItem } from '../db/case-messages';
import { caseScrubbedAt, scrubbedCaseView } from '../db/case-scrub';
import { getTemplateVersion } from '../db/templates';
import type { CaseView } from '../workflows/messages';
import { authorisedCase } from './authorised-case';
import { readClocksAt } from './clock-reading';
import { nowOf, type CaseContext } from './context';

/** Messages a case shows at once; older ones a page at a time (readCaseMessages). */
export const MESSAGES_SHOWN = 20;

/** A page of a case's messages, newest first; `nextCursor` reads the older ones. */
export interface CaseMessagePage {
  items: CaseMessageItem[];
  total: number;
  nextCursor?: string;
}

/**
 * A case's live state (GET /cases/{id}), if the principal may read it (else not found): its clocks read at
 * the context's now, not at the case's last event (cases/clock-reading.ts), with its newest messages —
 * they live in PostgreSQL, not in the case's state (bounded case state, docs/security.md).
 */
export async function readCase(
  ctx: CaseContext,
  input: { principal: AuthPrincipal; caseId: string },
): Promise<CaseView & { messages: CaseMessagePage }> {
  const live = await authorisedCase(ctx, input.principal, 'case.read', input.caseId);
  // An erased or purged case (docs/privacy.md): the workflow still holds its subject, description and
  // the opening words of messages, which the projection no longer does; the reader gets them scrubbed too.
  const view = (await caseScrubbedAt(ctx.pool, input.caseId)) ? scrubbedCaseView(live) : live;
  const template = await getTemplateVersion(ctx.pool, view.template.name, view.template.version);
  const messages = await listCaseMessages(ctx.pool, input.caseId, { limit: MESSAGES_SHOWN });
  return { ...(template ? readClocksAt(view, template.plan, nowOf(ctx)) : view), messages };
}

/** A page of a case's messages, newest first, if the principal may read the case (else not found). */
export async function readCaseMessages(
  ctx: CaseContext,
  input: { principal: AuthPrincipal; caseId: string; limit: number; before?: number | undefined },
): Promise<CaseMessagePage> {
  await authorisedCase(ctx, input.principal, 'case.messages', input.caseId);
  return listCaseMessages(ctx.pool, input.caseId, {
    limit: input.limit,
    ...(input.before !== undefined ? { before: input.before } : {}),
  });
}
