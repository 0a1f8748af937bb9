/**
 * The pieces every test that runs its own Temporal needs: a local dev server from the pinned CLI with
 * caseflow's search attributes, and a bundler logger that keeps webpack's progress out of test output.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { ensureTemporalCli } from '../../stack/temporal-cli';
import { bundleCaseWorkflows as bundleProductionWorkflows } from '../../worker/workflow-bundle';
import { caseSearchAttributeKeys } from '../../workflows/search-attributes';

/**
 * The SDK logs every worker state change at INFO, and every failed activity attempt at WARN with its stack
 * — which the tests of failure paths cause on purpose. Test output keeps errors only. Once per process:
 * the first test file to install the runtime decides for the rest, so every way a test file starts
 * Temporal (this file's dev server, test/support/system.ts) calls it first.
 */
export function quietRuntime(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      // The SDK's core logs to the console on its own, at WARN by default: benign races under the tests'
      // load (a workflow task completed after the server moved on: "Task not found when completing") are not
      // test output. Errors still show.
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }) } },
    });
  } catch {
    // Already installed by an earlier test file in this process.
  }
}

export function startLocalTemporal(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: {
        type: 'existing-path',
        path: process.env.CASEFLOW_TEMPORAL_BINARY ?? ensureTemporalCli(),
      },
      ip: '127.0.0.1',
      searchAttributes: caseSearchAttributeKeys,
      extraArgs: ['--headless', '--log-level', 'error'],
    },
  });
}

/** Only the bundler's errors reach the test output. */
export const quietBundlerLogger = {
  log: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  debug: () => undefined,
  trace: () => undefined,
  error: console.error,
};

/** The case workflows bundled as the worker and `npm run bundle` bundle them (workflows/index.ts). */
export function bundleCaseWorkflows(): Promise<{ code: string }> {
  return bundleProductionWorkflows(quietBundlerLogger);
}
