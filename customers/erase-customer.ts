/**
 * Erasing a customer (POST /customers/{id}/erase, `caseflow erase`; SPEC §11, docs/privacy.md "Erasure").
 * The steps, in order:
 * 1. the customer: their key row, and the cases opened before keys existed (their id in the customer
 *    column). Neither: not found — never seen, or erased already (erasure forgets the id);
 * 2. their open cases (status not final and the workflow still running, so a resolved case waiting on a
 *    follow-up or survey counts): refused (409, naming them) unless `cancelOpen`, which cancels each with
 *    the reason "customer erased" and waits until the projection shows it final;
 * 3. the data key destroyed and the id forgotten (db/customers.ts eraseCustomerKey): every sealed copy of
 *    their name, phone and e-mail, Temporal's history and backups included, stops opening;
 * 4. their cases' projections scrubbed (db/case-scrub.ts), their blocklist entry deleted.
 * Case ids, timings, categories and figures stay; readers see "[erased]".
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import type { AuthPrincipal } from '../access/principal';
import { isFinalStatus, type CaseStatus } from '../contract/statuses';
import type { CustomerErasure } from '../contract/customer-erasure';
import { deleteBlocklistEntry } from '../db/blocklist';
import { SCRUBBED, scrubCases } from '../db/case-scrub';
import { getProjectedCase } from '../db/cases';
import { casesOfCustomer, customerByCustomerId, eraseCustomerKey, type CustomerCase } from '../db/customers';
import { CUSTOMER_KEY_PATTERN } from '../privacy/sealed-field';
import { caseWorkflowId } from '../workflows/messages';
import { authorise } from '../cases/authorised-case';
import { cancelCase } from '../cases/cancel-case';
import { CaseError } from '../cases/case-error';
import type { CaseContext } from '../cases/context';

/** The reason each open case is cancelled with (its history and decisions name it). */
export const ERASURE_CANCEL_REASON = 'customer erased';

/** How long erasure waits for a cancelled case to show final in the projection. */
const FINAL_WAIT_MS = 30_000;

export interface EraseCustomerInput {
  principal: AuthPrincipal;
  /** The customer's id as intake knows it (what POST /cases took as `customer.id`). */
  customerId: string;
  /** Why: kept in the audit log, so it should name the request, not the person. */
  reason: string;
  /** Cancel the customer's open cases first; without it, open cases refuse the erasure. */
  cancelOpen?: boolean | undefined;
  /**
   * Called once the customer is found, with the key their cases keep (or "[erased]" for a customer known
   * only from cases older than keys): the API names the audit entry by it, never by the id.
   */
  onCustomer?: (key: string) => void;
}

/** Refused: the customer has open cases and `cancelOpen` was not set (409; `openCases` names them). */
export class OpenCasesRefusal extends CaseError {
  constructor(
    customerId: string,
    readonly openCases: string[],
  ) {
    super(
      'conflict',
      `Customer ${customerId} has open cases (${openCases.join(', ')}): cancel them first, or erase with ` +
        'cancelOpen to cancel them with the reason "customer erased". Nothing was changed.',
    );
    this.name = 'OpenCasesRefusal';
  }
}

/** Erases a customer (see the file's comment); answers their key and their cases. */
export async function eraseCustomer(ctx: CaseContext, input: EraseCustomerInput): Promise<CustomerErasure> {
  const { principal, customerId } = input;
  const notFound = () =>
    new CaseError('not-found', `No customer ${customerId}: never seen, or already erased.`);
  authorise(principal, 'customer.erase', undefined, customerId, notFound);

  const row = await customerByCustomerId(ctx.pool, customerId);
  const columns = [...(row ? [row.key] : []), ...(isPlainId(customerId) ? [customerId] : [])];
  const cases = await casesOfCustomer(ctx.pool, columns);
  if (!row && !cases.length) throw notFound();
  // A customer known only from cases opened before keys existed has no key: the answer and the audit
  // entry name them "[erased]", never by the id.
  const key = row?.key ?? SCRUBBED;
  input.onCustomer?.(key);

  const open = await openCases(ctx, cases);
  if (open.length && !input.cancelOpen) throw new OpenCasesRefusal(customerId, open);
  const cancelled = new Set<string>();
  for (const id of open) {
    if (await cancelForErasure(ctx, principal, id)) cancelled.add(id);
  }

  const erasedAt = row ? await eraseCustomerKey(ctx.pool, row.key, principal.name) : new Date();
  // Erased by someone else meanwhile: the id is forgotten, as for a second erasure.
  if (!erasedAt) throw notFound();
  // Read again after the key is gone: a case opened meanwhile holds the key too, and is scrubbed with
  // the others (its sealed fields already show "[erased]").
  const all = mergeCases(cases, await casesOfCustomer(ctx.pool, row ? [row.key] : []));
  await scrubCases(
    ctx.pool,
    all.map((c) => c.id),
    'erased',
  );
  await deleteBlocklistEntry(ctx.pool, customerId);
  return {
    customer: key,
    erasedAt: erasedAt.toISOString(),
    erasedBy: principal.name,
    cases: all.map((c) => ({
      id: c.id,
      status: cancelled.has(c.id) ? 'cancelled' : c.status,
      cancelled: cancelled.has(c.id),
    })),
  };
}

/**
 * Whether an id may stand in the customer column for a case older than keys: not an opaque key (another
 * customer's cases) nor the mark a scrubbed legacy case carries (every erased legacy customer's).
 */
const isPlainId = (id: string): boolean => id !== SCRUBBED && !CUSTOMER_KEY_PATTERN.test(id);

const mergeCases = (first: CustomerCase[], more: CustomerCase[]): CustomerCase[] => {
  const seen = new Set(first.map((c) => c.id));
  return [...first, ...more.filter((c) => !seen.has(c.id))];
};

/**
 * The cases whose work goes on: a status that is not final (FINAL_STATUSES) and a workflow still running.
 * A resolved case is not final, but when its workflow has ended nothing of it runs any more.
 */
async function openCases(ctx: CaseContext, cases: CustomerCase[]): Promise<string[]> {
  const open: string[] = [];
  for (const c of cases) {
    if (isFinalStatus(c.status as CaseStatus)) continue;
    try {
      const description = await ctx.client.workflow.getHandle(caseWorkflowId(c.id)).describe();
      if (description.status.name === 'RUNNING') open.push(c.id);
    } catch (err) {
      // A projection without its workflow (its history deleted): nothing runs to cancel.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return open;
}

/**
 * Cancels one open case and waits until the projection shows it final, so the scrub that follows is not
 * undone by the cancellation's own projection. Answers false when the case had ended meanwhile (409).
 */
async function cancelForErasure(ctx: CaseContext, principal: AuthPrincipal, id: string): Promise<boolean> {
  let cancelled = true;
  try {
    await cancelCase(ctx, { principal, caseId: id, reason: ERASURE_CANCEL_REASON });
  } catch (err) {
    if (!(err instanceof CaseError && err.kind === 'conflict')) throw err;
    cancelled = false;
  }
  const deadline = Date.now() + FINAL_WAIT_MS;
  for (;;) {
    const view = await getProjectedCase(ctx.pool, id);
    if (view && isFinalStatus(view.status)) return cancelled;
    if (!cancelled && view?.status === 'resolved') return false;
    if (Date.now() > deadline) {
      throw new CaseError(
        'unavailable',
        `Case ${id} was cancelled but its projection does not show it yet; erase again shortly ` +
          '(cancelled cases are not cancelled twice).',
        { retryAfterSeconds: 2 },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
