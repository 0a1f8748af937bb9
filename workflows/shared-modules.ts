/**
 * Modules the worker's reusable V8 context loads once and shares between every workflow it runs (the
 * bundler's `preloadModules`), instead of evaluating a copy per workflow run. Without it each open case
 * holds its own CEL environment, RE2 and luxon: about 0.5 MB of heap and 15–20 ms of CPU per case created,
 * replayed or brought back into the cache (docs/performance.md, B3 and B4).
 *
 * Only pure code may be listed: its module state must be caches of pure functions (parsed expressions by
 * source text, compiled RE2 patterns, prepared calendars, time-zone offsets), so which workflow filled them
 * changes nothing but speed, and evaluation is synchronous, so a per-call variable (the CEL validator flag,
 * the RE2 text budget) is set and reset within one call. Their exports are frozen by the SDK. Anything that
 * keeps per-case state (the engine, the case's log) stays per workflow.
 *
 * Not bundled itself: the worker, `npm run bundle` and the replay (audit/replay.ts) call it when bundling.
 */

/**
 * The shared modules for a bundle whose entry is `workflowsEntry` (workflows/index.ts, or its compiled
 * copy): our own modules are named beside it, so they are the very files the workflows import (TypeScript
 * source or dist/) and not a second copy.
 */
export function sharedWorkflowModules(workflowsEntry: string): string[] {
  const workflowsDir = workflowsEntry.replace(/[\\/][^\\/]*$/, '');
  const root = workflowsDir.replace(/[\\/][^\\/]*$/, '');
  // re2js and luxon are shared through the modules that import them: webpack drops a bare preload of a
  // package marked free of side effects, as both are.
  return [
    '@marcbachmann/cel-js',
    // The CEL environment and the cache of parsed expressions (with RE2, re2js, for matches()).
    `${root}/definitions/expressions`,
    // Business calendars and clocks (luxon zones, offsets cached per calendar).
    `${workflowsDir}/time/index`,
  ];
}
