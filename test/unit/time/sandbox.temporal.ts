/**
 * Checks that the time code bundles and runs in the Temporal workflow sandbox and answers exactly as it
 * does under Node (jest project `temporal`, part of `npm test`).
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureTemporalCli } from '../../../stack/temporal-cli';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import type { PlanEscalation } from '../../../definitions/plan';
import { addBusinessTime, nextTransition } from '../../../workflows/time/calendar';
import { cn, shanghai } from './fixtures';
import { quietBundlerLogger, quietRuntime } from '../../support/temporal-server';
import type { TimeCheckResult } from './sandbox/time.workflow';

const TEMPORAL = process.env.CASEFLOW_TEMPORAL_BINARY ?? ensureTemporalCli();

const rungs: PlanEscalation[] = [
  { id: 'breach', trigger: { kind: 'clock.breached', clock: 'response' }, delayMs: 0, actions: [] },
  { id: 'warn', trigger: { kind: 'clock.at', clock: 'response', percent: 80 }, delayMs: 0, actions: [] },
];

test('calendar, clock and escalation code run in the workflow sandbox', async () => {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: TEMPORAL },
      ip: '127.0.0.1',
      extraArgs: ['--headless', '--log-level', 'error'],
    },
  });
  try {
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('./sandbox/time.workflow'),
      logger: quietBundlerLogger,
    });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'time',
      workflowBundle: { code },
    });
    const start = cn('2026-11-20T17:30');
    const result = await worker.runUntil(
      env.client.workflow.execute<(...args: unknown[]) => Promise<TimeCheckResult>>('timeCheck', {
        args: [shanghai, start, rungs],
        taskQueue: 'time',
        workflowId: `time-check-${start}`,
      }),
    );
    expect(result.due).toBe(addBusinessTime(shanghai, start, 3_600_000));
    expect(result.due).toBe(cn('2026-11-23T09:30'));
    expect(result.next).toEqual(nextTransition(shanghai, start));
    expect(result.view).toMatchObject({
      target: 'PT1H',
      dueAt: '2026-11-23T01:30:00.000Z',
      usedMs: 1_800_000,
    });
    expect(result.read).toEqual(result.view);
    expect(result.rungs).toEqual(['response clock at 80%', 'response clock breached']);
  } finally {
    await env.teardown();
  }
}, 120_000);
