/**
 * Idempotency-Key on the creating POSTs, stored in PostgreSQL per principal: a retry gets the first answer
 * (status and body), the same key with another body is 422, and POST /cases opens one case.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../config/paths';
import { createPool } from '../../db/pool';
import { customerKeyOf } from '../support/customer-key';
import { apiAs, eventually, startApiBeside, useTestSystem } from '../support/system';

const system = useTestSystem();

const contact = (customerId: string, subject = 'Cannot log in') => ({
  channel: 'email',
  customer: { id: customerId, name: 'Wang Fang' },
  subject,
  description: 'since yesterday',
});
const key = (k: string) => ({ 'idempotency-key': k });

describe('POST /cases', () => {
  it('replays the first answer for the same key and body, and opens one case', async () => {
    const intake = apiAs(system.url, 'dev-intake');
    const first = await intake.post('/cases', contact('cu-idem-1'), key('k-1'));
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    // Same JSON with its members in another order is the same request.
    const { description, subject, ...rest } = contact('cu-idem-1');
    const again = await intake.post('/cases', { subject, description, ...rest }, key('k-1'));
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    // The index keeps the customer's opaque key, not their id (privacy/).
    const cases = await system.pool.query('SELECT id FROM cases WHERE customer_id = $1', [
      await customerKeyOf(system.pool, 'cu-idem-1'),
    ]);
    expect(cases.rows.map((r) => r.id)).toEqual([first.body.id]);
  });

  it('answers 422 when the key comes back with another body', async () => {
    const intake = apiAs(system.url, 'dev-intake');
    expect((await intake.post('/cases', contact('cu-idem-2'), key('k-2'))).status).toBe(201);
    const other = await intake.post('/cases', contact('cu-idem-2', 'Something else'), key('k-2'));
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(other.body.errors).toEqual([{ field: 'header.idempotency-key', message: expect.any(String) }]);
  });

  it('keeps keys apart per principal', async () => {
    const a = await apiAs(system.url, 'dev-intake').post('/cases', contact('cu-idem-3'), key('shared'));
    const b = await apiAs(system.url, 'dev-admin').post('/cases', contact('cu-idem-4'), key('shared'));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
  });

  it('stores nothing for a refused request, so the key can be used again', async () => {
    const intake = apiAs(system.url, 'dev-intake');
    const bad = await intake.post('/cases', { channel: 'pigeon' }, key('k-5'));
    expect(bad.status).toBe(400);
    const good = await intake.post('/cases', contact('cu-idem-5'), key('k-5'));
    expect(good.status).toBe(201);
  });

  it('refuses a key that is not visible ASCII', async () => {
    const res = await apiAs(system.url, 'dev-intake').post('/cases', contact('cu-idem-6'), key('a b'));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('header.idempotency-key');
  });
});

it('replays POST /cases/{id}/messages and refuses another text under the key', async () => {
  const intake = apiAs(system.url, 'dev-intake');
  const opened = await intake.post('/cases', contact('cu-idem-msg'));
  const path = `/cases/${opened.body.id}/messages`;
  const first = await intake.post(path, { from: 'customer', text: 'Any news?' }, key('m-1'));
  expect(first.status).toBe(201);
  const again = await intake.post(path, { from: 'customer', text: 'Any news?' }, key('m-1'));
  expect(again).toMatchObject({ status: 201, body: first.body });
  const other = await intake.post(path, { from: 'customer', text: 'Hello?' }, key('m-1'));
  expect(other.status).toBe(422);
});

it('replays POST /templates, YAML bodies included', async () => {
  const standard = readFileSync(join(projectRoot, 'definitions', 'customer-issue', 'v1.yaml'), 'utf8');
  const source = standard.replace(/^name: .*$/m, 'name: idem-test');
  const designer = apiAs(system.url, 'dev-designer');
  const yaml = { 'content-type': 'text/yaml', ...key('t-1') };
  const first = await designer.raw('POST', '/templates', source, yaml);
  expect(first.status).toBe(201);
  const again = await designer.raw('POST', '/templates', source, yaml);
  expect(again).toMatchObject({ status: 201, body: first.body });
  const changed = await designer.raw('POST', '/templates', `${source}# changed\n`, yaml);
  expect(changed.status).toBe(422);
});

it('a completion retried after its API died unanswered is applied once and answered like the first', async () => {
  const opened = await apiAs(system.url, 'dev-intake').post('/cases', contact('cu-idem-died'));
  const caseId = opened.body.id as string;
  const triage = await eventually(async () => {
    const view = await apiAs(system.url, 'dev-admin').get(`/cases/${caseId}`);
    return view.body.tasks?.find((t: { step: string }) => t.step === 'triage');
  }, 'the triage task');
  const frontline = apiAs(system.url, 'dev-frontline');
  const body = { outcome: 'resolved', form: { resolution: 'reset the password' } };
  const first = await frontline.post(`/tasks/${triage.id}/complete`, body, key('c-died'));
  expect(first.status).toBe(200);
  // What an API killed between Temporal's answer and storing it leaves behind: no stored answer at all.
  await system.pool.query('DELETE FROM idempotency_keys WHERE key = $1', ['c-died']);
  const retried = await frontline.post(`/tasks/${triage.id}/complete`, body, key('c-died'));
  expect({ status: retried.status, body: retried.body }).toEqual({ status: 200, body: first.body });
  const view = await apiAs(system.url, 'dev-admin').get(`/cases/${caseId}`);
  const completions = view.body.decisions.filter((d: { what: string }) =>
    d.what.startsWith(`task ${triage.id} completed`),
  );
  expect(completions).toHaveLength(1);
});

it('a client that leaves does not free its key: the retry waits for the first run and gets its answer', async () => {
  // A real pool whose blocklist lookup (inside POST /cases, after the key is claimed) waits for a gate,
  // so the request is certainly still running when its client goes away.
  const pool = createPool(process.env.DATABASE_URL ?? '', { schema: system.schema, max: 4 });
  let reached!: () => void;
  const handlerRunning = new Promise<void>((resolve) => (reached = resolve));
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  pool.query = ((...args: unknown[]) => {
    if (!/FROM blocklist/.test(String(args[0]))) return query(...args);
    reached();
    return gate.then(() => query(...args));
  }) as unknown as typeof pool.query;
  const api = await startApiBeside(system, {
    pool,
  });
  try {
    const leaving = new AbortController();
    const first = fetch(`${api.url}/cases`, {
      method: 'POST',
      headers: { authorization: 'Bearer dev-intake', 'content-type': 'application/json', ...key('k-left') },
      body: JSON.stringify(contact('cu-idem-left')),
      signal: leaving.signal,
    });
    await handlerRunning;
    leaving.abort();
    await expect(first).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 200)); // the server has seen the socket close
    const held = await system.pool.query('SELECT status FROM idempotency_keys WHERE key = $1', ['k-left']);
    expect(held.rows).toEqual([{ status: null }]);
    const retry = apiAs(api.url, 'dev-intake').post('/cases', contact('cu-idem-left'), key('k-left'));
    open();
    const retried = await retry;
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    const cases = await system.pool.query('SELECT id FROM cases WHERE customer_id = $1', [
      await customerKeyOf(system.pool, 'cu-idem-left'),
    ]);
    expect(cases.rows.map((r) => r.id)).toEqual([retried.body.id]);
  } finally {
    open();
    await api.close();
    await pool.end();
  }
});
