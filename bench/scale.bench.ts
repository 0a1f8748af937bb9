/**
 * B3: many open cases waiting on timers (each at triage, its SLA clocks running): the process's RSS (the
 * worker, with the API beside it as in `npm start`), the p99 of an agent's inbox (GET /tasks of the front
 * line) at that size, and the size of caseflow's tables — each next to the same reading at the start of
 * the benchmark, in the same run. The size is `openCases` (10,000 by default; the report says which ran).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { consulting, nextCustomerId } from './cases';
import { callJson, expectJson } from './http';
import type { ReportRow } from './report';
import { percentile, timedBatch, type Throughput } from './stats';
import { fileBytes, type BenchSystem } from './system';

export interface ScaleReading {
  openTasks: number;
  rssBytes: number;
  heapUsedBytes: number;
  inboxP50Ms: number;
  inboxP99Ms: number;
  databaseBytes: number;
  /** The dev server's SQLite file (Temporal's storage); absent on a cluster. */
  temporalBytes?: number;
}

export interface ScaleDetails {
  openCases: number;
  inboxCalls: number;
  /** POST /cases calls in flight while opening them. */
  openingLanes: number;
  /** The worker's workflow cache (CASEFLOW_WORKFLOW_CACHE_SIZE): the bound on what stays in memory. */
  workflowCacheSize: number;
  opening: Throughput;
  before: ScaleReading;
  after: ScaleReading;
}

const inboxCalls = 200;

/**
 * POST /cases calls in flight while B3 opens its cases. The figure is what N open cases cost, not how fast
 * they opened (B1 measures that, at `--concurrency`): each call waits for its case's first projection, so
 * at B1's 8 lanes 10,000 cases took over an hour; 32 keep the worker and the API busy instead of waiting.
 * They are real cases all the same: intake through the API, the customer workflow, the case at triage.
 */
export const openingLanes = 32;

/**
 * POST /cases as openCase (bench/cases.ts) does, with an Idempotency-Key: at this many lanes on a loaded
 * machine a call can outlast the API's wait for the projection (503) or meet its own earlier attempt still
 * running (409), and is then retried with the same key, so it still opens one case.
 */
async function openWithRetries(system: BenchSystem): Promise<string> {
  const key = randomUUID();
  const body = {
    channel: 'email',
    customer: { id: nextCustomerId(system), email: 'li.wei@example.com' },
    subject: consulting.subject,
    description: consulting.description,
  };
  for (let attempt = 1; ; attempt++) {
    const res = await callJson('POST', `${system.url}/cases`, {
      token: 'dev-intake',
      headers: { 'idempotency-key': key },
      body,
    });
    if (res.status === 201) return (res.body as { id: string }).id;
    if (![409, 503].includes(res.status) || attempt === 10)
      throw new Error(`POST /cases: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Bytes of caseflow's tables, indexes and TOAST in the bench's schema. */
async function schemaBytes(system: BenchSystem): Promise<number> {
  const res = await system.pool.query<{ bytes: string | null }>(
    `SELECT sum(pg_total_relation_size(c.oid)) AS bytes FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')`,
    [system.schema],
  );
  return Number(res.rows[0]?.bytes ?? 0);
}

/** The front line's inbox as an agent reads it: the first page of open tasks, one call at a time. */
async function readInbox(system: BenchSystem): Promise<{ p50: number; p99: number; total: number }> {
  const url = `${system.url}/tasks?department=frontline&status=open`;
  for (let i = 0; i < 10; i++) await expectJson(200, 'GET', url, { token: 'dev-frontline' });
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < inboxCalls; i++) {
    const t0 = performance.now();
    const res = await expectJson(200, 'GET', url, { token: 'dev-frontline' });
    times.push(performance.now() - t0);
    total = (res.body as { total: number }).total;
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99), total };
}

async function reading(system: BenchSystem): Promise<ScaleReading> {
  const inbox = await readInbox(system);
  const memory = process.memoryUsage();
  return {
    openTasks: inbox.total,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    inboxP50Ms: inbox.p50,
    inboxP99Ms: inbox.p99,
    databaseBytes: await schemaBytes(system),
    ...(system.temporalDbFile ? { temporalBytes: fileBytes(system.temporalDbFile) } : {}),
  };
}

export async function runScaleBench(
  system: BenchSystem,
  options: { openCases: number },
): Promise<{ rows: ReportRow[]; details: ScaleDetails }> {
  const before = await reading(system);
  system.say(`B3: opening ${options.openCases} cases through POST /cases, ${openingLanes} at a time…`);
  let done = 0;
  const every = Math.max(50, Math.round(options.openCases / 20));
  const opening = await timedBatch(options.openCases, openingLanes, async () => {
    const opened = await openWithRetries(system);
    done += 1;
    if (done % every === 0) system.say(`B3: ${done} open`);
    return opened;
  });
  system.say(`B3: ${options.openCases} open (${opening.throughput.perSecond.toFixed(1)}/s); reading…`);
  const after = await reading(system);

  const mb = (bytes: number) => bytes / 2 ** 20;
  const size = `${options.openCases} open cases, cache ${system.workflowCacheSize}`;
  const rows: ReportRow[] = [
    {
      bench: 'B3',
      figure: `worker process RSS, ${size}`,
      unit: 'MB',
      value: mb(after.rssBytes),
      baseline: mb(before.rssBytes),
      baselineLabel: `at start, ${before.openTasks} open tasks`,
      target: { on: 'value', op: '<=', bound: 1024 },
    },
    {
      bench: 'B3',
      figure: `GET /tasks inbox p99, ${size}`,
      unit: 'ms',
      value: after.inboxP99Ms,
      baseline: before.inboxP99Ms,
      baselineLabel: `at start, ${before.openTasks} open tasks`,
      target: { on: 'value', op: '<=', bound: 100 },
    },
    {
      bench: 'B3',
      figure: `PostgreSQL tables, ${size}`,
      unit: 'MB',
      value: mb(after.databaseBytes),
      baseline: mb(before.databaseBytes),
      baselineLabel: `at start, ${before.openTasks} open tasks`,
    },
    ...(after.temporalBytes !== undefined && before.temporalBytes !== undefined
      ? [
          {
            bench: 'B3',
            figure: `Temporal SQLite, ${size}`,
            unit: 'MB',
            value: mb(after.temporalBytes),
            baseline: mb(before.temporalBytes),
            baselineLabel: `at start, ${before.openTasks} open tasks`,
          },
        ]
      : []),
  ];
  return {
    rows,
    details: {
      openCases: options.openCases,
      inboxCalls,
      openingLanes,
      workflowCacheSize: system.workflowCacheSize,
      opening: opening.throughput,
      before,
      after,
    },
  };
}
