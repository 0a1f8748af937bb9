/**
 * `npm run bundle [-- <file>]`: writes the case workflows' bundle to dist/workflow-bundle.js (or `<file>`),
 * for an image to build once and its workers to load with CASEFLOW_WORKFLOW_BUNDLE (worker/workflow-bundle.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { projectRoot } from '../config/paths';
import { bundleCaseWorkflows, workflowBundleFile } from './workflow-bundle';

async function main(): Promise<void> {
  const file = process.argv[2] ? resolve(process.argv[2]) : workflowBundleFile;
  const { code } = await bundleCaseWorkflows();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, code);
  const size = `${Math.round(Buffer.byteLength(code) / 1024)} KiB`;
  const shown = file.startsWith(projectRoot) ? relative(projectRoot, file) : file;
  console.log(`caseflow: workflow bundle written to ${shown} (${size})`);
}

main().catch((err: unknown) => {
  console.error(`caseflow bundle: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
