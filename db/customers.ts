/**
 * The customers table (migration 1700000400000): each customer's opaque key and wrapped data key
 * (privacy/: docs/privacy.md). This module stores and reads rows; wrapping and sealing live in privacy/.
 */
import type { Pool } from 'pg';

/** A customer's row: `dataKey` and `customerId` are null once the customer is erased. */
export interface CustomerKeyRow {
  key: string;
  customerId: string | null;
  dataKey: Buffer | null;
  kekId: string | null;
  erasedAt: Date | null;
}

interface Row {
  key: string;
  customer_id: string | null;
  data_key: Buffer | null;
  kek_id: string | null;
  erased_at: Date | null;
}

const fromRow = (r: Row): CustomerKeyRow => ({
  key: r.key,
  customerId: r.customer_id,
  dataKey: r.data_key,
  kekId: r.kek_id,
  erasedAt: r.erased_at,
});

/**
 * The customer's row, made with `fresh` when the id has none: insert-if-absent on the id, so concurrent
 * intakes of one new customer agree on one key (the loser's fresh key is never used).
 */
export async function customerKeyRow(
  pool: Pool,
  customerId: string,
  fresh: { key: string; dataKey: Buffer; kekId: string },
): Promise<CustomerKeyRow> {
  // A concurrent intake that inserted the same id after this statement's snapshot leaves both halves
  // empty (the insert conflicts, the read does not see it yet): the next attempt reads it.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const row = await insertOrRead(pool, customerId, fresh);
    if (row) return fromRow(row);
  }
  throw new Error(`customers: no row for customer after inserting it three times`);
}

async function insertOrRead(
  pool: Pool,
  customerId: string,
  fresh: { key: string; dataKey: Buffer; kekId: string },
): Promise<Row | undefined> {
  const res = await pool.query<Row>(
    `WITH made AS (
       INSERT INTO customers (key, customer_id, data_key, kek_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (customer_id) DO NOTHING
       RETURNING key, customer_id, data_key, kek_id, erased_at)
     SELECT * FROM made
     UNION ALL
     SELECT key, customer_id, data_key, kek_id, erased_at FROM customers WHERE customer_id = $2
     LIMIT 1`,
    [fresh.key, customerId, fresh.dataKey, fresh.kekId],
  );
  return res.rows[0];
}

/** The rows of these customer keys (erased ones included, with null keys); unknown keys are absent. */
export async function customerKeyRows(pool: Pool, keys: readonly string[]): Promise<CustomerKeyRow[]> {
  if (!keys.length) return [];
  const res = await pool.query<Row>(
    'SELECT key, customer_id, data_key, kek_id, erased_at FROM customers WHERE key = ANY($1)',
    [[...new Set(keys)]],
  );
  return res.rows.map(fromRow);
}

/** The row of a customer id not erased, if caseflow has seen it. */
export async function customerByCustomerId(
  pool: Pool,
  customerId: string,
): Promise<CustomerKeyRow | undefined> {
  const res = await pool.query<Row>(
    'SELECT key, customer_id, data_key, kek_id, erased_at FROM customers WHERE customer_id = $1',
    [customerId],
  );
  const row = res.rows[0];
  return row ? fromRow(row) : undefined;
}

/**
 * Erases a customer (docs/privacy.md, "Erasure"): destroys their data key and forgets their id, keeping the
 * opaque key so their cases still count together. Every sealed copy of their fields, wherever it is kept,
 * no longer opens; a later contact with the same id gets a new key. Answers when, or undefined when the key
 * is unknown or already erased (nothing changes then).
 */
export async function eraseCustomerKey(pool: Pool, key: string, by: string): Promise<Date | undefined> {
  const res = await pool.query<{ erased_at: Date }>(
    `UPDATE customers SET data_key = NULL, kek_id = NULL, customer_id = NULL, erased_at = now(), erased_by = $2
      WHERE key = $1 AND erased_at IS NULL
      RETURNING erased_at`,
    [key, by],
  );
  return res.rows[0]?.erased_at;
}

/** One case of a customer as the projection has it. */
export interface CustomerCase {
  id: string;
  status: string;
}

/**
 * The projected cases whose customer column holds one of `customers`: their opaque key, and their plain id
 * for cases opened before keys existed. Oldest first.
 */
export async function casesOfCustomer(pool: Pool, customers: readonly string[]): Promise<CustomerCase[]> {
  if (!customers.length) return [];
  const res = await pool.query<CustomerCase>(
    'SELECT id, status FROM cases WHERE customer_id = ANY($1) ORDER BY created_at, id',
    [[...new Set(customers)]],
  );
  return res.rows;
}
