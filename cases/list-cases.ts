import { caseListScope } from '../access/policy';
import type { AuthPrincipal } from '../access/principal';
import { listCases as listIndexedCases, type CaseFilter } from '../db/cases';
import type { CaseView } from '../workflows/messages';
import type { CaseContext } from './context';

/** The filters and page of a case list (GET /cases): the index's, less the principal's scope. */
export type CaseListFilter = Omit<CaseFilter, 'departments' | 'customer'> & { customer?: string };

/** A page of the case index, newest first; `nextCursor` when there are more. */
export interface CasePage {
  items: CaseView[];
  total: number;
  nextCursor?: string;
}

/**
 * The cases the principal may see that fit the filter (access/policy.ts caseListScope: agents the cases
 * their departments hold or have tasks in, everyone else every case).
 */
export async function listCases(
  ctx: Pick<CaseContext, 'pool' | 'personalData'>,
  input: { principal: AuthPrincipal; filter: CaseListFilter },
): Promise<CasePage> {
  const scope = caseListScope(input.principal);
  const page = await listIndexedCases(ctx.pool, {
    ...input.filter,
    ...(input.filter.customer ? { customer: await customerKeys(ctx, input.filter.customer) } : {}),
    ...(scope === 'all' ? {} : scope),
  });
  const next = input.filter.offset + page.items.length;
  return { ...page, ...(next < page.total ? { nextCursor: String(next) } : {}) };
}

/**
 * What the index's customer column may hold for a customer id: their opaque key (cases opened since
 * personal data is sealed, docs/privacy.md) and the id itself (cases opened before).
 */
async function customerKeys(ctx: Pick<CaseContext, 'personalData'>, customerId: string): Promise<string[]> {
  const key = await ctx.personalData.customerKeyOf(customerId);
  return key ? [key, customerId] : [customerId];
}
