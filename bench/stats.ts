/** Rates and latency percentiles of the timed calls a benchmark makes. */
import { performance } from 'node:perf_hooks';

/** The p-th percentile (0–100) of `values`, nearest rank; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** What a batch of timed calls came to. */
export interface Throughput {
  calls: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Runs `call(i)` for i in 0…count-1 with at most `concurrency` in flight, timing each call and the whole
 * batch. A call that throws stops the batch (a benchmark of failing calls measures nothing).
 */
export async function timedBatch<T>(
  count: number,
  concurrency: number,
  call: (i: number) => Promise<T>,
): Promise<{ results: T[]; throughput: Throughput }> {
  const results: T[] = new Array<T>(count);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      results[i] = await call(i);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  const seconds = (performance.now() - started) / 1000;
  return {
    results,
    throughput: {
      calls: count,
      seconds,
      perSecond: count / seconds,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
    },
  };
}

/** Runs `work` on every item with at most `concurrency` at once (untimed preparation and clean-up). */
export async function inLanes<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<unknown>,
) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}
