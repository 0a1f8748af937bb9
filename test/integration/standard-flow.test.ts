/**
 * Every path of the standard customer-issue flow (SPEC §5) through the real API, Temporal dev server and
 * PostgreSQL, on a copy of the template whose waits last seconds. Each case is its own customer, so the
 * tests run concurrently.
 */
import { caseWorkflowId } from '../../workflows/messages';
import { writeFastStandardTemplate } from '../support/fast-template';
import { apiAs, eventually, useTestSystem } from '../support/system';
import { openTaskAt } from '../support/case-tasks';

const system = useTestSystem({ files: [writeFastStandardTemplate(4)] });

type Api = ReturnType<typeof apiAs>;
const as = (token: string): Api => apiAs(system.url, token);
let customers = 0;

interface Opened {
  id: string;
}

async function openCase(
  subject: string,
  description: string,
  customer: Record<string, unknown> = {},
): Promise<Opened> {
  customers += 1;
  const res = await as('dev-intake').post('/cases', {
    channel: 'email',
    customer: { id: `cu-flow-${customers}-${Date.now()}`, email: 'x@example.com', ...customer },
    subject,
    description,
  });
  expect(res.status).toBe(201);
  return res.body;
}

/** The case's open task at `step`, once it is there. */
/** The step's active task, once the case has it. */
const taskAt = (caseId: string, step: string) => openTaskAt(system.url, caseId, step);

async function complete(token: string, taskId: string, outcome: string, form?: Record<string, unknown>) {
  const res = await as(token).post(`/tasks/${taskId}/complete`, { outcome, ...(form ? { form } : {}) });
  // The whole answer in the expectation, so a failure shows the problem's detail.
  expect({ status: res.status, body: res.body }).toMatchObject({ status: 200 });
  return res.body;
}

/** Waits until the case's workflow has ended and answers its final status. */
async function finalStatus(caseId: string): Promise<string> {
  const handle = system.client.workflow.getHandle(caseWorkflowId(caseId));
  const result = (await handle.result()) as { status: string };
  return result.status;
}

async function surveyToken(caseId: string): Promise<string> {
  return eventually(async () => {
    // Only an admin reads a survey token whole; auditors see it masked (docs/security.md, Survey links).
    const sent = await as('dev-admin').get(`/cases/${caseId}/notifications`);
    return sent.body.items?.find((n: { data?: { kind?: string } }) => n.data?.kind === 'survey')?.data
      .token as string | undefined;
  }, 'the survey link');
}

async function status(caseId: string): Promise<string> {
  return (await as('dev-admin').get(`/cases/${caseId}`)).body.status;
}

