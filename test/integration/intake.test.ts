/**
 * Intake through the customer's continuity workflow: a repeat contact joins the open case (200, merged),
 * and a retried request with the same Idempotency-Key opens one case.
 */
import { apiAs, eventually, useTestSystem } from '../support/system';

const system = useTestSystem();

const contact = (customerId: string, subject = 'Cannot log in') => ({
  channel: 'chat',
  customer: { id: customerId, name: 'Zhang San' },
  subject,
  description: 'still cannot log in',
});

it('joins a repeat contact to the open case of the same customer', async () => {
  const intake = apiAs(system.url, 'dev-intake');
  const first = await intake.post('/cases', contact('cu-repeat'));
  expect(first.status).toBe(201);
  const second = await intake.post('/cases', contact('cu-repeat', 'Any news?'));
  expect(second.status).toBe(200);
  expect(second.body).toMatchObject({ id: first.body.id, merged: true });
  const other = await intake.post('/cases', contact('cu-someone-else'));
  expect(other.status).toBe(201);
  expect(other.body.id).not.toBe(first.body.id);
});

it('opens one case for two requests with the same Idempotency-Key', async () => {
  const intake = apiAs(system.url, 'dev-intake');
  const key = { 'idempotency-key': 'retry-42' };
  const [a, b] = await Promise.all([
    intake.post('/cases', contact('cu-idem'), key),
    intake.post('/cases', contact('cu-idem'), key),
  ]);
  expect(a.body.id).toBe(b.body.id);
  expect([a.status, b.status]).toEqual([201, 201]);
  const tasks = await eventually(async () => {
    const inbox = await apiAs(system.url, 'dev-frontline').get('/tasks?department=frontline&limit=200');
    const mine = inbox.body.items.filter((t: { caseId: string }) => t.caseId === a.body.id);
    return mine.length ? mine : undefined;
  }, 'the triage task');
  expect(tasks).toHaveLength(1);
});
