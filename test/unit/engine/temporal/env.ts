/**
 * A local Temporal dev server and a worker with recording activities, for checks of the workflow driver
 * alone (jest project `temporal`, part of `npm test`). The full system with the real activities and
 * PostgreSQL is tested in test/integration/.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { CaseActivities } from '../../../../activities/types';
import { fakeActivities, recorder, type Recorded } from '../../../support/fake-activities';
import { bundleCaseWorkflows, startLocalTemporal } from '../../../support/temporal-server';

export { recorder, type Recorded };

/** A local dev server for this test file, started before its tests and torn down after them. */
export function useLocalTemporal(): () => TestWorkflowEnvironment {
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    env = await startLocalTemporal();
  });
  afterAll(async () => {
    await env?.teardown();
  });
  return () => {
    if (!env) throw new Error('the local Temporal server has not started');
    return env;
  };
}

let bundle: { code: string } | undefined;

/** A worker on `taskQueue` with the fake activities (test/support/fake-activities.ts), recording into `rec`. */
export async function makeWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  rec: Recorded,
  overrides: Partial<CaseActivities> = {},
) {
  bundle ??= await bundleCaseWorkflows();
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: fakeActivities(rec, overrides),
  });
}
