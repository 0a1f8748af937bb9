/**
 * Erasing a customer through the real API, Temporal dev server and PostgreSQL (issue 16, SPEC §11;
 * docs/privacy.md "Erasure"): a customer with a cancelled case and an open one is refused while the open
 * one runs, then erased with cancelOpen; their cases keep ids, statuses, categories, priorities and clocks
 * but show "[erased]" for who they are and what they wrote; history, timeline and replay still answer;
 * the reports add up as before; the audit log names the erasure by the customer's key, never their id; a
 * second erasure is 404, and a new contact with the same id starts afresh under a new key.
 */
import { customerByCustomerId } from '../../db/customers';
import { apiAs, eventually, useTestSystem } from '../support/system';

const system = useTestSystem();
const as = (token: string) => apiAs(system.url, token);

const ERASED = '[erased]';
const person = { name: 'Zhao Min', phone: '+86 138 0000 0001', email: 'zhao.erase@example.com' };
const subject = 'Please update my address';

async function open(customerId: string): Promise<string> {
  const opened = await as('dev-intake').post('/cases', {
    channel: 'web',
    customer: { id: customerId, ...person },
    subject,
    description: 'I moved to 1 Main Street',
  });
  expect({ status: opened.status, body: opened.body }).toMatchObject({ status: 201 });
  return opened.body.id as string;
}

async function cancel(caseId: string): Promise<void> {
  const res = await as('dev-intake').post(`/cases/${caseId}/cancel`, { reason: 'duplicate' });
  expect({ status: res.status, body: res.body }).toMatchObject({
    status: 200,
    body: { status: 'cancelled' },
  });
}

/** A history answer as text with every payload's base64 data decoded, as a reader of the export would. */
function withPayloadsDecoded(history: unknown): string {
  return JSON.stringify(history, (key, value: unknown) =>
    key === 'data' && typeof value === 'string' ? Buffer.from(value, 'base64').toString('utf8') : value,
  );
}

/** The figures of every report grouped by category (or department): what erasure must not change. */
async function reports(): Promise<unknown[]> {
  const paths = [
    '/reports/sla?groupBy=category',
    '/reports/backlog?groupBy=category',
    '/reports/satisfaction?groupBy=category',
    '/reports/workload',
  ];
  return Promise.all(
    paths.map(async (path) => {
      const res = await as('dev-manager').get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      return { path, groups: res.body.groups as unknown };
    }),
  );
}

