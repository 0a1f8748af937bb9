/**
 * Notifications are never lost to a PostgreSQL outage (issue 11, item 9). The outbox write is retried
 * without limit; before, it got 10 attempts and then only a log line, and the survey link went with it.
 *
 * The outage is real, not a mock: the outbox table of this test's own schema is renamed away, so every
 * INSERT fails in PostgreSQL (`relation "outbox" does not exist`), for longer than the old budget of 10
 * attempts (the worker waits 100–300 ms between attempts here instead of 1 s doubling to 60 s). Then it is
 * renamed back, and each notification is in the outbox exactly once. Delivery alone may give up, and the
 * outbox says so.
 */
import { quoteIdent } from '../../db/pool';
import { caseWorkflowId } from '../../workflows/messages';
import { writeFastStandardTemplate } from '../support/fast-template';
import { apiAs, eventually, useTestSystem } from '../support/system';

jest.setTimeout(120_000);

/** Old retry budget of the notification activity: 10 attempts, then the notification was dropped. */
const OLD_MAXIMUM_ATTEMPTS = 10;

let deliveryFails = false;
const system = useTestSystem({
  // The survey waits a minute: long enough to stay open while the test runs.
  files: [writeFastStandardTemplate(60)],
  outboxRetry: { initialMs: 100, maximumMs: 300 },
  notifier: {
    send: (channel) =>
      deliveryFails ? Promise.reject(new Error(`${channel} gateway refused`)) : Promise.resolve(),
  },
});
const intake = () => apiAs(system.url, 'dev-intake');
const frontline = () => apiAs(system.url, 'dev-frontline');
const admin = () => apiAs(system.url, 'dev-admin');

async function openAndResolve(customerId: string): Promise<string> {
  const opened = await intake().post('/cases', {
    channel: 'web',
    customer: { id: customerId, name: 'Li Wei', email: 'li@example.com' },
    subject: 'Cannot log in',
    description: 'I cannot log in since this morning',
  });
  expect(opened.status).toBe(201);
  const caseId: string = opened.body.id;
  const task = await eventually(async () => {
    const inbox = await frontline().get('/tasks?department=frontline');
    return inbox.body.items.find((t: { caseId: string }) => t.caseId === caseId);
  }, 'the triage task');
  const done = await frontline().post(`/tasks/${task.id}/complete`, {
    outcome: 'resolved',
    form: { resolution: 'password reset' },
  });
  expect(done.status).toBe(200);
  return caseId;
}

/** The attempts Temporal has made of each notification activity still running for the case. */
async function pendingNotificationAttempts(caseId: string): Promise<number[]> {
  const described = await system.client.workflow.getHandle(caseWorkflowId(caseId)).describe();
  return (described.raw.pendingActivities ?? [])
    .filter((a) => a.activityType?.name === 'sendNotification')
    .map((a) => a.attempt ?? 0);
}

const outboxRows = async (caseId: string) =>
  (
    await system.pool.query<{ id: string; status: string; failure: string | null; attempts: unknown[] }>(
      'SELECT id, status, failure, attempts FROM outbox WHERE case_id = $1 ORDER BY id',
      [caseId],
    )
  ).rows;

it('retries the outbox write past the old budget while PostgreSQL refuses it, then writes each notification once', async () => {
  const outbox = `${quoteIdent(system.schema)}.outbox`;
  await system.pool.query(`ALTER TABLE ${outbox} RENAME TO outbox_unavailable`);
  let restored = false;
  try {
    const caseId = await openAndResolve('cu-outbox-outage');
    // The resolution notice and the survey link both fail, attempt after attempt, beyond the old 10.
    await eventually(
      async () => {
        const attempts = await pendingNotificationAttempts(caseId);
        return attempts.length === 2 && attempts.every((a) => a > OLD_MAXIMUM_ATTEMPTS + 2)
          ? attempts
          : undefined;
      },
      'notification attempts beyond the old budget',
      60_000,
    );
    // Meanwhile the case goes on: it is resolved, waits in its survey, and takes a message.
    const view = await intake().get(`/cases/${caseId}`);
    expect(view.body).toMatchObject({ status: 'resolved', step: 'survey' });
    const message = await intake().post(`/cases/${caseId}/messages`, { from: 'customer', text: 'Thanks!' });
    expect(message.status).toBe(201);

    await system.pool.query(`ALTER TABLE ${quoteIdent(system.schema)}.outbox_unavailable RENAME TO outbox`);
    restored = true;
    const rows = await eventually(async () => {
      const found = await outboxRows(caseId);
      return found.length === 2 && found.every((r) => r.status === 'sent') ? found : undefined;
    }, 'the notifications in the outbox after the outage');
    expect(rows.map((r) => r.id)).toEqual([`${caseId}/resolution-notice/1`, `${caseId}/survey.link/1`]);
    await eventually(
      async () => ((await pendingNotificationAttempts(caseId)).length === 0 ? true : undefined),
      'the notification activities to finish',
    );
    expect(await outboxRows(caseId)).toHaveLength(2);

    // The survey link was not lost with it: the customer answers through the link in the outbox.
    const notifications = await admin().get(`/cases/${caseId}/notifications`);
    const link = notifications.body.items.find(
      (n: { data?: { kind?: string } }) => n.data?.kind === 'survey',
    );
    const answered = await apiAs(system.url, '').post(`/survey/${link.data.token}`, {
      speed: 5,
      ability: 5,
      attitude: 5,
    });
    expect(answered).toMatchObject({ status: 200, body: { received: true } });
  } finally {
    if (!restored)
      await system.pool
        .query(`ALTER TABLE ${quoteIdent(system.schema)}.outbox_unavailable RENAME TO outbox`)
        .catch(() => undefined);
  }
});

it('records a delivery that failed on every channel as failed, with the reason, and does not retry it', async () => {
  deliveryFails = true;
  try {
    const caseId = await openAndResolve('cu-outbox-undeliverable');
    const rows = await eventually(async () => {
      const found = await outboxRows(caseId);
      return found.length === 2 && found.every((r) => r.status === 'failed') ? found : undefined;
    }, 'the failed deliveries in the outbox');
    expect(rows[0]).toMatchObject({
      id: `${caseId}/resolution-notice/1`,
      failure: 'email: email gateway refused; sms: sms gateway refused',
      attempts: [
        { channel: 'email', ok: false, error: 'email gateway refused' },
        { channel: 'sms', ok: false, error: 'sms gateway refused' },
      ],
    });
    await eventually(
      async () => ((await pendingNotificationAttempts(caseId)).length === 0 ? true : undefined),
      'the notification activities to finish',
    );
    const listed = await apiAs(system.url, 'dev-auditor').get(`/cases/${caseId}/notifications`);
    expect(listed.body.items[0]).toMatchObject({
      status: 'failed',
      failure: expect.stringContaining('email'),
    });
  } finally {
    deliveryFails = false;
  }
});
