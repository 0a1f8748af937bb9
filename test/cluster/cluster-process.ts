/**
 * `npm run cluster` as the fault suite runs it: the real program (dist/stack/cluster.js) as a child
 * process in a database of its own, its console read for the parts' process ids, restarts and readiness.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { projectRoot } from '../../config/paths';
import { freePort } from '../support/processes';

export const adminDatabaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface RunningCluster {
  apis: string[];
  databaseUrl: string;
  database: string;
  temporalAddress: string;
  /** Current pid of a part by its console name (`worker 1`, `api 2`, `temporal-server`). */
  pid(part: string): number;
  /** Console lines that said a part restarted. */
  restarts(): string[];
  output(): string;
  /** Ctrl-C: resolves with the exit code once every part has stopped. */
  stop(): Promise<number | null>;
}

function databaseUrlFor(database: string): string {
  const url = new URL(adminDatabaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Drops the suite's own databases (caseflow's and Temporal's two). */
export async function dropDatabases(database: string): Promise<void> {
  const admin = new Client({ connectionString: adminDatabaseUrl });
  await admin.connect();
  try {
    for (const name of [database, `${database}_temporal`, `${database}_temporal_visibility`]) {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

/** A base port with the 40 above it free (the Temporal server's services take offsets of it). */
async function temporalBasePort(): Promise<number> {
  for (;;) {
    // Below 32700: Temporal keeps membership ports in a smallint column.
    const base = 20_000 + Math.floor(Math.random() * 250) * 50;
    const offsets = [0, 1, 2, 6, 10, 20, 21, 22, 26, 30];
    const free = await Promise.all(offsets.map((o) => portIsFree(base + o)));
    if (free.every(Boolean)) return base;
  }
}

async function portIsFree(port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function startCluster(options: { apis: number; workers: number; env?: NodeJS.ProcessEnv }) {
  const database = `caseflow_faults_${process.pid}`;
  await dropDatabases(database);
  const admin = new Client({ connectionString: adminDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`).finally(() => admin.end());
  const databaseUrl = databaseUrlFor(database);

  let apiBase = await freePort();
  while (!(await portIsFree(apiBase + 1))) apiBase = await freePort();
  const temporalPort = await temporalBasePort();
  const child: ChildProcess = spawn(process.execPath, [join(projectRoot, 'dist', 'stack', 'cluster.js')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(apiBase),
      CASEFLOW_APIS: String(options.apis),
      CASEFLOW_WORKERS: String(options.workers),
      CASEFLOW_CLUSTER_TEMPORAL_PORT: String(temporalPort),
      CASEFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), 'caseflow-cluster-')),
      CASEFLOW_RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  // The first run builds the Temporal server from its Go module: many minutes on two cores.
  await new Promise<void>((resolve, reject) => {
    const check = () => /^caseflow: ready$/m.test(output) && resolve();
    child.stdout?.on('data', check);
    void exited.then((code) => reject(new Error(`the cluster exited with ${code} before ready:\n${output}`)));
  });

  const cluster: RunningCluster = {
    apis: [...output.matchAll(/^caseflow: API (http:\S+)$/gm)].map((m) => m[1]!),
    databaseUrl,
    database,
    temporalAddress: `127.0.0.1:${temporalPort}`,
    pid(part) {
      const started = [
        ...output.matchAll(new RegExp(`^caseflow: ${part} (?:started|restarted) \\(pid (\\d+)`, 'gm')),
      ];
      const last = started.at(-1);
      if (!last) throw new Error(`no pid for ${part} in:\n${output}`);
      return Number(last[1]);
    },
    restarts: () => output.split('\n').filter((line) => / restarted \(pid/.test(line)),
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      const code = await exited;
      await dropDatabases(database);
      return code;
    },
  };
  return cluster;
}
