/**
 * PersonalData: sealing at intake and revealing for readers (privacy/personal-data.ts). The customers table
 * is stood in for by a map behind the two statements the module sends; the real table is exercised by the
 * integration tests (customer-erasure, privacy-inventory).
 */
import type { Pool } from 'pg';
import { PersonalData } from '../../../privacy/personal-data';
import { ERASED, isSealed } from '../../../privacy/sealed-field';

interface Row {
  key: string;
  customer_id: string | null;
  data_key: Buffer | null;
  kek_id: string | null;
  erased_at: Date | null;
}

function customersTable(): { pool: Pool; rows: Map<string, Row> } {
  const rows = new Map<string, Row>();
  const query = (sql: string, params: unknown[]) => {
    if (sql.includes('INSERT INTO customers')) {
      const [key, customerId, dataKey, kekId] = params as [string, string, Buffer, string];
      const existing = [...rows.values()].find((r) => r.customer_id === customerId);
      if (existing) return Promise.resolve({ rows: [existing] });
      const row = { key, customer_id: customerId, data_key: dataKey, kek_id: kekId, erased_at: null };
      rows.set(key, row);
      return Promise.resolve({ rows: [row] });
    }
    if (sql.includes('WHERE key = ANY')) {
      const keys = params[0] as string[];
      return Promise.resolve({ rows: keys.map((k) => rows.get(k)).filter(Boolean) });
    }
    return Promise.reject(new Error(`unexpected query: ${sql}`));
  };
  return { pool: { query } as unknown as Pool, rows };
}

const codecKey = 'a'.repeat(64);

describe('personal data sealed at intake, revealed for readers', () => {
  it('seals name, phone and e-mail under an opaque key and reveals them, id included', async () => {
    const { pool, rows } = customersTable();
    const data = new PersonalData(pool, { codecKey });
    const sealed = await data.sealCustomer({
      id: 'cu-7',
      name: '李雷',
      phone: '+86 1',
      email: 'li@x.cn',
      tier: 'vip',
    });
    expect(sealed.id).toMatch(/^ck_/);
    expect([sealed.name, sealed.phone, sealed.email].every(isSealed)).toBe(true);
    expect(sealed.tier).toBe('vip');
    // The data key is stored wrapped with the payload key, not as it is.
    expect(rows.get(sealed.id)?.kek_id).not.toBe('none');
    const view = { id: 'C1', customer: sealed, decisions: [{ what: `message from ${sealed.name!}` }] };
    expect(await data.reveal(view)).toEqual({
      id: 'C1',
      customer: { id: 'cu-7', name: '李雷', phone: '+86 1', email: 'li@x.cn', tier: 'vip' },
      decisions: [{ what: 'message from 李雷' }],
    });
    // The same customer again: the same key.
    expect((await data.sealCustomer({ id: 'cu-7' })).id).toBe(sealed.id);
  });

  it('keeps a JSON text valid when a sealed string inside it opens to quotes and newlines', async () => {
    const { pool } = customersTable();
    const data = new PersonalData(pool);
    const sealed = await data.sealCustomer({ id: 'cu-8' });
    const comment = await data.sealFor(sealed.id, 'He said "no"\nthen left');
    const why = JSON.stringify({ speed: 1, comment });
    const revealed = await data.reveal({ why });
    expect(JSON.parse(revealed.why)).toEqual({ speed: 1, comment: 'He said "no"\nthen left' });
  });

  it('shows "[erased]" once the key is destroyed, and leaves answers without tokens alone', async () => {
    const { pool, rows } = customersTable();
    const data = new PersonalData(pool);
    const sealed = await data.sealCustomer({ id: 'cu-9', name: 'Ann' });
    const row = rows.get(sealed.id)!;
    Object.assign(row, { data_key: null, kek_id: null, customer_id: null, erased_at: new Date() });
    expect(await data.reveal({ customer: sealed })).toEqual({ customer: { id: ERASED, name: ERASED } });
    const plain = { customer: { id: 'cu-legacy', name: 'Bob' } };
    expect(await data.reveal(plain)).toBe(plain);
  });
});
