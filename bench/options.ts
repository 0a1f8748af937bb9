/**
 * The options of `npm run bench` (flags, or the environment for scripted runs):
 *
 *   --only B1,B4          which benchmarks (B1/B2 load, H history, B3 scale, B4 replay, B5 templates,
 *                         B6 backtest, B7 triage, B8 similar cases)
 *   --cases 120           cases opened and completed by the load benchmark (BENCH_CASES)
 *   --concurrency 8       calls in flight at once in B1/B2 (BENCH_CONCURRENCY; B3 opens 32 at a time)
 *   --open-cases 10000    open cases of the scale benchmark (BENCH_OPEN_CASES)
 *   --cluster             against a running `npm run cluster` (TEMPORAL_ADDRESS and DATABASE_URL) instead of
 *                         a dev server of its own
 *   --out <dir>           where the JSON report goes (default .data/bench)
 *   --no-compression      the payload codec encrypts without compressing first, as before issue 13
 *                         (BENCH_COMPRESSION=0): H's stored bytes then read as they did
 */
import { join } from 'node:path';
import { projectRoot } from '../config/paths';

/** Every benchmark by its id in the report. H is the history benchmark (bytes and events per path). */
export const benchIds = ['B1', 'B2', 'H', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8'] as const;
export type BenchId = (typeof benchIds)[number];

export interface BenchOptions {
  only: ReadonlySet<BenchId>;
  cases: number;
  concurrency: number;
  openCases: number;
  cluster: boolean;
  /** Whether the payload codec compresses before encrypting (it does in production). */
  compression: boolean;
  outDir: string;
}

/** Reads the flags (then the environment, then the defaults); throws on a flag it does not know. */
export function parseBenchOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): BenchOptions {
  const flags = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`bench: unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (name === 'cluster' || name === 'no-compression') switches.add(name);
    else if (['only', 'cases', 'concurrency', 'open-cases', 'out'].includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`bench: --${name} needs a value`);
      flags.set(name, value);
    } else throw new Error(`bench: unknown option --${name}`);
  }
  const count = (flag: string, variable: string, fallback: number): number => {
    const text = flags.get(flag) ?? env[variable];
    if (text === undefined || text === '') return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`bench: --${flag} must be a whole number ≥ 1, not ${text}`);
    return n;
  };
  const onlyText = flags.get('only') ?? env.BENCH_ONLY;
  const only = new Set<BenchId>();
  for (const id of (onlyText ?? benchIds.join(',')).split(',').map((s) => s.trim().toUpperCase())) {
    if (!id) continue;
    if (!(benchIds as readonly string[]).includes(id))
      throw new Error(`bench: unknown benchmark ${id} (known: ${benchIds.join(', ')})`);
    only.add(id as BenchId);
    // B1 and B2 are two readings of the same load.
    if (id === 'B1') only.add('B2');
    if (id === 'B2') only.add('B1');
  }
  return {
    only,
    cases: count('cases', 'BENCH_CASES', 120),
    concurrency: count('concurrency', 'BENCH_CONCURRENCY', 8),
    openCases: count('open-cases', 'BENCH_OPEN_CASES', 10_000),
    cluster: switches.has('cluster') || env.BENCH_CLUSTER === '1',
    compression: !switches.has('no-compression') && env.BENCH_COMPRESSION !== '0',
    outDir: flags.get('out') ?? env.BENCH_OUT ?? join(projectRoot, '.data', 'bench'),
  };
}
