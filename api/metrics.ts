import { Router, type RequestHandler } from 'express';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { z } from 'zod';
import { describe } from './openapi/describe';

export interface ApiMetrics {
  registry: Registry;
  /** Times every response, labelled by the route template (`/cases/{id}`), never the raw path. */
  timer: RequestHandler;
}

/**
 * One registry per app (tests run several apps in a process). Case and task counts are read from the
 * projections at scrape time, so every API process reports the same numbers and nothing is lost on a
 * restart: opened = sum by (template, priority) of caseflow_cases; closed = its final statuses.
 * /metrics is public, so those counts (two GROUP BYs over whole tables) are read at most once per
 * `countsCacheMs` (15 s, about one Prometheus scrape interval): a flood of scrapes costs one pair of queries.
 */
export function createMetrics(pool: Pool, log: Logger, countsCacheMs = 15_000): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'caseflow_api_' });
  const duration = new Histogram({
    name: 'caseflow_http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const counts = sharedReading(() => readCounts(pool, log), countsCacheMs);
  new Gauge({
    name: 'caseflow_cases',
    help: 'Cases in the case index by template, version, priority and status',
    labelNames: ['template', 'version', 'priority', 'status'] as const,
    registers: [registry],
    async collect() {
      const { cases } = await counts();
      this.reset();
      for (const { n, ...labels } of cases) this.set(labels, n);
    },
  });
  new Gauge({
    name: 'caseflow_tasks',
    help: 'Tasks in the inbox projection by department, status and priority',
    labelNames: ['department', 'status', 'priority'] as const,
    registers: [registry],
    async collect() {
      const { tasks } = await counts();
      this.reset();
      for (const { n, ...labels } of tasks) this.set(labels, n);
    },
  });
  const timer: RequestHandler = (req, res, next) => {
    const end = duration.startTimer();
    res.once('finish', () => {
      end({ method: req.method, route: req.routeEntry?.template ?? 'unmatched', status: res.statusCode });
    });
    next();
  };
  return { registry, timer };
}

type CountRow = Record<string, string> & { n: number };

async function readCounts(pool: Pool, log: Logger): Promise<{ cases: CountRow[]; tasks: CountRow[] }> {
  const [cases, tasks] = await Promise.all([
    countRows(
      pool,
      log,
      `SELECT template_name AS template, template_version::text AS version,
              coalesce(priority, 'none') AS priority, status, count(*)::int AS n
         FROM cases GROUP BY 1, 2, 3, 4`,
    ),
    countRows(
      pool,
      log,
      `SELECT department, status, coalesce(priority, 'none') AS priority, count(*)::int AS n
         FROM tasks GROUP BY 1, 2, 3`,
    ),
  ]);
  return { cases, tasks };
}

/** A scrape must not fail because PostgreSQL is away: the gauges are then empty and the error logged. */
async function countRows(pool: Pool, log: Logger, sql: string): Promise<CountRow[]> {
  try {
    return (await pool.query<CountRow>(sql)).rows;
  } catch (err) {
    log.warn({ err }, 'metrics: cannot read the projections');
    return [];
  }
}

/**
 * `read` at most once per `ttlMs`, one call in flight at a time: callers in between share its answer.
 * (An empty answer after a database error is kept too, so an outage is not hammered by scrapes.)
 */
export function sharedReading<T>(read: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let kept: { value: Promise<T>; endedAt?: number } | undefined;
  return () => {
    if (kept && (kept.endedAt === undefined || Date.now() - kept.endedAt < ttlMs)) return kept.value;
    const entry: { value: Promise<T>; endedAt?: number } = { value: read() };
    kept = entry;
    // The interval counts from when the reading ended, so a slow query is never run twice at once.
    entry.value.then(
      () => {
        entry.endedAt = Date.now();
      },
      () => {
        if (kept === entry) kept = undefined;
      },
    );
    return entry.value;
  };
}

/** GET /metrics, public like /health: counts only, no case data; restrict it at the network if needed. */
export function metricsRouter(metrics: ApiMetrics): Router {
  const router = Router();
  router.get(
    '/metrics',
    describe({
      summary: 'Prometheus metrics',
      tags: ['health'],
      access: 'public',
      responses: {
        200: { description: 'Prometheus text format', contentType: 'text/plain', schema: z.string() },
      },
    }),
    async (_req, res) => {
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    },
  );
  return router;
}
