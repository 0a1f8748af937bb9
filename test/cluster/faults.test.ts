/**
 * The fault suite (issue 10): the production shape of `npm run cluster` — a real Temporal server on
 * PostgreSQL, two workers, two APIs — takes hundreds of cases while a worker is SIGKILLed, the Temporal
 * server is SIGKILLed and comes back, PostgreSQL terminates caseflow's connections during projections,
 * and an API is SIGKILLed with requests in flight. Afterwards: every case exists exactly once, every
 * projection equals the workflow's own state, no escalation rung fired twice, no update was lost or
 * applied twice. The figures are printed as one table (the README quotes them).
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { caseWorkflowId } from '../../workflows/messages';
import { writeFastStandardTemplate } from '../support/fast-template';
import { startCluster, type RunningCluster } from './cluster-process';
import { DRILL_VERSION, DrillClient, workCase, type DrillCase } from './drill';
import {
  casesExactlyOnce,
  historiesReplay,
  projectionsMatch,
  rungsFiredOnce,
  updatesAppliedOnce,
  workflowViews,
} from './invariants';

const CASES = Number(process.env.CASEFLOW_FAULT_CASES ?? 240);
const CONCURRENCY = 12;
const RUN = `r${Date.now().toString(36)}`;

let cluster: RunningCluster | undefined;
let temporal: Connection | undefined;
let pool: Pool | undefined;

// The first run on a fresh machine builds the Temporal server from source (the setup can take ~20 min).
beforeAll(async () => {
  cluster = await startCluster({ apis: 2, workers: 2 });
  temporal = await Connection.connect({ address: cluster.temporalAddress });
  pool = new Pool({ connectionString: cluster.databaseUrl, max: 2 });
  pool.on('error', () => undefined);
}, 40 * 60_000);

afterAll(async () => {
  await pool?.end();
  await temporal?.close();
  if (cluster) {
    const code = await cluster.stop();
    expect(code).toBe(0);
  }
}, 120_000);

interface Fault {
  at: number;
  name: string;
  inject: (c: RunningCluster) => Promise<void>;
  injectedAt?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const kill = (c: RunningCluster, part: string) => Promise.resolve(void process.kill(c.pid(part), 'SIGKILL'));

const faults: Fault[] = [
  {
    at: 0.15,
    name: 'worker 1 SIGKILLed mid-flight',
    inject: (c) => kill(c, 'worker 1'),
  },
  {
    at: 0.35,
    name: 'Temporal server SIGKILLed, restarted by the supervisor',
    inject: (c) => kill(c, 'temporal-server'),
  },
  {
    at: 0.55,
    name: "PostgreSQL terminates caseflow's connections 5× (1 s apart)",
    inject: async (c) => {
      for (let i = 0; i < 5; i++) {
        await pool!.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
          [c.database],
        );
        await sleep(1_000);
      }
    },
  },
  {
    at: 0.75,
    name: 'api 2 SIGKILLed with requests in flight',
    inject: (c) => kill(c, 'api 2'),
  },
];

test(
  `${CASES} cases through two APIs survive a killed worker, server, database connections and API`,
  async () => {
    const c = cluster!;
    const client = new DrillClient(c.apis);

    // A copy of the standard template with waits of seconds and tight SLA targets, so rungs fire during the run.
    const fast = readFileSync(
      writeFastStandardTemplate(4, '0%', {
        responseSeconds: 4,
        resolutionSeconds: 30,
        escalationSeconds: 60,
      }),
      'utf8',
    ).replace(/^version: 1$/m, `version: ${DRILL_VERSION}`);
    const published = await client.send(
      'POST',
      '/templates',
      'dev-designer',
      { source: fast },
      `${RUN}-publish`,
    );
    expect(published.status).toBe(201);

    const started = Date.now();
    const drilled: DrillCase[] = [];
    const failures: string[] = [];
    let nextCase = 0;
    const faultsDone: Array<Promise<void>> = [];
    const maybeInject = () => {
      for (const fault of faults) {
        if (fault.injectedAt === undefined && drilled.length >= fault.at * CASES) {
          fault.injectedAt = Date.now();
          faultsDone.push(fault.inject(c));
        }
      }
    };
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (nextCase < CASES) {
          const n = nextCase++;
          try {
            drilled.push(await workCase(client, n, RUN));
          } catch (err) {
            failures.push(err instanceof Error ? err.message : String(err));
          }
          maybeInject();
        }
      }),
    );
    await Promise.all(faultsDone);
    const drillMs = Date.now() - started;
    expect(failures).toEqual([]);

    // Every case runs on by itself to its end (follow-up and survey waits of seconds).
    const workflows = new Client({ connection: temporal! });
    const closed = Date.now();
    for (const d of drilled) await workflows.workflow.getHandle(caseWorkflowId(d.id)).result();
    const settleMs = Date.now() - closed;

    const views = await workflowViews(
      workflows,
      drilled.map((d) => d.id),
    );
    const problems = [
      ...(await historiesReplay(
        workflows,
        drilled.map((d) => d.id),
        join(tmpdir(), 'caseflow-fault-histories'),
      )),
      ...(await casesExactlyOnce(workflows, pool!, drilled)),
      ...(await projectionsMatch(pool!, views)),
      ...rungsFiredOnce(views),
      ...updatesAppliedOnce(views, drilled),
    ];
    expect(problems).toEqual([]);

    const restarts = c.restarts();
    for (const part of ['worker 1', 'temporal-server', 'api 2']) {
      expect(restarts.some((line) => line.includes(`${part} restarted`))).toBe(true);
    }
    const rungs = [...views.values()].reduce((sum, v) => sum + v.escalations.length, 0);
    const completions = drilled.reduce((sum, d) => sum + Object.keys(d.completed).length, 0);
    const report = [
      `fault suite: ${drilled.length} cases (${completions} task completions) through ${c.apis.length} APIs and 2 workers`,
      `  drill ${Math.round(drillMs / 1000)} s, cases settled ${Math.round(settleMs / 1000)} s later`,
      `  requests ${client.figures.requests}, retried ${client.figures.retries} (${JSON.stringify(client.figures.retryCauses)})`,
      `  escalation rungs fired ${rungs}, none twice; projections equal to workflow state: ${views.size}/${views.size}`,
      ...faults.map(
        (f) =>
          `  at ${Math.round(f.at * 100)}% (${Math.round(((f.injectedAt ?? started) - started) / 1000)} s): ${f.name}`,
      ),
      ...restarts.map((line) => `  ${line.replace(/^caseflow: /, '')}`),
    ].join('\n');
    console.log(report);
  },
  30 * 60_000,
);
