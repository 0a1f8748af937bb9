/**
 * The shortest walk of a case through a running API: opened by intake, resolved at triage by the front
 * line, read back resolved. Tests of how the processes are started (a prebuilt bundle, TLS to Temporal)
 * use it to show that a whole case runs, whatever carried it.
 */
import { apiAs, eventually } from './system';

export async function walkCaseToResolved(url: string, customerId: string, what: string): Promise<void> {
  const intake = apiAs(url, 'dev-intake');
  const frontline = apiAs(url, 'dev-frontline');
  const opened = await intake.post('/cases', {
    channel: 'web',
    customer: { id: customerId, name: 'Li Wei' },
    subject: 'Cannot log in',
    description: 'I cannot log in since this morning',
  });
  expect(opened.status).toBe(201);
  const task = await eventually(async () => {
    const inbox = await frontline.get('/tasks?department=frontline');
    return inbox.body.items.find((t: { caseId: string }) => t.caseId === opened.body.id);
  }, what);
  const done = await frontline.post(`/tasks/${task.id}/complete`, {
    outcome: 'resolved',
    form: { resolution: 'password reset' },
  });
  expect(done.status).toBe(200);
  expect((await intake.get(`/cases/${opened.body.id}`)).body).toMatchObject({ status: 'resolved' });
}
