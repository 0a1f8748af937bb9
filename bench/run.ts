/**
 * `npm run bench`: every benchmark of issue 13 next to its baseline from the same run, printed as a table
 * (figure, baseline, ratio, target, target met?) and written as JSON to `.data/bench/<timestamp>.json`.
 * Benchmarks are not tests: they never run under `npm test`. Options: bench/options.ts; what each figure
 * means and the figures of record: docs/performance.md.
 *
 *   B1/B2  load.bench.ts       cases opened/s, tasks completed/s, p50/p99 — vs the bare workflow
 *   H      history.bench.ts    history bytes and events per standard path — vs the bare workflow
 *   B3     scale.bench.ts      N open cases on timers: RSS, inbox p99, database size — vs the same at start
 *   B4     replay.bench.ts     saved histories replayed/s — vs bare histories
 *   B5     templates.bench.ts  validate + compile of a 500-step template — vs parsing its YAML
 *   B6     backtest.bench.ts   1,000 recorded cases backtested: the unchanged template, then a changed rule
 *   B7     triage.bench.ts     5,000 generated bilingual cases: triage training, scoring p50/p99, accuracy vs rules
 *   B8     similar.bench.ts    5,000 resolved bilingual cases: similar-case query p50/p99 — vs the same without the index
 */
import { loadavg } from 'node:os';
import { runBacktestBench } from './backtest.bench';
import { runHistoryBench } from './history.bench';
import { runLoadBench } from './load.bench';
import { parseBenchOptions, type BenchOptions } from './options';
import { runReplayBench } from './replay.bench';
import { formatTable, machine, reportRow, writeReport, type BenchReport, type ReportRow } from './report';
import { runScaleBench } from './scale.bench';
import { runSimilarBench } from './similar.bench';
import { startBenchSystem, type BenchSystem } from './system';
import { runTemplateBench, templateRows } from './templates.bench';
import { runTriageBench } from './triage.bench';

const say = (line: string) => console.log(`bench: ${line}`);

async function main(): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  }
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg();
  const rows: ReportRow[] = [];
  const details: Record<string, unknown> = {};
  const wants = (id: 'B1' | 'H' | 'B3' | 'B4' | 'B5' | 'B6' | 'B7' | 'B8') => options.only.has(id);
  const needsSystem = wants('B1') || wants('H') || wants('B3') || wants('B4');

  let system: BenchSystem | undefined;
  let failed = false;
  try {
    if (needsSystem)
      system = await startBenchSystem({ cluster: options.cluster, compression: options.compression, say });
    // The CPU-only and short ones first; B3 last, since it leaves thousands of cases on their timers.
    if (system && wants('B1')) {
      const load = await runLoadBench(system, options);
      rows.push(...load.rows);
      details.load = load.details;
    }
    if (system && wants('H')) {
      const history = await runHistoryBench(system);
      rows.push(...history.rows);
      details.history = history.details;
    }
    if (system && wants('B4')) {
      const replay = await runReplayBench(system);
      rows.push(...replay.rows);
      details.replay = replay.details;
    }
    if (wants('B5')) {
      say('B5: validate + compile…');
      // 3 s a figure: at 1 s a loaded machine gives a handful of operations and noise.
      const figures = runTemplateBench(3000);
      rows.push(...templateRows(figures));
      details.templates = figures;
    }
    if (wants('B6')) {
      // PostgreSQL only: the backtest reads the projections, never Temporal.
      const backtest = await runBacktestBench(say);
      rows.push(...backtest.rows);
      details.backtest = backtest.details;
    }
    if (wants('B7')) {
      // PostgreSQL only, like B6: training reads the projections, scoring is pure.
      const triage = await runTriageBench(say);
      rows.push(...triage.rows);
      details.triage = triage.details;
    }
    if (wants('B8')) {
      // PostgreSQL only: the search index and its query, no Temporal.
      const similar = await runSimilarBench(say);
      rows.push(...similar.rows);
      details.similar = similar.details;
    }
    if (system && wants('B3')) {
      const scale = await runScaleBench(system, options);
      rows.push(...scale.rows);
      details.scale = scale.details;
    }
  } catch (err) {
    failed = true;
    console.error(`bench: failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    if (system) {
      say('stopping…');
      await system.stop();
    }
  }

  const report: BenchReport = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: {
      ...machine(),
      loadAverage: [...loadAtStart, ...loadavg()].map((n) => Math.round(n * 100) / 100),
    },
    target: options.cluster ? 'cluster' : 'dev',
    options: {
      only: [...options.only],
      cases: options.cases,
      concurrency: options.concurrency,
      openCases: options.openCases,
      cluster: options.cluster,
    },
    rows: rows.map(reportRow),
    details,
  };
  const m = report.machine;
  console.log('');
  console.log(
    `caseflow bench, ${report.target === 'cluster' ? 'npm run cluster' : 'dev server'}; ${m.cpus} × ${m.cpuModel}, ` +
      `${m.memoryGb} GB, node ${m.node}; load average at start ${loadAtStart.map((n) => n.toFixed(1)).join(' ')}`,
  );
  console.log(formatTable(report.rows));
  if (rows.length) console.log(`\nbench: report written to ${writeReport(options.outDir, report)}`);
  process.exit(failed ? 1 : 0);
}

void main();
