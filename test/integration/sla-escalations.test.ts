/**
 * SLA clocks and escalation ladders on the real Temporal dev server and PostgreSQL, with real timers: a copy
 * of the standard template whose targets are seconds (response 3s, resolution 8s, every escalation delay
 * 3s, all on 24x7) and whose waits last 15s. A breach escalates through the ladder; work finished first
 * cancels the rungs; a worker that is down while a timer is due still fires each rung exactly once.
 */
import { caseWorkflowId } from '../../workflows/messages';
import { writeFastStandardTemplate } from '../support/fast-template';
import { apiAs, eventually, useTestSystem } from '../support/system';

const RESPONSE_MS = 3_000;
const RESOLUTION_MS = 8_000;
const AFTER_MS = 3_000;

const system = useTestSystem(() => ({
  files: [
    writeFastStandardTemplate(15, '0%', {
      responseSeconds: RESPONSE_MS / 1000,
      resolutionSeconds: RESOLUTION_MS / 1000,
      escalationSeconds: AFTER_MS / 1000,
    }),
  ],
}));

const as = (token: string) => apiAs(system.url, token);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface View {
  status: string;
  tasks: Array<{
    id: string;
    step: string;
    status: string;
    department: string;
    tier?: string;
    dueAt?: string;
  }>;
  clocks: Array<{ name: string; dueAt?: string; breached: boolean; paused: boolean; usedMs: number }>;
  escalations: Array<{
    id: string;
    cause: string;
    actions: string[];
    firedAt: string;
    clock?: string;
    taskId?: string;
  }>;
}

async function openCase(subject: string, description: string): Promise<{ id: string; openedAt: number }> {
  const openedAt = Date.now();
  const res = await as('dev-intake').post('/cases', {
    channel: 'email',
    customer: { id: `cu-sla-${Math.random().toString(36).slice(2)}`, email: 'sla@example.com' },
    subject,
    description,
  });
  expect(res.status).toBe(201);
  return { id: res.body.id, openedAt };
}

const view = async (id: string): Promise<View> => (await as('dev-admin').get(`/cases/${id}`)).body;

async function until(
  id: string,
  what: string,
  test: (v: View) => boolean,
  timeoutMs = 20_000,
): Promise<View> {
  return eventually(
    async () => {
      const v = await view(id);
      return test(v) ? v : undefined;
    },
    what,
    timeoutMs,
  );
}

/** Timers started and neither fired nor cancelled: the driver keeps one for the next due instant. */
async function pendingTimers(id: string): Promise<number> {
  const history = await system.client.workflow.getHandle(caseWorkflowId(id)).fetchHistory();
  let pending = 0;
  for (const event of history.events ?? []) {
    if (event.timerStartedEventAttributes) pending += 1;
    if (event.timerFiredEventAttributes || event.timerCanceledEventAttributes) pending -= 1;
  }
  return pending;
}

const taskAt = (v: View, step: string) =>
  v.tasks.find((t) => t.step === step && (t.status === 'open' || t.status === 'claimed'));

async function post(token: string, path: string, body: unknown = {}): Promise<void> {
  const res = await as(token).post(path, body);
  expect({ status: res.status, body: res.body }).toMatchObject({ status: 200 });
}

