/**
 * Bounded case state (issue 11, item 6; docs/security.md): 500 messages of 20 KB sent to one case through
 * the real API, on the real Temporal dev server and PostgreSQL. The case keeps working (its task completes),
 * GET /cases/{id} shows the messages a page at a time from PostgreSQL, the state the case continues as new
 * with stays small, and every run of its history replays through today's workflow code.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { useWorkflowBundle } from '../../audit/replay';
import { fetchHistory } from '../../audit/history';
import type { CaseState } from '../../workflows/engine/types';
import { caseWorkflowId, type StartCaseArgs } from '../../workflows/messages';
import { apiAs, eventually, useTestSystem } from '../support/system';

jest.setTimeout(600_000);

const MESSAGES = 500;
const BATCH = 50;
/** The state a case carries through continue-as-new (plan aside) stays below this, whatever it received. */
const STATE_BOUND = 64 * 1024;

const system = useTestSystem();
beforeAll(() => {
  // The API replays with the bundle the run already built (no second bundling).
  useWorkflowBundle(readFileSync(process.env.CASEFLOW_TEST_WORKFLOW_BUNDLE!, 'utf8'));
});

/**
 * Exactly 20 000 characters (the most a message may have), different for every message, and noise: the
 * payload codec compresses (issue 13), so a flood of repeated letters would no longer reach the history's
 * byte limit, and a flood meant to would not be compressible either.
 */
const messageText = (n: number): string => {
  const head = `message ${n} of ${MESSAGES}: `;
  return head + noise(n).slice(0, 20_000 - head.length);
};
/** 20 000 characters of base64 that look random but are the same for the same n (a chain of sha256). */
const noise = (n: number): string =>
  Buffer.concat(
    Array.from({ length: 470 }, (_, k) => createHash('sha256').update(`${n}:${k}`).digest()),
  ).toString('base64');

it('takes 500 messages of 20 KB and still works, shows them paged, stays small and replays', async () => {
  const intake = apiAs(system.url, 'dev-intake');
  const frontline = apiAs(system.url, 'dev-frontline');
  const opened = await intake.post('/cases', {
    channel: 'chat',
    customer: { id: `cu-chatty-${Date.now()}`, name: 'Wang Fang' },
    subject: 'Cannot log in',
    description: 'I cannot log in since this morning',
  });
  expect(opened.status).toBe(201);
  const id = opened.body.id as string;
  const triage = await eventually(async () => {
    const inbox = await frontline.get('/tasks?department=frontline&limit=200');
    return inbox.body.items.find((t: { caseId: string }) => t.caseId === id) as { id: string } | undefined;
  }, 'the triage task');

  // In parallel batches: the API answers each once the case has the signal.
  for (let first = 1; first <= MESSAGES; first += BATCH) {
    const batch = Array.from({ length: BATCH }, (_, k) => first + k);
    const answers = await Promise.all(
      batch.map((n) => intake.post(`/cases/${id}/messages`, { from: 'customer', text: messageText(n) })),
    );
    expect(answers.map((a) => a.status)).toEqual(batch.map(() => 201));
  }

  // Every message lands in PostgreSQL; the case page shows the newest 20 and the count.
  const page = await eventually(
    async () => {
      const res = await intake.get(`/cases/${id}`);
      return res.status === 200 && res.body.messages?.total === MESSAGES ? res.body : undefined;
    },
    'all messages in PostgreSQL',
    60_000,
  );
  expect(page.messageCount).toBe(MESSAGES);
  expect(page.messages.items).toHaveLength(20);
  expect(page.messages.items.map((m: { seq: number }) => m.seq)).toEqual(
    Array.from({ length: 20 }, (_, k) => MESSAGES - k),
  );
  const newest = page.messages.items[0];
  expect({ ...newest, text: undefined }).toMatchObject({ seq: MESSAGES, from: 'customer', by: 'intake' });
  // A batch is sent at once, so the newest number is one of the last batch's, whole.
  const numberOf = (m: { text: string }) => Number(/^message (\d+) /.exec(m.text)?.[1]);
  expect(page.messages.items.every((m: { text: string }) => m.text === messageText(numberOf(m)))).toBe(true);
  expect(Math.min(...page.messages.items.map(numberOf))).toBeGreaterThan(MESSAGES - BATCH);
  expect(page.messages.nextCursor).toBe('481');
  // The decision log in the state keeps the newest 100 and counts the rest.
  expect(page.decisions.length).toBeLessThanOrEqual(100);
  expect(page.decisionsDropped).toBeGreaterThan(300);
  // 503 (with Retry-After) is the API's "try again": under a loaded CI the read that authorises the case
  // may outlast its Temporal deadline, and a client retries it, as this does.
  const older = await eventually(async () => {
    const res = await intake.get(`/cases/${id}/messages?cursor=${page.messages.nextCursor}&limit=100`);
    return res.status === 503 ? undefined : res;
  }, 'the older messages');
  expect(older.status).toBe(200);
  expect(older.body.items.map((m: { seq: number }) => m.seq)).toEqual(
    Array.from({ length: 100 }, (_, k) => 480 - k),
  );
  expect(older.body.items.every((m: { text: string }) => m.text === messageText(numberOf(m)))).toBe(true);
  const bad = await intake.get(`/cases/${id}/messages?cursor=abc`);
  expect(bad.status).toBe(400);

  // The case still works: the front line resolves it.
  const done = await frontline.post(`/tasks/${triage.id}/complete`, {
    outcome: 'resolved',
    form: { resolution: 'password reset' },
  });
  expect(done.status).toBe(200);
  expect((await intake.get(`/cases/${id}`)).body).toMatchObject({ status: 'resolved' });

  // It continued as new by size, and the state it carried is small.
  const latest = await fetchHistory(system.client, caseWorkflowId(id), { raw: false });
  const started = latest.events?.[0]?.workflowExecutionStartedEventAttributes;
  expect(started?.continuedExecutionRunId).toBeTruthy();
  const converter = system.client.options.loadedDataConverter.payloadConverter;
  const input = converter.fromPayload<StartCaseArgs>(started!.input!.payloads![0]!);
  const carried = (input.carried as { state: CaseState }).state;
  expect(carried.messages).toEqual([]);
  expect(carried.bounds?.messages).toBeGreaterThan(0);
  expect(JSON.stringify(carried).length).toBeLessThan(STATE_BOUND);

  // Every run replays through today's code: the first (the patch marker, most of the messages) and the last.
  const firstExecutionRunId = started?.firstExecutionRunId;
  expect(firstExecutionRunId).toBeTruthy();
  const auditor = apiAs(system.url, 'dev-auditor');
  for (const runId of [firstExecutionRunId, '']) {
    const replay = await auditor.post(`/cases/${id}/replay${runId ? `?runId=${runId}` : ''}`);
    expect(replay).toMatchObject({ status: 200, body: { deterministic: true } });
  }
});
