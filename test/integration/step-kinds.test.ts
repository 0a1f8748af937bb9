/**
 * Step kinds the standard template does not use, on the real server with the real activities: a `call` to
 * a real local HTTP server (retried after a 500, stored in vars; a 4xx takes the failure branch), `notify`
 * with a failing first channel, a `consult` joined by all, `wait` for a named signal, for a duration and
 * until an instant; search attributes kept current; continue-as-new of a long case.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getTemplateVersion } from '../../db/templates';
import {
  caseSignal,
  caseStateQuery,
  caseWorkflowId,
  claimTaskUpdate,
  releaseTaskUpdate,
  type CaseView,
  type StartCaseArgs,
} from '../../workflows/messages';
import type { caseWorkflow } from '../../workflows/case.workflow';
import { writeIntegrationTemplate } from '../support/fast-template';
import { finalCaseView } from '../support/final-view';
import { customerKeyOf } from '../support/customer-key';
import { apiAs, eventually, useTestSystem } from '../support/system';

interface Received {
  key: string | undefined;
  body: unknown;
}
let mode: 'flaky' | 'reject' = 'flaky';
const received: Received[] = [];
let crm: Server;
const voiceAttempts: string[] = [];

const system = useTestSystem(async () => {
  crm = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      received.push({
        key: req.headers['idempotency-key'] as string | undefined,
        body: JSON.parse(text || 'null'),
      });
      const attemptsForKey = received.filter((r) => r.key === req.headers['idempotency-key']).length;
      if (mode === 'reject') res.writeHead(400).end('{"error":"unknown customer"}');
      else if (attemptsForKey === 1) res.writeHead(500).end('busy');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"level":"gold"}');
    });
  });
  await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
  const { port } = crm.address() as AddressInfo;
  return {
    files: [writeIntegrationTemplate('step-kinds', port)],
    notifier: {
      send: (channel, recipient) => {
        if (channel === 'voice') {
          voiceAttempts.push(recipient);
          return Promise.reject(new Error('no answer'));
        }
        return Promise.resolve();
      },
    },
  };
});
afterAll(async () => {
  await new Promise((resolve) => crm?.close(resolve));
});

const intake = () => apiAs(system.url, 'dev-intake');
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

async function openStepKindsCase(customer: string, appointmentAt: string): Promise<string> {
  const res = await intake().post('/cases', {
    template: 'step-kinds',
    channel: 'web',
    customer: { id: customer },
    subject: 'Check my account',
    attributes: { appointmentAt },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

const view = (caseId: string): Promise<CaseView> =>
  system.client.workflow.getHandle(caseWorkflowId(caseId)).query(caseStateQuery);

it('calls, notifies with fallback, consults, waits for a signal, a duration and an instant', async () => {
  mode = 'flaky';
  const appointmentAt = inSeconds(8);
  const caseId = await openStepKindsCase('cu-steps', appointmentAt);

  // The call was retried after the 500 with the same idempotency key, and its answer stored.
  const consulted = await eventually(async () => {
    const v = await view(caseId);
    return v.tasks.filter((t) => t.step === 'ask-departments').length === 2 ? v : undefined;
  }, 'the consult tasks');
  const calls = received.filter((r) => r.key?.startsWith(caseId));
  expect(calls).toHaveLength(2);
  expect(calls[0]?.key).toBe(calls[1]?.key);
  expect(calls[0]?.body).toEqual({ ask: 'level' });
  expect(consulted.vars.crm).toEqual({ level: 'gold' });

  // The voice call failed, the SMS fallback went out, and the outbox says so.
  expect(voiceAttempts).toContain('customer');
  const sent = await apiAs(system.url, 'dev-auditor').get(`/cases/${caseId}/notifications`);
  expect(sent.body.items[0]).toMatchObject({ channel: 'voice', fallback: 'sms', sentOn: 'sms' });
  expect(sent.body.items[0].attempts).toEqual([
    { channel: 'voice', ok: false, error: 'no answer' },
    { channel: 'sms', ok: true },
  ]);

  // Both departments answer (join all).
  const money = consulted.tasks.find((t) => t.department === 'billing')!;
  const law = consulted.tasks.find((t) => t.department === 'management')!;
  expect(
    (await apiAs(system.url, 'dev-billing').post(`/tasks/${money.id}/complete`, { outcome: 'clear' })).status,
  ).toBe(200);
  expect((await view(caseId)).step).toBe('ask-departments');
  expect(
    (await apiAs(system.url, 'dev-management').post(`/tasks/${law.id}/complete`, { outcome: 'clear' }))
      .status,
  ).toBe(200);

  // The named signal moves it on; then a 2 s cool-off; then it waits until the appointment.
  await eventually(
    async () => ((await view(caseId)).step === 'approval' ? true : undefined),
    'the approval wait',
  );
  const handle = system.client.workflow.getHandle(caseWorkflowId(caseId));
  await handle.signal(caseSignal, {
    name: 'approval',
    payload: { by: 'supervisor' },
    principal: { name: 'ops', roles: ['admin'] },
  });
  const final = await finalCaseView(system.client, caseId);
  expect(final.status).toBe('resolved');
  expect(Date.parse(final.updatedAt)).toBeGreaterThanOrEqual(Date.parse(appointmentAt));
  expect([...new Set(final.decisions.map((d) => d.step))]).toEqual([
    'classify',
    'prioritize',
    'lookup',
    'announce',
    'ask-departments',
    'approval',
    'cool-off',
    'appointment',
    'route',
    'done',
  ]);

  // Search attributes follow the case; CaseCustomer holds the customer's opaque key (privacy/).
  const customerKey = await customerKeyOf(system.pool, 'cu-steps');
  await eventually(async () => {
    for await (const wf of system.client.workflow.list({
      query: `CaseStatus = "resolved" AND CaseTemplate = "step-kinds" AND CaseCustomer = "${customerKey}"`,
    })) {
      if (wf.workflowId === caseWorkflowId(caseId)) return true;
    }
    return undefined;
  }, 'the case in a visibility query by its search attributes');
});

it('takes the failure branch when the business system refuses the call, without retrying a 4xx', async () => {
  mode = 'reject';
  const caseId = await openStepKindsCase('cu-steps-reject', inSeconds(60));
  const final = await finalCaseView(system.client, caseId);
  expect(final.status).toBe('closed');
  expect(final.step).toBe('lookup-failed');
  expect(received.filter((r) => r.key?.startsWith(caseId))).toHaveLength(1);
});

it('continues a long case as new and carries on unchanged', async () => {
  mode = 'flaky';
  const template = await getTemplateVersion(system.pool, 'step-kinds', 1);
  const caseId = `can-${Date.now()}`;
  const args: StartCaseArgs = {
    caseId,
    plan: template!.plan,
    input: {
      channel: 'web',
      customer: { id: 'cu-can' },
      subject: 'long',
      description: '',
      attributes: { appointmentAt: inSeconds(5) },
    },
    openedBy: { name: 'test', roles: ['admin'] },
    openedAt: new Date().toISOString(),
    continueAsNewAtHistoryLength: 40,
  };
  const handle = await system.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
    workflowId: caseWorkflowId(caseId),
    taskQueue: system.taskQueue,
    args: [args],
  });
  const task = await eventually(
    async () => (await handle.query(caseStateQuery)).tasks.find((t) => t.department === 'billing'),
    'a consult task',
  );
  const agent = { name: 'billing', roles: ['agent'], departments: ['billing'] };
  for (let i = 0; i < 10; i += 1) {
    await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, principal: agent }] });
    await handle.executeUpdate(releaseTaskUpdate, { args: [{ taskId: task.id, principal: agent }] });
  }
  const latest = system.client.workflow.getHandle(caseWorkflowId(caseId));
  expect((await latest.describe()).runId).not.toBe(handle.firstExecutionRunId);
  const carried = await latest.query(caseStateQuery);
  expect(carried.decisions.filter((d) => d.what === `task ${task.id} claimed`)).toHaveLength(10);
  // The inbox projection is still right after the continue-as-new, and the task can be completed there.
  const inbox = await apiAs(system.url, 'dev-billing').get(`/tasks/${task.id}`);
  expect(inbox.body).toMatchObject({ id: task.id, status: 'open' });
  expect(
    (await apiAs(system.url, 'dev-billing').post(`/tasks/${task.id}/complete`, { outcome: 'clear' })).status,
  ).toBe(200);
});