it('refuses while a case is open, erases with cancelOpen, keeps the figures, names the key in the audit log', async () => {
  const customerId = `cu-erase-${Date.now()}`;
  const first = await open(customerId);
  // Before: the reader sees the customer in the clear.
  const clear = await as('dev-admin').get(`/cases/${first}`);
  expect(clear.body.customer).toMatchObject({ id: customerId, ...person });
  expect(clear.body.subject).toBe(subject);
  // Before erasure the decoded history holds the subject (so the search after erasure can find it).
  const historyBefore = await as('dev-auditor').get(`/cases/${first}/history`);
  expect(withPayloadsDecoded(historyBefore.body)).toContain(subject);
  const said = await as('dev-intake').post(`/cases/${first}/messages`, {
    from: 'customer',
    text: 'My new number is 555-0100',
  });
  expect(said.status).toBe(201);
  await cancel(first);
  // The first case is over, so the next contact opens a second case rather than joining it.
  const second = await open(customerId);
  expect(second).not.toBe(first);
  const key = (await customerByCustomerId(system.pool, customerId))!.key;
  const before = await eventually(async () => {
    const view = await as('dev-admin').get(`/cases/${second}`);
    return view.body.tasks?.length ? view.body : undefined;
  }, 'the second case triaged');

  // Without cancelOpen: refused, naming the open case; nothing changes.
  const refused = await as('dev-admin').post(`/customers/${customerId}/erase`, { reason: 'GDPR request 17' });
  expect({ status: refused.status, body: refused.body }).toMatchObject({
    status: 409,
    body: { openCases: [second], detail: expect.stringContaining(second) },
  });
  expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect((await as('dev-admin').get(`/cases/${first}`)).body.customer.name).toBe(person.name);
  // A reason is required, and only an admin may erase.
  const noReason = await as('dev-admin').post(`/customers/${customerId}/erase`, { cancelOpen: true });
  expect(noReason.status).toBe(400);
  expect(noReason.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.reason']);
  expect(
    (await as('dev-auditor').post(`/customers/${customerId}/erase`, { reason: 'x', cancelOpen: true }))
      .status,
  ).toBe(403);

  const erased = await as('dev-admin').post(`/customers/${customerId}/erase`, {
    reason: 'GDPR request 17',
    cancelOpen: true,
  });
  expect({ status: erased.status, body: erased.body }).toMatchObject({
    status: 200,
    body: {
      customer: key,
      erasedBy: 'admin',
      cases: [
        { id: first, status: 'cancelled', cancelled: false },
        { id: second, status: 'cancelled', cancelled: true },
      ],
    },
  });
  expect(key).toMatch(/^ck_/);

  // The cases keep their figures and show "[erased]" for the person and what they wrote.
  for (const id of [first, second]) {
    const view = await as('dev-admin').get(`/cases/${id}`);
    expect({ id, status: view.status }).toEqual({ id, status: 200 });
    expect(view.body.customer).toMatchObject({ id: ERASED, name: ERASED, phone: ERASED, email: ERASED });
    expect(view.body).toMatchObject({ id, status: 'cancelled', subject: ERASED, description: ERASED });
    expect(JSON.stringify(view.body)).not.toMatch(/Zhao|138 0000|zhao\.erase|Main Street|555-0100/);
  }
  const after = (await as('dev-admin').get(`/cases/${second}`)).body;
  expect(after.category).toBe(before.category);
  expect(after.priority).toBe(before.priority);
  expect(after.template).toEqual(before.template);
  expect(after.clocks.map((c: { name: string }) => c.name)).toEqual(
    before.clocks.map((c: { name: string }) => c.name),
  );
  expect(after.decisions.some((d: { what: string }) => d.what === 'case cancelled')).toBe(true);
  const messages = await as('dev-admin').get(`/cases/${first}/messages`);
  expect(messages.body.items.map((m: { text: string }) => m.text)).toEqual([ERASED]);
  // The projection too: a list shows no one, and the customer column keeps the key.
  const listed = await as('dev-admin').get('/cases');
  expect(JSON.stringify(listed.body)).not.toMatch(/Zhao|zhao\.erase|Main Street/);
  const rows = await system.pool.query<{ customer_id: string; erased_at: Date | null }>(
    'SELECT customer_id, erased_at FROM cases WHERE id = ANY($1)',
    [[first, second]],
  );
  expect(rows.rows.map((r) => [r.customer_id, r.erased_at !== null])).toEqual([
    [key, true],
    [key, true],
  ]);

  // History, timeline and replay still answer; the sealed fields no longer open there either.
  for (const id of [first, second]) {
    const history = await as('dev-auditor').get(`/cases/${id}/history`);
    const timeline = await as('dev-auditor').get(`/cases/${id}/timeline`);
    const replay = await as('dev-auditor').post(`/cases/${id}/replay`);
    expect([history.status, timeline.status, replay.status]).toEqual([200, 200, 200]);
    expect(replay.body.deterministic).toBe(true);
    // The history's payloads are base64: read them as text, or a search could never find anything.
    const readable = [withPayloadsDecoded(history.body), JSON.stringify(timeline.body)];
    for (const text of readable) {
      expect(text).not.toMatch(/Zhao|138 0000|zhao\.erase/);
      // The customer's words in the clear in Temporal's history are erased from what the auditor sees.
      expect(text).not.toContain(subject);
      expect(text).not.toContain('1 Main Street');
    }
    expect(readable[0]).toMatch(/subject\\*":\\*"\[erased\]/);
    // The raw history (payloads as stored) of an erased case is not served at all.
    const raw = await as('dev-auditor').get(`/cases/${id}/history?raw=true`);
    expect({ status: raw.status, detail: raw.body.detail as unknown }).toEqual({
      status: 410,
      detail: expect.stringMatching(/erased customer: its raw history is not served/),
    });
  }

  // The audit log: who erased whom (the key) and why, never the id.
  const audit = await as('dev-auditor').get('/audit-log?action=customer.erase&limit=1000');
  const entries = audit.body.items as Array<{
    principal: string;
    resource: string;
    status: number;
    detail: Record<string, unknown>;
  }>;
  expect(entries.find((e) => e.status === 200)).toMatchObject({
    principal: 'admin',
    resource: `customer/${key}`,
    detail: { reason: 'GDPR request 17', cancelOpen: true, cases: [first, second] },
  });
  expect(entries.find((e) => e.status === 409)).toMatchObject({
    resource: `customer/${key}`,
    detail: { openCases: [second] },
  });
  const mentions = await system.pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM audit_log WHERE resource LIKE $1 OR detail::text LIKE $1`,
    [`%${customerId}%`],
  );
  expect(Number(mentions.rows[0]!.n)).toBe(0);

  // The id is forgotten: a second erasure finds no one.
  const again = await as('dev-admin').post(`/customers/${customerId}/erase`, { reason: 'GDPR request 17' });
  expect({ status: again.status, detail: again.body.detail }).toEqual({
    status: 404,
    detail: `No customer ${customerId}: never seen, or already erased.`,
  });

  // A new contact with the same id is a new customer: a new key, readable, the erased cases untouched.
  const third = await open(customerId);
  const newKey = (await customerByCustomerId(system.pool, customerId))!.key;
  expect(newKey).not.toBe(key);
  const fresh = await as('dev-admin').get(`/cases/${third}`);
  expect(fresh.body.customer).toMatchObject({ id: customerId, ...person });
  expect((await as('dev-admin').get(`/cases/${first}`)).body.customer.name).toBe(ERASED);
  await cancel(third);
});

it('erases a customer without open cases and leaves every report as it was', async () => {
  const customerId = `cu-erase-figures-${Date.now()}`;
  const only = await open(customerId);
  await cancel(only);
  await eventually(async () => {
    const view = await as('dev-admin').get(`/cases/${only}`);
    return view.body.status === 'cancelled' ? true : undefined;
  }, 'the case cancelled');
  const figuresBefore = await reports();
  const erased = await as('dev-admin').post(`/customers/${customerId}/erase`, { reason: 'account closed' });
  expect({ status: erased.status, body: erased.body }).toMatchObject({
    status: 200,
    body: { cases: [{ id: only, status: 'cancelled', cancelled: false }] },
  });
  expect(await reports()).toEqual(figuresBefore);
  expect((await as('dev-admin').get(`/cases/${only}`)).body.customer.name).toBe(ERASED);
});