it('a breach escalates: L1 → L2 on the response breach, → management on the resolution breach', async () => {
  const { id, openedAt } = await openCase('Login fault', 'I cannot log in to my account');
  const opened = await until(id, 'the triage task', (v) => taskAt(v, 'triage') !== undefined);
  expect(opened.clocks.map((c) => c.name)).toEqual(['response', 'resolution', 'ola:frontline']);
  const response = opened.clocks[0]!;
  expect(Date.parse(response.dueAt!) - openedAt).toBeLessThan(RESPONSE_MS + 2_000);
  expect(taskAt(opened, 'triage')?.dueAt).toBe(response.dueAt);

  // The front line routes it only after the response target has gone: technical L1 gets a breached case.
  await until(id, 'the response breach', (v) => v.clocks[0]?.breached === true);
  await post('dev-frontline', `/tasks/${taskAt(opened, 'triage')!.id}/complete`, {
    outcome: 'route',
    form: { reason: 'technical' },
  });
  const routed = await view(id);
  expect(routed.escalations.map((e) => e.id)).toContain('technical-l1-breach');
  expect(taskAt(routed, 'department-work')).toMatchObject({ department: 'technical', tier: 'L2' });

  const late = await until(id, 'the breach review', (v) =>
    v.escalations.some((e) => e.id === 'breach-review'),
  );
  const ids = late.escalations.map((e) => e.id);
  expect(ids).toEqual(
    expect.arrayContaining(['response-warning', 'resolution-warning', 'technical-l2-breach']),
  );
  // Each rung once per clock run or per task (the unclaimed rung watches triage and department work).
  const firings = late.escalations.map((e) => `${e.id}|${e.clock ?? e.taskId ?? ''}`);
  expect(new Set(firings).size).toBe(firings.length);
  expect(late.escalations.find((e) => e.id === 'resolution-breached')).toMatchObject({
    cause: 'resolution clock breached',
    actions: ['notify management by email (fallback sms)'],
  });
  expect(taskAt(late, 'department-work')).toMatchObject({ department: 'management' });
  expect(late.tasks).toContainEqual(
    expect.objectContaining({ step: 'escalation:breach-review', department: 'management', status: 'open' }),
  );
  expect(late.clocks.find((c) => c.name === 'resolution')).toMatchObject({ breached: true, paused: false });
  const sent = await as('dev-auditor').get(`/cases/${id}/notifications`);
  const toManagement = sent.body.items.filter(
    (n: { data?: { escalation?: string } }) => n.data?.escalation === 'resolution-breached',
  );
  expect(toManagement).toHaveLength(1);
  await post('dev-admin', `/cases/${id}/cancel`, { reason: 'test over' });
});

it('work completed before the breach cancels the rungs', async () => {
  const { id } = await openCase('Question', 'How do I change my plan?');
  const opened = await until(id, 'the triage task', (v) => taskAt(v, 'triage') !== undefined);
  const task = taskAt(opened, 'triage')!;
  await post('dev-frontline', `/tasks/${task.id}/claim`);
  await post('dev-frontline', `/tasks/${task.id}/complete`, {
    outcome: 'resolved',
    form: { resolution: 'explained' },
  });
  expect((await view(id)).status).toBe('resolved');
  // Past every instant the ladder had (resolution breach + review delay); the survey still waits (15s).
  await sleep(RESOLUTION_MS + AFTER_MS + 1_000);
  const later = await view(id);
  expect(later.status).toBe('resolved');
  expect(later.escalations).toEqual([]);
  expect(later.clocks.every((c) => !c.breached && !c.paused)).toBe(true);
  // Only the survey's deadline is left to wait for: one timer.
  expect(await pendingTimers(id)).toBe(1);
});

it('a worker down while a timer is due: after the restart each rung fires exactly once', async () => {
  const { id } = await openCase('Question', 'What are your opening hours?');
  const opened = await until(id, 'the triage task', (v) => taskAt(v, 'triage') !== undefined);
  // Claimed at once: the response is met, so only the resolution ladder is left (6.4s, 8s, 11s).
  await post('dev-frontline', `/tasks/${taskAt(opened, 'triage')!.id}/claim`);
  // One timer for the whole case: the next rung (the resolution warning).
  expect(await pendingTimers(id)).toBe(1);
  await system.worker.shutdown();
  await sleep(RESOLUTION_MS + 500);
  await system.restartWorker();
  const late = await until(id, 'the breach review', (v) =>
    v.escalations.some((e) => e.id === 'breach-review'),
  );
  const ids = late.escalations.map((e) => e.id);
  expect(ids.sort()).toEqual(['breach-review', 'resolution-breached', 'resolution-warning']);
  const sent = await as('dev-auditor').get(`/cases/${id}/notifications`);
  const escalated = sent.body.items
    .map((n: { data?: { escalation?: string } }) => n.data?.escalation)
    .filter((e: string | undefined) => e !== undefined);
  expect(escalated.sort()).toEqual(['resolution-breached', 'resolution-warning']);
  await sleep(1_000);
  expect((await view(id)).escalations).toHaveLength(3);
  await post('dev-admin', `/cases/${id}/cancel`, { reason: 'test over' });
});
