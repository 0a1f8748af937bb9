/**
 * Turning tracing on must not break the cases already running: a traced worker's bundle holds the
 * OpenTelemetry workflow interceptors (telemetry/temporal.ts), and every saved history (test/histories/,
 * recorded without them) must replay through it. The interceptors only add headers and spans, no commands;
 * the SDK's flags keep their later additions (spans around update handlers) out of older runs' replays.
 * Replayed workflow tasks report no spans (the sink is not called during replay), so a workflow brought
 * back into the cache does not trace its past again.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { quietReplayRuntime, replayHistory } from '../../../audit/replay';
import { readHistoryFile } from '../../../cli/replay';
import { projectRoot } from '../../../config/paths';
import { workflowInterceptorsModule } from '../../../telemetry/temporal';
import { workflowSpanSinks } from '../../../telemetry/workflow-spans';
import { sharedWorkflowModules } from '../../../workflows/shared-modules';
import { quietBundlerLogger } from '../../support/temporal-server';

jest.setTimeout(120_000);

const dir = join(projectRoot, 'test', 'histories');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.history.json'))
  .sort();

const exported: ReadableSpan[] = [];
const processor: SpanProcessor = {
  onStart: () => undefined,
  onEnd: (span) => exported.push(span),
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

let traced: { code: string };
beforeAll(async () => {
  quietReplayRuntime();
  // As a traced worker bundles at start (worker/start-worker.ts): today's workflows with the interceptors.
  const entry = join(projectRoot, 'workflows', 'index.ts');
  traced = await bundleWorkflowCode({
    workflowsPath: entry,
    preloadModules: sharedWorkflowModules(entry),
    workflowInterceptorModules: [workflowInterceptorsModule],
    logger: quietBundlerLogger,
  });
});

it.each(files)('%s replays through the traced bundle', async (file) => {
  const verdict = await replayHistory(
    readHistoryFile(join(dir, file)),
    file.replace(/\.history\.json$/, ''),
    {
      workflowBundle: traced,
      sinks: workflowSpanSinks(processor, resourceFromAttributes({ 'service.name': 'caseflow-worker' })),
    },
  );
  expect(verdict.divergence ?? 'replayed').toBe('replayed');
  expect(exported).toEqual([]);
});
