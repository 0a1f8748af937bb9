/**
 * A local Temporal dev server and a worker with recording activities, for checks of the workflow driver
 * alone (jest project `temporal`, part of `npm test`). The full system with the real activities and
 * PostgreSQL is tested in test/integration/.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { CaseActivities } from '../../../../activities/types';
import type { CaseView } from '../../../../workflows/messages';
import { bundleCaseWorkflows, startLocalTemporal } from '../../../support/temporal-server';

export interface Recorded {
  projections: CaseView[];
  notifications: unknown[];
  calls: unknown[];
}

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

export async function makeWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  rec: Recorded,
  overrides: Partial<CaseActivities> = {},
) {
  bundle ??= await bundleCaseWorkflows();
  const activities: CaseActivities = {
    projectCase: async (view) => {
      rec.projections.push(view);
      await new Promise((r) => setTimeout(r, 20));
    },
    sendNotification: (request) => {
      rec.notifications.push(request);
      return Promise.resolve({
        id: request.id,
        sentOn: request.channel,
        attempts: [{ channel: request.channel, ok: true }],
      });
    },
    callBusinessSystem: (request) => {
      rec.calls.push(request);
      return Promise.resolve({ status: 200, body: { ok: true } });
    },
    issueSurveyLink: (request) =>
      Promise.resolve({ token: `tok-${request.stepId}`, url: `https://x/survey/tok-${request.stepId}` }),
    recordCaseMessage: () => Promise.resolve(),
    ...overrides,
  };
  return Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities });
}
