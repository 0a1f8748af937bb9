import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import type { PlanStep } from '../../../../definitions/plan';
import {
  caseSignal,
  caseStateQuery,
  completeTaskUpdate,
  customerMessageSignal,
  submitSurveyUpdate,
  type CaseView,
} from '../../../../workflows/messages';
import { anna, intake, makeInput, makePlan, outcome } from '../fixture';
import { makeWorker, useLocalTemporal, type Recorded } from './env';

const env = useLocalTemporal();

/** Every waiting step kind with short real-time durations: wait, call, signal, follow-up, survey. */
const steps: Record<string, PlanStep> = {
  triage: {
    id: 'triage',
    kind: 'task',
    title: 'Triage',
    department: { kind: 'fixed', department: 'frontline' },
    outcomes: { route: outcome('route', 'lookup') },
    handoff: [],
    escalations: [],
  },
  lookup: {
    id: 'lookup',
    kind: 'call',
    request: { method: 'GET', url: 'https://erp/x', headers: {} },
    timeoutMs: 2000,
    retry: { maxAttempts: 2, initialIntervalMs: 100, backoffCoefficient: 2 },
    resultVar: 'order',
    next: 'reply',
  },
  reply: { id: 'reply', kind: 'wait', for: { kind: 'customer-reply' }, status: 'waiting', next: 'parts' },
  parts: {
    id: 'parts',
    kind: 'wait',
    for: { kind: 'signal', signal: 'parts' },
    status: 'open',
    next: 'pause',
  },
  pause: {
    id: 'pause',
    kind: 'wait',
    for: { kind: 'duration', durationMs: 500 },
    status: 'open',
    next: 'tell',
  },
  tell: {
    id: 'tell',
    kind: 'notify',
    to: { kind: 'customer' },
    channel: 'voice',
    fallback: 'sms',
    message: 'done',
    next: 'check',
  },
  check: {
    id: 'check',
    kind: 'follow-up',
    afterMs: 500,
    calendar: '24x7',
    department: { kind: 'fixed', department: 'frontline' },
    title: 'Held?',
    outcomes: { confirmed: outcome('confirmed', 'csat') },
  },
  csat: {
    id: 'csat',
    kind: 'survey',
    questions: [{ id: 'speed', text: 'Speed', min: 1, max: 5 }],
    timeoutMs: 60_000,
    branches: [{ next: 'done', index: 0 }],
    onTimeout: 'done',
  },
};

const until = async (
  handle: { query: (q: typeof caseStateQuery) => Promise<CaseView> },
  test: (v: CaseView) => boolean,
) => {
  for (let i = 0; i < 100; i += 1) {
    const view = await handle.query(caseStateQuery);
    if (test(view)) return view;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not reached');
};

it('a case through every waiting step kind replays deterministically from its history', async () => {
  const rec: Recorded = { projections: [], notifications: [], calls: [] };
  const worker = await makeWorker(env(), 'replay-1', rec);
  const handle = await worker.runUntil(async () => {
    const h = await env().client.workflow.start('caseWorkflow', {
      taskQueue: 'replay-1',
      workflowId: 'case-R1',
      args: [
        {
          caseId: 'R1',
          plan: makePlan({}, steps),
          input: makeInput(),
          openedBy: intake,
          openedAt: new Date().toISOString(),
        },
      ],
    });
    await h.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: 'R1-t1', outcome: 'route', principal: anna }],
    });
    await until(h, (v) => v.step === 'reply');
    await h.signal(customerMessageSignal, {
      from: 'customer',
      text: 'hi',
      principal: anna,
      at: new Date().toISOString(),
    });
    await until(h, (v) => v.step === 'parts');
    await h.signal(caseSignal, { name: 'parts', payload: { n: 1 }, principal: anna });
    const atCheck = await until(h, (v) => v.tasks.some((t) => t.step === 'check'));
    await h.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: atCheck.tasks[1]!.id, outcome: 'confirmed', principal: anna }],
    });
    await until(h, (v) => v.decisions.some((d) => d.what === 'survey link sent'));
    await h.executeUpdate(submitSurveyUpdate, { args: [{ answers: { speed: 4 }, principal: anna }] });
    const final = await h.result();
    expect(final).toMatchObject({ status: 'resolved', vars: { order: { ok: true }, parts: { n: 1 } } });
    return h;
  });
  expect(rec.calls).toHaveLength(1);
  expect(rec.notifications).toHaveLength(2);
  const history = await handle.fetchHistory();
  // SAVE_HISTORY=1 refreshes the saved history that test/unit/engine/replay.test.ts replays without a server.
  // (Binary: the JSON route through historyFromJSON trips over two copies of protobufjs in node_modules.)
  if (process.env.SAVE_HISTORY)
    writeFileSync(
      join(__dirname, '../histories/case-every-step.history.bin'),
      temporal.api.history.v1.History.encode(history).finish(),
    );
  await Worker.runReplayHistory(
    { workflowsPath: require.resolve('../../../../workflows') },
    history,
    'case-R1',
  );
});
