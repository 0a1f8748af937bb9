/**
 * The case workflows as one webpack bundle, the code Temporal runs in the worker's sandbox. A worker builds
 * it at start (seconds of CPU and webpack in memory); an image builds it once with `npm run bundle` and its
 * workers load the file named by CASEFLOW_WORKFLOW_BUNDLE instead, so they start fast and every replica
 * runs exactly the same workflow code.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, type Logger, type WorkerOptions } from '@temporalio/worker';
import { projectRoot } from '../config/paths';
import { sharedWorkflowModules } from '../workflows/shared-modules';

/** Where `npm run bundle` writes the bundle (the Dockerfile sets CASEFLOW_WORKFLOW_BUNDLE to it). */
export const workflowBundleFile = join(projectRoot, 'dist', 'workflow-bundle.js');

/**
 * The workflows' entry: the TypeScript source when it is there, so a bundle is never older than the code
 * (the bundler compiles TypeScript itself); otherwise the compiled copy under dist/.
 */
function workflowsEntry(): string {
  const source = join(projectRoot, 'workflows', 'index.ts');
  return existsSync(source) ? source : require.resolve('../workflows');
}

/** Webpack's progress stays out of the output; its warnings and errors are shown. */
const bundlerLogger: Logger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message) => console.warn(message),
  error: (message) => console.error(message),
};

/** The case workflows (workflows/index.ts) bundled as a worker bundles them at start. */
export function bundleCaseWorkflows(logger: Logger = bundlerLogger): Promise<{ code: string }> {
  const entry = workflowsEntry();
  return bundleWorkflowCode({ workflowsPath: entry, preloadModules: sharedWorkflowModules(entry), logger });
}

/** The worker's workflow code: the prebuilt bundle at `codePath` when one is set, else bundled at start. */
export function prebuiltWorkflowBundle(codePath: string | undefined): WorkerOptions['workflowBundle'] {
  return codePath ? { codePath } : undefined;
}