describe('standard flow', () => {
  it.concurrent('resolved at triage, high survey scores: the case ends resolved', async () => {
    const c = await openCase('How do I change my address?', 'question about my account');
    const triage = await taskAt(c.id, 'triage');
    await complete('dev-frontline', triage.id, 'resolved', { resolution: 'explained' });
    const token = await surveyToken(c.id);
    const form = await apiAs(system.url, '').get(`/survey/${token}`);
    expect(form.status).toBe(200);
    expect(form.body.questions.map((q: { id: string }) => q.id)).toEqual(['speed', 'ability', 'attitude']);
    const answered = await apiAs(system.url, '').post(`/survey/${token}`, {
      speed: 5,
      ability: 4,
      attitude: 5,
      comment: 'great',
    });
    expect(answered.status).toBe(200);
    expect(await finalStatus(c.id)).toBe('resolved');
  });

  it.concurrent('a low survey score opens a complaint review for quality', async () => {
    const c = await openCase('What are your hours?', 'a question');
    await complete('dev-frontline', (await taskAt(c.id, 'triage')).id, 'resolved', {
      resolution: 'told them',
    });
    const token = await surveyToken(c.id);
    expect(
      (await apiAs(system.url, '').post(`/survey/${token}`, { speed: 1, ability: 3, attitude: 3 })).status,
    ).toBe(200);
    const review = await taskAt(c.id, 'complaint-review');
    expect(review.department).toBe('quality');
    await complete('dev-quality', review.id, 'dismissed');
    expect(await finalStatus(c.id)).toBe('resolved');
  });

  it.concurrent('a survey left unanswered times out and the case ends', async () => {
    const c = await openCase('What is my plan?', 'question');
    await complete('dev-frontline', (await taskAt(c.id, 'triage')).id, 'resolved', { resolution: 'x' });
    await surveyToken(c.id);
    expect(await finalStatus(c.id)).toBe('resolved');
  });

  it.concurrent('a forged or altered survey link is refused with 403', async () => {
    const c = await openCase('Question about hours', 'question');
    await complete('dev-frontline', (await taskAt(c.id, 'triage')).id, 'resolved', { resolution: 'x' });
    const token = await surveyToken(c.id);
    const forged = `${token.slice(0, -2)}xx`;
    expect((await apiAs(system.url, '').get(`/survey/${forged}`)).status).toBe(403);
    expect((await apiAs(system.url, '').post(`/survey/${forged}`, { speed: 5 })).status).toBe(403);
  });

  it.concurrent('routed to billing by its words, resolved by the billing department', async () => {
    const c = await openCase('Refund please', '我要退款');
    const triage = await taskAt(c.id, 'triage');
    await complete('dev-frontline', triage.id, 'route', { reason: 'billing matter' });
    const work = await taskAt(c.id, 'department-work');
    expect(work.department).toBe('billing');
    // Another department's agent cannot complete it.
    expect(
      (await as('dev-technical').post(`/tasks/${work.id}/complete`, { outcome: 'resolved' })).status,
    ).toBe(404);
    await complete('dev-billing', work.id, 'resolved', { resolution: 'refunded' });
    expect(await status(c.id)).toBe('resolved');
  });

  it.concurrent('technical L1 escalates to L2, then to management', async () => {
    const c = await openCase('Outage', 'the service cannot be reached');
    await complete('dev-frontline', (await taskAt(c.id, 'triage')).id, 'route', { reason: 'technical' });
    const l1 = await taskAt(c.id, 'department-work');
    expect(l1).toMatchObject({ department: 'technical', tier: 'L1' });
    await complete('dev-technical', l1.id, 'escalate', { reason: 'needs L2' });
    const l2 = await taskAt(c.id, 'technical-l2');
    expect(l2).toMatchObject({ department: 'technical', tier: 'L2' });
    await complete('dev-technical', l2.id, 'escalate');
    const mgmt = await taskAt(c.id, 'management-review');
    await complete('dev-management', mgmt.id, 'resolved');
    expect(await status(c.id)).toBe('resolved');
  });

  it.concurrent(
    'a handoff carries the case to another department and back; the front line coordinates',
    async () => {
      const c = await openCase('Strange charge', 'what is this charge on my bill');
      const triage = await taskAt(c.id, 'triage');
      const handed = await as('dev-frontline').post(`/tasks/${triage.id}/handoff`, {
        department: 'billing',
        reason: 'billing must check',
      });
      expect(handed).toMatchObject({
        status: 200,
        body: { department: 'billing', coordinator: 'frontline' },
      });
      // The front line still sees the task it coordinates; billing now works it.
      expect((await as('dev-frontline').get(`/tasks/${triage.id}`)).status).toBe(200);
      expect((await as('dev-billing').get(`/tasks/${triage.id}`)).body.department).toBe('billing');
      const bad = await as('dev-billing').post(`/tasks/${triage.id}/handoff`, {
        department: 'quality',
        reason: 'x',
      });
      expect(bad.status).toBe(422);
      // And back: billing returns it to the coordinating front line, which completes it.
      const back = await as('dev-billing').post(`/tasks/${triage.id}/handoff`, {
        department: 'frontline',
        reason: 'explained the charge, please close with the customer',
      });
      expect(back).toMatchObject({
        status: 200,
        body: { department: 'frontline', coordinator: 'frontline' },
      });
      expect((await as('dev-billing').get(`/tasks/${triage.id}`)).status).toBe(404);
      await complete('dev-frontline', triage.id, 'resolved', { resolution: 'charge explained' });
      expect(await status(c.id)).toBe('resolved');
    },
  );

  it.concurrent('waiting for the customer pauses as waiting, a reply resumes triage', async () => {
    const c = await openCase('Login question', 'how do I log in');
    await complete('dev-frontline', (await taskAt(c.id, 'triage')).id, 'needs-info');
    await eventually(async () => ((await status(c.id)) === 'waiting' ? true : undefined), 'status waiting');
    const reply = await as('dev-intake').post(`/cases/${c.id}/messages`, {
      from: 'customer',
      text: 'here is my username',
    });
    expect(reply.status).toBe(201);
    const again = await taskAt(c.id, 'triage');
    await complete('dev-frontline', again.id, 'resolved', { resolution: 'done' });
    expect(await status(c.id)).toBe('resolved');
  });

  it.concurrent('waiting for the customer times out into closure with a notice', async () => {
    const c = await openCase('Question', 'how does it work');
    await complete('dev-frontline', (await taskAt(c.id, 'triage')).id, 'needs-info');
    expect(await finalStatus(c.id)).toBe('closed');
    const sent = await as('dev-auditor').get(`/cases/${c.id}/notifications`);
    expect(sent.body.items.map((n: { message: string }) => n.message).join('\n')).toMatch(
      /did not hear back/,
    );
  });

  it.concurrent('a VIP case gets a follow-up that confirms the fix, then the survey', async () => {
    const c = await openCase('Question', 'how do I export', { tier: 'vip' });
    await complete('dev-frontline', (await taskAt(c.id, 'triage')).id, 'resolved', { resolution: 'x' });
    const followUp = await taskAt(c.id, 'follow-up');
    expect(followUp.department).toBe('frontline');
    await complete('dev-frontline', followUp.id, 'confirmed');
    await surveyToken(c.id);
  });

  it.concurrent('a follow-up that finds the problem back reopens the case at triage', async () => {
    const c = await openCase('Question', 'how do I import', { tier: 'vip' });
    await complete('dev-frontline', (await taskAt(c.id, 'triage')).id, 'resolved', { resolution: 'x' });
    await complete('dev-frontline', (await taskAt(c.id, 'follow-up')).id, 'reopen');
    const again = await taskAt(c.id, 'triage');
    expect(again.id).not.toBe(undefined);
    expect(await status(c.id)).toBe('open');
  });

  it.concurrent('blocklisted customers: refused at intake, or flagged into a management review', async () => {
    const admin = as('dev-admin');
    expect(
      (await admin.raw('PUT', '/blocklist/cu-refused', { mode: 'refuse', reason: 'abuse' })).status,
    ).toBe(201);
    const refused = await as('dev-intake').post('/cases', {
      channel: 'web',
      customer: { id: 'cu-refused' },
      subject: 'hi',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/refused at intake: abuse/);
    expect((await as('dev-admin').get('/cases?customer=cu-refused')).body.total).toBe(0);

    expect(
      (await admin.raw('PUT', '/blocklist/cu-flagged', { mode: 'flag', reason: 'chargebacks' })).status,
    ).toBe(201);
    const flagged = await as('dev-intake').post('/cases', {
      channel: 'web',
      customer: { id: 'cu-flagged' },
      subject: 'hi',
    });
    expect(flagged.status).toBe(201);
    const review = await taskAt(flagged.body.id, 'blocklist-review');
    expect(review.department).toBe('management');
    await complete('dev-management', review.id, 'reject');
    expect(await finalStatus(flagged.body.id)).toBe('rejected');
    expect((await admin.raw('DELETE', '/blocklist/cu-flagged')).status).toBe(204);
  });

  it.concurrent('a case can be cancelled; it then takes no more messages', async () => {
    const c = await openCase('Never mind', 'question');
    await taskAt(c.id, 'triage');
    const cancelled = await as('dev-intake').post(`/cases/${c.id}/cancel`, { reason: 'customer withdrew' });
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    expect(await finalStatus(c.id)).toBe('cancelled');
    expect(
      (await as('dev-intake').post(`/cases/${c.id}/messages`, { from: 'customer', text: 'x' })).status,
    ).toBe(409);
  });

  it.concurrent(
    'a completion with a form missing a required field, or on a task claimed by another agent, changes nothing',
    async () => {
      const c = await openCase('Question about invoices', 'how do I read my invoice');
      const triage = await taskAt(c.id, 'triage');
      const missing = await as('dev-frontline').post(`/tasks/${triage.id}/complete`, {
        outcome: 'resolved',
        form: {},
      });
      expect(missing.status).toBe(422);
      expect(missing.body.detail).toMatch(/resolution: required/);
      const claimed = await as('dev-admin').post(`/tasks/${triage.id}/claim`);
      expect(claimed).toMatchObject({ status: 200, body: { status: 'claimed', assignee: 'admin' } });
      const notYours = await as('dev-frontline').post(`/tasks/${triage.id}/complete`, {
        outcome: 'resolved',
        form: { resolution: 'x' },
      });
      expect(notYours.status).toBe(403);
      expect(notYours.body.detail).toMatch(/claimed by admin/);
      const view = await as('dev-admin').get(`/cases/${c.id}`);
      expect(view.body.tasks.find((t: { id: string }) => t.id === triage.id)).toMatchObject({
        status: 'claimed',
        assignee: 'admin',
      });
      expect(view.body.step).toBe('triage');
    },
  );

  it.concurrent(
    'a form key that is not an own field (__proto__, constructor) is refused, naming it',
    async () => {
      const c = await openCase('Question about invoices', 'how do I read my invoice');
      const triage = await taskAt(c.id, 'triage');
      // Raw JSON, so `__proto__` arrives as an own key of the form (an object literal would set the prototype).
      const complete = (form: string) =>
        as('dev-frontline').raw(
          'POST',
          `/tasks/${triage.id}/complete`,
          `{"outcome":"resolved","form":{"resolution":"x",${form}}}`,
        );
      const proto = await complete('"__proto__":{"polluted":true}');
      expect({ status: proto.status, detail: proto.body.detail, errors: proto.body.errors }).toEqual({
        status: 422,
        detail: 'form: __proto__: not a field of this outcome',
        errors: [{ field: 'body.form.__proto__', message: 'not a field of this outcome' }],
      });
      const ctor = await complete('"constructor":"x"');
      expect({ status: ctor.status, detail: ctor.body.detail }).toEqual({
        status: 422,
        detail: 'form: constructor: not a field of this outcome',
      });
      const view = await as('dev-admin').get(`/cases/${c.id}`);
      expect(view.body.step).toBe('triage');
      expect(view.body.tasks.find((t: { id: string }) => t.id === triage.id)?.status).toBe('open');
    },
  );

  it('lists cases with filters and pages', async () => {
    const page = await as('dev-auditor').get('/cases?limit=2');
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(2);
    expect(page.body.total).toBeGreaterThan(2);
    expect(page.body.nextCursor).toBe('2');
    const billing = await as('dev-billing').get('/cases');
    for (const item of billing.body.items) {
      const departments = [
        item.department,
        ...item.tasks.flatMap((t: { department: string; coordinator?: string }) => [
          t.department,
          t.coordinator,
        ]),
      ];
      expect(departments).toContain('billing');
    }
    expect((await as('dev-auditor').get('/cases?status=nonsense')).status).toBe(400);
  });
});
