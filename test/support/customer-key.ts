/**
 * The opaque key intake gave a customer (privacy/, docs/privacy.md): what their continuity workflow's id,
 * the `CaseCustomer` search attribute and the projections' customer column carry instead of their id.
 * Tests that name a customer's workflow or filter by customer read it here.
 */
import type { Pool } from 'pg';
import { customerByCustomerId } from '../../db/customers';

/** The key of a customer id caseflow has seen (and not erased); fails the test otherwise. */
export async function customerKeyOf(pool: Pool, customerId: string): Promise<string> {
  const row = await customerByCustomerId(pool, customerId);
  if (!row)
    throw new Error(`no customer key for ${customerId}: intake has not seen them (or they are erased)`);
  return row.key;
}
