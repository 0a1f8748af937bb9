/**
 * The bulk migration workflow alone (issue 15, workflows/migration.workflow.ts) on a local Temporal server
 * with stand-in activities: a list long enough to continue as new goes on in the next run with the cases
 * left and the counts so far, refusals are counted and kept, an activity that fails (an outage) is retried
 * and the case then moves once. The whole system with real cases: test/integration/version-migration.test.ts.
 */
import { Worker } from '@temporalio/worker';
import type { MigrationActivities } from '../../../../activities/types';
import type { CaseMigration, MigrationRun } from '../../../../contract';
import { migrationProgressQuery, type MigrationWorkflowArgs } from '../../../../workflows/migration-messages';
import { keepResult, MIGRATION_RESULTS_KEPT } from '../../../../workflows/migration.workflow';
import { bundleCaseWorkflows } from '../../../support/temporal-server';
import { useLocalTemporal } from './env';

const env = useLocalTemporal();

const answer = (id: string, ok: boolean): CaseMigration => ({
  id,
  from: { version: 1, step: 'work' },
  to: { version: 2, step: ok ? 'work' : '' },
  ok,
  ...(ok ? {} : { reason: `no step for ${id}` }),
});

it('moves a long list across runs (continue-as-new), counting refusals and retrying outages', async () => {
  const ids = Array.from({ length: 60 }, (_, i) => `c-${i}`);
  const attempts = new Map<string, number>();
  const activities: MigrationActivities = {
    listOpenCases: () => Promise.resolve(ids),
    migrateOneCase: ({ caseId }) => {
      const n = (attempts.get(caseId) ?? 0) + 1;
      attempts.set(caseId, n);
      // Temporal or PostgreSQL away for a moment: the activity fails, and the case waits for it.
      if (caseId === 'c-5' && n === 1) return Promise.reject(new Error('connection refused'));
      return Promise.resolve(answer(caseId, !caseId.endsWith('7')));
    },
  };
  const taskQueue = 'migration-long';
  const worker = await Worker.create({
    connection: env().nativeConnection,
    taskQueue,
    workflowBundle: await bundleCaseWorkflows(),
    activities,
  });
  const args: MigrationWorkflowArgs = {
    migrationId: 'long',
    template: 't',
    from: 1,
    to: 2,
    principal: { name: 'designer', roles: ['designer'] },
    // A run continues as new every dozen cases or so.
    historyEventsPerRun: 80,
  };
  const { result, firstRunId, lastRunId } = await worker.runUntil(async () => {
    const handle = await env().client.workflow.start('migrationWorkflow', {
      taskQueue,
      workflowId: 'migration-long',
      args: [args],
    });
    const firstRunId = handle.firstExecutionRunId;
    const result = (await handle.result()) as MigrationRun;
    const lastRunId = (await handle.describe()).runId;
    expect(await handle.query(migrationProgressQuery)).toEqual(result);
    return { result, firstRunId, lastRunId };
  });

  expect(lastRunId).not.toBe(firstRunId);
  const refused = ids.filter((id) => id.endsWith('7'));
  expect(result).toMatchObject({
    id: 'long',
    status: 'completed',
    total: 60,
    done: 60,
    moved: 60 - refused.length,
    refused: refused.length,
    startedBy: 'designer',
  });
  expect(result.cases.map((c) => c.id)).toEqual(ids);
  expect(result.cases.filter((c) => !c.ok).map((c) => c.reason)).toEqual(
    refused.map((id) => `no step for ${id}`),
  );
  // Each case was asked once, the one behind the outage twice.
  expect([...attempts.entries()].filter(([, n]) => n !== 1)).toEqual([['c-5', 2]]);
});

it('keeps every refusal it can and drops the oldest moves beyond the bound', () => {
  let kept: CaseMigration[] = [answer('refused-0', false)];
  for (let i = 0; i < MIGRATION_RESULTS_KEPT + 10; i += 1)
    kept = keepResult(kept, answer(`moved-${i}`, true));
  kept = keepResult(kept, answer('refused-1', false));
  expect(kept).toHaveLength(MIGRATION_RESULTS_KEPT);
  expect(kept[0]?.id).toBe('refused-0');
  expect(kept[kept.length - 1]?.id).toBe('refused-1');
  expect(kept[1]?.id).toBe('moved-12');
});
