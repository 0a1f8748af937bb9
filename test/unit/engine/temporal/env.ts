/**
 * A local Temporal dev server and a worker with recording activities, for checks of the workflow driver
 * alone (jest project `temporal`, part of `npm test`). The full system with the real activities and
 * PostgreSQL is tested in test/integration/.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import type { CaseActivities } from '../../../../activities/types';
import type { CaseView } from '../../../../workflows/messages';
import * as keys from '../../../../workflows/search-attributes';
import { ensureTemporalCli } from '../../../../stack/temporal-cli';

export const TEMPORAL = process.env.CASEFLOW_TEMPORAL_BINARY ?? ensureTemporalCli();

export interface Recorded {
  projections: CaseView[];
  notifications: unknown[];
  calls: unknown[];
}

export async function startEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: TEMPORAL },
      ip: '127.0.0.1',
      searchAttributes: Object.values(keys).filter((k) => typeof k === 'object' && 'name' in k) as never,
      extraArgs: ['--headless', '--log-level', 'error'],
    },
  });
}

let bundle: { code: string } | undefined;

export async function makeWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  rec: Recorded,
  overrides: Partial<CaseActivities> = {},
) {
  bundle ??= await bundleWorkflowCode({
    workflowsPath: require.resolve('../../../../workflows'),
    logger: {
      log: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: console.error,
      debug: () => undefined,
      trace: () => undefined,
    },
  });
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
    ...overrides,
  };
  return Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities });
}
