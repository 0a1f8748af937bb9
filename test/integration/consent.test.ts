/**
 * Contact consent through the real API, Temporal dev server and PostgreSQL (issue 16, item 3;
 * docs/privacy.md "Consent"): a case opened on the shipped customer-issue template with consent to email
 * only and none for the survey is resolved at triage; what was sent holds no SMS and no survey link, the
 * case ends without waiting the survey's three days, and the timeline says what was skipped and why.
 */
import { caseWorkflowId } from '../../workflows/messages';
import { apiAs, eventually, useTestSystem } from '../support/system';

const system = useTestSystem();
const as = (token: string) => apiAs(system.url, token);

interface Entry {
  kind: string;
  what: string;
  why?: string;
}

it('email only, no survey: the notice goes by email alone, no survey link, the skips in the timeline', async () => {
  const opened = await as('dev-intake').post('/cases', {
    channel: 'web',
    customer: {
      id: `cu-consent-${Date.now()}`,
      name: 'Zhao Min',
      email: 'zhao@example.com',
      phone: '+86 138 0000 0000',
    },
    subject: 'How do I change my address?',
    description: 'a question about my account',
    consent: { email: true, sms: false, survey: false },
  });
  expect({ status: opened.status, body: opened.body }).toMatchObject({ status: 201 });
  const caseId = opened.body.id as string;

  const task = await eventually(async () => {
    const view = await as('dev-admin').get(`/cases/${caseId}`);
    return view.body.tasks?.find((t: { step: string; status: string }) => t.step === 'triage');
  }, 'the triage task');
  const done = await as('dev-frontline').post(`/tasks/${task.id}/complete`, {
    outcome: 'resolved',
    form: { resolution: 'explained' },
  });
  expect({ status: done.status, body: done.body }).toMatchObject({ status: 200 });

  // The survey is skipped, so the case ends now rather than after its three days' timeout.
  const result = (await system.client.workflow.getHandle(caseWorkflowId(caseId)).result()) as {
    status: string;
  };
  expect(result.status).toBe('resolved');
  // The case shows the consent it was opened with (a backtest opens it again on the same).
  const view = await as('dev-admin').get(`/cases/${caseId}`);
  expect(view.body.consent).toEqual({ email: true, sms: false, survey: false });

  const sent = await eventually(async () => {
    const res = await as('dev-admin').get(`/cases/${caseId}/notifications`);
    const items = res.body.items as Array<{
      recipient: string;
      channel: string;
      fallback?: string;
      data?: { kind?: string };
    }>;
    return items?.some((n) => n.recipient === 'customer') ? items : undefined;
  }, 'the resolution notice in the outbox');
  const toCustomer = sent.filter((n) => n.recipient === 'customer');
  expect(toCustomer.map((n) => [n.channel, n.fallback])).toEqual([['email', undefined]]);
  expect(sent.some((n) => n.channel === 'sms' || n.fallback === 'sms')).toBe(false);
  expect(sent.some((n) => n.data?.kind === 'survey')).toBe(false);

  const timeline = await as('dev-auditor').get(`/cases/${caseId}/timeline`);
  expect(timeline.status).toBe(200);
  const lines = (timeline.body.entries as Entry[]).map((e) => `${e.what} | ${e.why ?? ''}`);
  expect(lines).toEqual(
    expect.arrayContaining([
      'sms fallback dropped: no consent | notify step resolution-notice: email only',
      'notified customer by email | notify step resolution-notice',
      'survey not sent: no consent | survey step survey: → done, as when no answer comes',
    ]),
  );
  expect(lines.some((l) => l.startsWith('survey link sent'))).toBe(false);
  const consentKinds = (timeline.body.entries as Entry[]).filter((e) => e.kind === 'consent.applied');
  expect(consentKinds.map((e) => e.what)).toEqual([
    'sms fallback dropped: no consent',
    'survey not sent: no consent',
  ]);
});

it('refuses consent that is not a boolean per channel, naming the field', async () => {
  const res = await as('dev-intake').post('/cases', {
    channel: 'web',
    customer: { id: `cu-consent-bad-${Date.now()}` },
    subject: 'x',
    consent: { sms: 'yes', fax: true },
  });
  expect(res.status).toBe(400);
  const fields = (res.body.errors as Array<{ field: string }>).map((e) => e.field);
  expect(fields).toEqual(expect.arrayContaining(['body.consent.sms', 'body.consent']));
});
