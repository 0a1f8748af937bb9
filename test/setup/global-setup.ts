/**
 * Once per `npm test`: a real Temporal dev server (the same pinned CLI binary `npm start` uses, through
 * @temporalio/testing), and the workflow bundle built once so each test file's worker starts fast. Test
 * files get the address and bundle through the environment; each file works in its own PostgreSQL schema
 * (test/support/system.ts), all prefixed with this run's id and dropped at teardown.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleCaseWorkflows, startLocalTemporal } from '../support/temporal-server';

declare global {
  var caseflowTestEnv: TestWorkflowEnvironment | undefined;
}

export default async function globalSetup(): Promise<void> {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
  process.env.CASEFLOW_TEST_RUN = `cf_test_${Date.now().toString(36)}_${process.pid}`;

  const env = await startLocalTemporal();
  globalThis.caseflowTestEnv = env;
  process.env.CASEFLOW_TEST_TEMPORAL_ADDRESS = env.address;

  const { code } = await bundleCaseWorkflows();
  const dir = mkdtempSync(join(tmpdir(), 'caseflow-test-'));
  const codePath = join(dir, 'workflow-bundle.js');
  writeFileSync(codePath, code);
  process.env.CASEFLOW_TEST_WORKFLOW_BUNDLE = codePath;
}
