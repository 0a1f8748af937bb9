/**
 * `npm run cluster`: the production shape on one machine, without containers (SPEC §9). A real Temporal
 * server (built once from its Go module) with persistence and visibility on the PostgreSQL of
 * DATABASE_URL, set up by the same program compose runs (setup/), then CASEFLOW_WORKERS workers and
 * CASEFLOW_APIS APIs as separate processes, each kept running by a supervisor. One line per API, then
 * `caseflow: ready` once every part answers; Ctrl-C stops the APIs (draining requests), the workers, then
 * the server.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { loadEnvOrExit, type Env } from '../config/env';
import { dataDir as defaultDataDir, projectRoot } from '../config/paths';
import { migrate } from '../db/migrate';
import { createPool } from '../db/pool';
import { setupNamespace, setupSchema } from '../setup/run';
import { GoBinaryMissing } from '../setup/go-binaries';
import { temporalDatabasesFrom } from '../setup/temporal-databases';
import { temporalServerVersion } from '../setup/temporal-server-binaries';
import { codecEndpointOf } from '../api/routes/codec';
import { Part } from './supervisor';
import { frontendAnswers, temporalServerArgs, writeTemporalServerConfig } from './temporal-server';
import { temporalUiArgs } from './temporal-ui';
import { ensureClusterBinaries } from './cluster-binaries';

const say = (line: string) => console.log(`caseflow: ${line}`);

async function main(): Promise<void> {
  const env = loadEnvOrExit();
  if (!env.DATABASE_URL) {
    console.error(
      'caseflow: bad setting DATABASE_URL: required by `npm run cluster` (a PostgreSQL server for caseflow and ' +
        'Temporal, e.g. postgres://postgres@127.0.0.1:5432/caseflow)',
    );
    process.exit(1);
  }
  const databaseUrl = env.DATABASE_URL;
  const dir = join(env.CASEFLOW_DATA_DIR ?? defaultDataDir, 'cluster');
  const logs = join(dir, 'logs');
  mkdirSync(logs, { recursive: true });

  const parts: Part[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    // APIs first (they drain requests in flight), then workers (they finish their tasks), then Temporal.
    const apis = parts.filter((p) => p.spec.name.startsWith('api'));
    const workers = parts.filter((p) => p.spec.name.startsWith('worker'));
    await Promise.all(apis.map((p) => p.stop()));
    await Promise.all(workers.map((p) => p.stop()));
    await Promise.all(parts.filter((p) => !apis.includes(p) && !workers.includes(p)).map((p) => p.stop()));
    say('stopped');
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll(0));
  const giveUp = (part: Part, why: string) => {
    console.error(`caseflow: ${why}; its log (${part.spec.logFile}) ends:\n${part.lastWords()}`);
    void stopAll(1);
  };
  const startPart = (name: string, command: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const logFile = join(logs, `${name.replace(' ', '-')}.log`);
    const part = new Part(
      { name, command, args, env: { ...process.env, ...extraEnv }, logFile },
      say,
      giveUp,
    );
    part.start();
    parts.push(part);
    say(`${name} started (pid ${part.pid}, log ${logFile})`);
    return part;
  };

  try {
    const binaries = ensureClusterBinaries(say);
    await checkPostgres(databaseUrl);
    await setupSchema(env, say, () => binaries.sqlTool);

    const address = `127.0.0.1:${env.CASEFLOW_CLUSTER_TEMPORAL_PORT}`;
    const configFile = writeTemporalServerConfig({
      dir,
      frontendPort: env.CASEFLOW_CLUSTER_TEMPORAL_PORT,
      databases: temporalDatabasesFrom(env),
    });
    const server = startPart('temporal-server', binaries.server, temporalServerArgs(configFile));
    await until(
      () => frontendAnswers(address),
      90_000,
      () => `the Temporal server did not answer on ${address}:\n${server.lastWords()}`,
    );
    say(`Temporal server v${temporalServerVersion} on ${address}`);
    await setupNamespace({ ...env, TEMPORAL_ADDRESS: address }, say);

    // The Temporal UI decodes payloads through the first API's codec endpoint when they are encrypted.
    const uiPort = env.CASEFLOW_CLUSTER_TEMPORAL_PORT + 1000;
    const uiOrigin = `http://127.0.0.1:${uiPort}`;
    const codecEndpoint = env.CASEFLOW_CODEC_KEY
      ? codecEndpointOf(`http://127.0.0.1:${env.PORT}`)
      : undefined;
    startPart(
      'temporal-ui',
      binaries.ui,
      temporalUiArgs({
        dir: join(dir, 'ui'),
        port: uiPort,
        temporalAddress: address,
        namespace: env.TEMPORAL_NAMESPACE,
        ...(codecEndpoint ? { codecEndpoint } : {}),
      }),
    );

    // Migrate once here, so workers and APIs starting together find nothing to do.
    const pool = createPool(databaseUrl, { max: 1 });
    const applied = await migrate(pool).finally(() => pool.end());
    if (applied.length) say(`migrations applied: ${applied.join(', ')}`);

    const apiPorts = Array.from({ length: env.CASEFLOW_APIS }, (_, i) => env.PORT + i);
    const shared: NodeJS.ProcessEnv = {
      TEMPORAL_ADDRESS: address,
      DATABASE_URL: databaseUrl,
      // Every process signs survey links with one public address, whichever API a customer reaches.
      CASEFLOW_PUBLIC_URL: env.CASEFLOW_PUBLIC_URL ?? `http://localhost:${env.PORT}`,
      // The UI's calls to /codec come from its own origin (CORS).
      CASEFLOW_UI_ORIGIN: env.CASEFLOW_UI_ORIGIN ?? uiOrigin,
    };
    const node = process.execPath;
    const workers = Array.from({ length: env.CASEFLOW_WORKERS }, (_, i) =>
      startPart(`worker ${i + 1}`, node, [join(projectRoot, 'dist', 'worker', 'main.js')], shared),
    );
    for (const [i, port] of apiPorts.entries()) {
      startPart(`api ${i + 1}`, node, [join(projectRoot, 'dist', 'api', 'main.js')], {
        ...shared,
        PORT: String(port),
        // One machine: the APIs listen on loopback unless told otherwise (and so may use the dev tokens).
        CASEFLOW_API_HOST: process.env.CASEFLOW_API_HOST || '127.0.0.1',
      });
    }
    await until(
      () => apisReady(apiPorts),
      120_000,
      () => `the APIs did not become ready on ports ${apiPorts.join(', ')}`,
    );
    await until(
      () => workersPolling(address, env, workers),
      120_000,
      () => 'the workers did not start polling their task queue',
    );
    for (const port of apiPorts) say(`API http://127.0.0.1:${port}`);
    say(`Temporal UI ${uiOrigin}${codecEndpoint ? ` (payloads decoded by ${codecEndpoint})` : ''}`);
    say(`logs in ${logs}`);
    say('ready');
  } catch (err) {
    if (stopping) return;
    const message = err instanceof GoBinaryMissing || err instanceof Error ? err.message : String(err);
    console.error(`caseflow: cannot start the cluster: ${message}`);
    await stopAll(1);
  }
}

async function checkPostgres(url: string): Promise<void> {
  const pool = createPool(url, { max: 1 });
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    const where = new URL(url);
    throw new Error(
      `DATABASE_URL: cannot reach PostgreSQL at ${where.hostname}:${where.port || 5432}${where.pathname} ` +
        `(${err instanceof Error ? err.message : String(err)})`,
      { cause: err },
    );
  } finally {
    await pool.end();
  }
}

async function until(check: () => Promise<boolean>, timeoutMs: number, why: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(why());
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function apisReady(ports: number[]): Promise<boolean> {
  const answers = await Promise.all(
    ports.map((port) =>
      fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(2_000) })
        .then((res) => res.ok)
        .catch(() => false),
    ),
  );
  return answers.every(Boolean);
}

/** Every worker process polls the case task queue (SDK identities are `<pid>@<host>`). */
async function workersPolling(address: string, env: Env, workers: Part[]): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address });
    const described = await connection.workflowService.describeTaskQueue({
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: { name: env.CASEFLOW_TASK_QUEUE },
      taskQueueType: 1, // workflow tasks
    });
    const identities = (described.pollers ?? []).map((p) => p.identity ?? '');
    return workers.every((w) => identities.some((id) => id.startsWith(`${w.pid}@`)));
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

void main();
