/**
 * The pieces every test that runs its own Temporal needs: a local dev server from the pinned CLI with
 * caseflow's search attributes, and a bundler logger that keeps webpack's progress out of test output.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureTemporalCli } from '../../stack/temporal-cli';
import { bundleCaseWorkflows as bundleProductionWorkflows } from '../../worker/workflow-bundle';
import { caseSearchAttributeKeys } from '../../workflows/search-attributes';

export function startLocalTemporal(): Promise<TestWorkflowEnvironment> {
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
