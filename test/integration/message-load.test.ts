/**
 * Messages under load (issue 11, follow-up of item 6; docs/api.md "Messages and the projection"): 100
 * messages sent at once to one case are each answered 201, or 503 with Retry-After — never 500. The API
 * checks a message's write access in PostgreSQL, so a message costs the case no query: before, every one
 * asked the workflow for its state, and while the case had a workflow task waiting Temporal buffered one
 * query and refused the rest (RESOURCE_EXHAUSTED, "consistent query buffer is full") until the client's
 * retries ran out — 500s. Here the case's worker is away (a deploy) while a message waits: deterministic.
 * When the worker is back, one workflow task takes the whole burst — 250 messages of 20 000 characters —
 * and must not schedule all their writes at once: a completion over gRPC's 4 MB fails for good, and the
 * case would be stuck (workflows/case.bounded.ts, bounded message writes).
 */
import { listCaseMessages } from '../../db/case-messages';
import { caseWorkflowId, customerMessageSignal } from '../../workflows/messages';
import { apiAs, eventually, useTestSystem } from '../support/system';

jest.setTimeout(300_000);

const AT_ONCE = 100;
/** While the worker is away: 5 MB of messages waiting for one workflow task. */
const BURST = 250;
/** The most a message may have, different for every message. */
const longText = (label: string): string => label + ' ' + 'x'.repeat(20_000 - label.length - 1);

const system = useTestSystem();

/** Each answer is 201, or 503 problem+json with Retry-After (a dependency busy): never 500. */
const outcome = (res: { status: number; headers: Headers }): string =>
  res.status === 503 && res.headers.get('retry-after') ? '503 with Retry-After' : String(res.status);

/** How many answers had each outcome, e.g. { 201: 98, '503 with Retry-After': 2 }. */
const tally = (answers: { status: number; headers: Headers }[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const o of answers.map(outcome)) counts[o] = (counts[o] ?? 0) + 1;
  return counts;
};

it('takes 100 messages at once, and 5 MB of them while the case has work waiting and no worker', async () => {
  const intake = apiAs(system.url, 'dev-intake');
  const frontline = apiAs(system.url, 'dev-frontline');
  const opened = await intake.post('/cases', {
    channel: 'chat',
    customer: { id: `cu-busy-${Date.now()}`, name: 'Aiko Tanaka' },
    subject: 'Cannot log in',
    description: 'I cannot log in since this morning',
  });
  expect(opened.status).toBe(201);
  const id = opened.body.id as string;

  // The worker stops (a deploy) while a message waits for the case: the case has a workflow task pending.
  await system.worker.shutdown();
  await system.client.workflow.getHandle(caseWorkflowId(id)).signal(customerMessageSignal, {
    from: 'customer',
    text: 'hello?',
    principal: { name: 'intake', roles: ['intake'] },
    at: new Date().toISOString(),
  });
  const sendAll = (round: string, count: number) =>
    Promise.all(
      Array.from({ length: count }, (_, k) =>
        intake.post(`/cases/${id}/messages`, { from: 'customer', text: longText(`${round} ${k + 1}`) }),
      ),
    );
  const whileAway = await sendAll('while away', BURST);
  // Temporal keeps the signals: nothing here needs the worker, so every one is taken.
  expect(tally(whileAway)).toEqual({ '201': BURST });

  // The worker is back: every message lands, and the case still works.
  await system.restartWorker();
  await eventually(
    async () =>
      (await listCaseMessages(system.pool, id, { limit: 1 })).total === BURST + 1 ? true : undefined,
    'every message in PostgreSQL',
    60_000,
  );

  // Under load with the worker running: 201, or 503 with Retry-After — never 500.
  const busy = await sendAll('busy', AT_ONCE);
  const { '201': taken = 0, '503 with Retry-After': busyAnswers = 0, ...others } = tally(busy);
  expect({ answered: taken + busyAnswers, others }).toEqual({ answered: AT_ONCE, others: {} });
  const triage = await eventually(async () => {
    const inbox = await frontline.get('/tasks?department=frontline&limit=200');
    return inbox.body.items.find((t: { caseId: string }) => t.caseId === id) as { id: string } | undefined;
  }, 'the triage task');
  const done = await frontline.post(`/tasks/${triage.id}/complete`, {
    outcome: 'resolved',
    form: { resolution: 'password reset' },
  });
  expect(done.status).toBe(200);
});
