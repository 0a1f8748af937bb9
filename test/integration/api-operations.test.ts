/**
 * What operators rely on: Prometheus metrics (latency by route template, cases and tasks from the
 * projections), per-token rate limiting with Retry-After, request ids in every log line, and a graceful
 * close that finishes the request in flight and refuses new connections.
 */
import { request } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createPool } from '../../db/pool';
import type { ApiServer } from '../../api/server';
import { apiAs, eventually, startApiBeside, useTestSystem } from '../support/system';

const system = useTestSystem();

/** A second API on the same Temporal and PostgreSQL, with its own settings and a log we can read. */
async function extraApi(options: { rateLimit?: { perMinute: number; burst?: number } } = {}) {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const api: ApiServer = await startApiBeside(system, {
    log: pino({ level: 'info' }, sink),
    rateLimit: options.rateLimit ?? false,
  });
  return { api, lines };
}

it('exports latency by route template and case and task counts from the projections', async () => {
  const opened = await apiAs(system.url, 'dev-intake').post('/cases', {
    channel: 'app',
    customer: { id: 'cu-metrics', tier: 'vip' },
    subject: 'Outage: cannot pay',
    description: 'payment fails',
  });
  expect(opened.status).toBe(201);
  await apiAs(system.url, 'dev-intake').get(`/cases/${opened.body.id}`);
  // The counts are read at most every 15 s: scrape once the projection has the triage task.
  await eventually(async () => {
    const tasks = await system.pool.query('SELECT 1 FROM tasks WHERE case_id = $1', [opened.body.id]);
    return tasks.rowCount ? true : undefined;
  }, 'the triage task in the projection');
  const text = await (await fetch(`${system.url}/metrics`)).text();
  expect(text).toMatch(
    /caseflow_http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/cases\/\{id\}",status="200"\}/,
  );
  expect(text).toMatch(
    /caseflow_http_request_duration_seconds_count\{method="POST",route="\/cases",status="201"\} 1/,
  );
  expect(text).not.toMatch(new RegExp(opened.body.id));
  expect(text).toMatch(
    /caseflow_cases\{template="customer-issue",version="1",priority="P\d",status="open"\} 1/,
  );
  expect(text).toMatch(/caseflow_tasks\{department="frontline",status="open",priority="P\d"\} 1/);
  expect(text).toMatch(/caseflow_api_process_cpu_seconds_total/);
});

it('reads the case and task counts once per interval, however many scrapes arrive', async () => {
  // A real pool on the test schema whose queries are counted: the GROUP BYs are the metrics' readings.
  const pool = createPool(process.env.DATABASE_URL ?? '', { schema: system.schema, max: 4 });
  let readings = 0;
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  pool.query = ((...args: unknown[]) => {
    if (/GROUP BY/.test(String(args[0]))) readings += 1;
    return query(...args);
  }) as unknown as typeof pool.query;
  const api = await startApiBeside(system, {
    pool,
  });
  try {
    const scrape = async () => (await fetch(`${api.url}/metrics`)).text();
    const first = await Promise.all(Array.from({ length: 40 }, scrape));
    expect(first.every((text) => text.includes('# TYPE caseflow_cases gauge'))).toBe(true);
    const more = await Promise.all(Array.from({ length: 40 }, scrape));
    expect(more.every((text) => text.includes('# TYPE caseflow_tasks gauge'))).toBe(true);
    expect(readings).toBe(2); // one pair of GROUP BYs (cases, tasks) for all 80 scrapes
  } finally {
    await api.close();
    await pool.end();
  }
});

it('limits each token, answering 429 problem+json with Retry-After', async () => {
  const { api } = await extraApi({ rateLimit: { perMinute: 60, burst: 3 } });
  try {
    const frontline = apiAs(api.url, 'dev-frontline');
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await frontline.get('/tasks')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await frontline.get('/tasks');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^[12]$/);
    expect(limited.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
    // Another token has its own budget; probes are never limited.
    expect((await apiAs(api.url, 'dev-billing').get('/tasks')).status).toBe(200);
    expect((await apiAs(api.url, '').get('/health')).status).toBe(200);
  } finally {
    await api.close();
  }
});

it('writes the request id in every log line of a request, never the token', async () => {
  const { api, lines } = await extraApi();
  try {
    await apiAs(api.url, 'dev-intake').raw('GET', '/cases/no-such-case', undefined, {
      'x-request-id': 'req-log-1',
    });
    const mine = await eventually(() => {
      const found = lines.filter((l) => JSON.stringify(l).includes('req-log-1'));
      return Promise.resolve(found.length ? found : undefined);
    }, 'the request log line');
    expect(mine[0]).toMatchObject({ reqId: 'req-log-1', res: { statusCode: 404 }, level: 40 });
    expect(JSON.stringify(lines)).not.toMatch(/dev-intake|authorization/i);
  } finally {
    await api.close();
  }
});

it('finishes the request in flight on close, then refuses new connections', async () => {
  const { api } = await extraApi();
  const { port } = new URL(api.url);
  // A request whose body arrives slowly is in flight while the server closes.
  const inFlight = new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/templates/validate',
        headers: { authorization: 'Bearer dev-designer', 'content-type': 'text/yaml' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
      },
    );
    req.on('error', reject);
    req.write('name: slow\n');
    setTimeout(() => req.end('version: 1\n'), 300);
  });
  await new Promise((r) => setTimeout(r, 100));
  const closed = api.close();
  await new Promise((r) => setTimeout(r, 50));
  await expect(fetch(`${api.url}/health`)).rejects.toThrow();
  expect(await inFlight).toEqual({ status: 200, connection: 'close' });
  await closed;
});
