import type { AuthPrincipal } from '../access/principal';
import { getCaseAccess } from '../db/cases';
import { isFinalStatus, type MessageSender } from '../contract';
import { caseWorkflowId, customerMessageSignal } from '../workflows/messages';
import { authorise } from './authorised-case';
import { CaseError, caseNotFound } from './case-error';
import { nowOf, type CaseContext } from './context';
import { caseErrorFromTemporal } from './temporal-outcome';

/** A message received, as the caller sees it. */
export interface PostedMessage {
  caseId: string;
  from: MessageSender;
  text: string;
  at: string;
}

/**
 * Adds a message to a case (a customer message resumes a case waiting for the customer), if the principal's
 * departments hold it now (else forbidden, or not found when it may not even read it); a finished case takes
 * none (conflict). Access comes from the projection, not a query: a query per message costs the case a
 * workflow task and, on a busy case, fails (Temporal buffers one query while a task runs). Why the
 * projection's lag is acceptable for a message: docs/api.md, "Messages and the projection".
 */
export async function postMessage(
  ctx: CaseContext,
  input: { principal: AuthPrincipal; caseId: string; from: MessageSender; text: string },
): Promise<PostedMessage> {
  const { principal, caseId: id } = input;
  const access = await getCaseAccess(ctx.pool, id);
  if (!access) throw caseNotFound(id);
  authorise(principal, 'case.message', { case: access }, id);
  // A final status takes no more messages; `resolved` still runs (follow-up, survey) and takes them.
  if (isFinalStatus(access.status))
    throw new CaseError('conflict', `Case ${id} is ${access.status}; it takes no more messages.`);
  const at = new Date(nowOf(ctx)).toISOString();
  // What the customer or an agent writes on a case is the customer's data (docs/privacy.md): it travels
  // sealed for them, through the signal, the history, case_messages and the stored answer, and opens for
  // readers (api/reveal-personal-data.ts) until the customer is erased. A case opened before customers had
  // keys carries it as it is (sealFor leaves it).
  const sealed = await sealedMessage(ctx, access.customer, input.text);
  try {
    await ctx.client.workflow.getHandle(caseWorkflowId(id)).signal(customerMessageSignal, {
      from: input.from,
      ...sealed,
      principal: { name: principal.name, roles: principal.roles },
      at,
    });
  } catch (err) {
    throw caseErrorFromTemporal(err, id);
  }
  return { caseId: id, from: input.from, text: sealed.text, at };
}

/** The excerpt the decision log shows of a message (workflows/engine/engine.ts slices plain text the same). */
const EXCERPT_LENGTH = 80;

/** The text sealed for the case's customer, with its excerpt sealed apart; as it is for an older case. */
async function sealedMessage(
  ctx: Pick<CaseContext, 'personalData'>,
  customer: string | undefined,
  text: string,
): Promise<{ text: string; excerpt?: string }> {
  if (customer === undefined) return { text };
  const sealed = await ctx.personalData.sealFor(customer, text);
  if (sealed === text) return { text };
  return { text: sealed, excerpt: await ctx.personalData.sealFor(customer, text.slice(0, EXCERPT_LENGTH)) };
}
