/**
 * Replays a case's history through today's workflow code (Worker.runReplayHistory): if the code would
 * take different decisions than the ones recorded, Temporal raises a DeterminismViolationError naming the
 * first event where they part. Used by POST /cases/{id}/replay, `caseflow replay` and the saved-history
 * tests. Replay needs no server: the history is the input.
 */
import { DeterminismViolationError } from '@temporalio/workflow';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  type ReplayWorkerOptions,
} from '@temporalio/worker';
import type { History } from '@temporalio/common/lib/proto-utils';
import { sharedWorkflowModules } from '../workflows/shared-modules';

export interface ReplayVerdict {
  workflowId: string;
  /** true: today's code takes the same decisions as the recorded run. */
  deterministic: boolean;
  /** The first divergence in words (Temporal's message), when not deterministic. */
  divergence?: string;
  /** `DeterminismViolationError`, or the error type when the replay failed for another reason. */
  errorType?: string;
  /** Number of events replayed. */
  events: number;
}

const silent = {
  log: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  trace: () => undefined,
};

let bundle: Promise<{ code: string }> | undefined;

/**
 * Today's workflow code, bundled once per process (a few seconds) and reused for every replay. Tests hand
 * in the bundle they already built.
 */
export function currentWorkflowBundle(): Promise<{ code: string }> {
  const entry = require.resolve('../workflows');
  bundle ??= bundleWorkflowCode({
    workflowsPath: entry,
    preloadModules: sharedWorkflowModules(entry),
    logger: silent,
  });
  return bundle;
}

/**
 * For processes that only replay (the CLI, tests): a divergence is reported by the verdict, in words, so
 * the SDK's own log lines about the failed workflow task (TS and native core) would only repeat it. Does
 * nothing when the process has already installed its runtime.
 */
export function quietReplayRuntime(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
    });
  } catch {
    // Installed already: keep the process's own settings.
  }
}

export function useWorkflowBundle(code: string): void {
  bundle = Promise.resolve({ code });
}

export async function replayOptions(): Promise<ReplayWorkerOptions> {
  return { workflowBundle: await currentWorkflowBundle() };
}

export async function replayHistory(
  history: History,
  workflowId: string,
  options?: ReplayWorkerOptions,
): Promise<ReplayVerdict> {
  const events = history.events?.length ?? 0;
  try {
    await Worker.runReplayHistory(options ?? (await replayOptions()), history, workflowId);
    return { workflowId, deterministic: true, events };
  } catch (err) {
    return { workflowId, deterministic: false, events, ...describeReplayError(err) };
  }
}

/**
 * Replays several histories in one replay worker (one V8 context, the bundle evaluated once): about a
 * quarter of the CPU of a replayHistory each (docs/performance.md, B4). Verdicts in the order given.
 */
export async function* replayHistories(
  sources: Iterable<{ history: History; workflowId: string }>,
  options?: ReplayWorkerOptions,
): AsyncGenerator<ReplayVerdict> {
  const list = [...sources];
  let i = 0;
  for await (const result of Worker.runReplayHistories(options ?? (await replayOptions()), list)) {
    const events = list[i++]?.history.events?.length ?? 0;
    yield result.error
      ? { workflowId: result.workflowId, deterministic: false, events, ...describeReplayError(result.error) }
      : { workflowId: result.workflowId, deterministic: true, events };
  }
}

/** The verdict's words for a failed replay. */
export function describeReplayError(err: unknown): { divergence: string; errorType: string } {
  if (err instanceof DeterminismViolationError)
    return { divergence: err.message, errorType: 'DeterminismViolationError' };
  if (err instanceof Error) return { divergence: err.message, errorType: err.name };
  return { divergence: String(err), errorType: 'Error' };
}
