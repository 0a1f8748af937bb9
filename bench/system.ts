/**
 * The system every benchmark runs against, assembled as `npm start` assembles it (stack/start.ts): the
 * worker of worker/start-worker.ts and the API of api/server.ts in this process, on the project's Temporal dev
 * server (a fresh one, its state in a folder dropped afterwards) or, with --cluster, on the Temporal of a
 * running `npm run cluster`. Unlike `npm start` it uses the real PostgreSQL (DATABASE_URL, default the
 * local test database) in a fresh schema dropped afterwards, and payload encryption on (a fresh key), so
 * the figures are about a production shape. Next to it, the baseline: the bare workflow (bare.workflow.ts)
 * with its own task queue, worker, table (in a schema of its own) and HTTP server, on the same Temporal and
 * PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import pino from 'pino';
import { loadAuthFile } from '../api/auth';
import { connectClient, startApi } from '../api/server';
import { AesGcmCodec, parseCodecKey } from '../codec/aes-gcm';
import { envSchema } from '../config/env';
import { dataDir, devAuthFile } from '../config/paths';
import { temporalConnectOptions } from '../config/temporal-connection';
import { migrate } from '../db/migrate';
import { createPool, quoteIdent } from '../db/pool';
import { publishDefinitionFiles } from '../db/publish-definitions';
import { startDevServer } from '../stack/dev-server';
import { ensureTemporalCli, findTemporalCli } from '../stack/temporal-cli';
import { startWorker } from '../worker/start-worker';
import { bundleCaseWorkflows } from '../worker/workflow-bundle';
import { bareActivities, createBareTable } from './bare.activities';
import { startBareServer } from './bare.server';
import { inLanes } from './stats';

/** The default PostgreSQL: the local server the integration tests use. */
export const defaultDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchSystem {
  /** 'dev': a Temporal dev server of the bench's own; 'cluster': the Temporal of `npm run cluster`. */
  target: 'dev' | 'cluster';
  /** caseflow's API. */
  url: string;
  /** The bare workflow's HTTP server. */
  bareUrl: string;
  /** A Temporal client with the payload codec (reads histories decoded, as an auditor's export). */
  client: Client;
  /** caseflow's tables (search_path = schema). */
  pool: Pool;
  schema: string;
  bareSchema: string;
  taskQueue: string;
  bareTaskQueue: string;
  /** The case workflows' bundle, built once (the worker runs it, the replay benchmark replays with it). */
  caseBundle: { code: string };
  /** The bare workflow's bundle. */
  bareBundle: { code: string };
  /** The dev server's SQLite file (its size is Temporal's storage); absent on a cluster. */
  temporalDbFile?: string;
  /** The worker's workflow cache: CASEFLOW_WORKFLOW_CACHE_SIZE, as `npm start` reads it. */
  workflowCacheSize: number;
  say(line: string): void;
  stop(): Promise<void>;
}

/** A free loopback port (for the dev server, which needs its ports before it starts). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export async function startBenchSystem(options: {
  cluster: boolean;
  /** false: the codec seals without compressing (bench --no-compression), to compare stored bytes. */
  compression?: boolean;
  say: (line: string) => void;
}): Promise<BenchSystem> {
  const { say } = options;
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err: unknown) => say(`while stopping: ${String(err)}`));
  };
  // The SDK's lines about every worker state change are noise here; errors still show.
  Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
  try {
    const suffix = randomBytes(4).toString('hex');
    const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
    let address: string;
    let temporalDbFile: string | undefined;
    if (options.cluster) {
      if (!process.env.TEMPORAL_ADDRESS || !process.env.DATABASE_URL)
        throw new Error('--cluster needs TEMPORAL_ADDRESS and DATABASE_URL of the running `npm run cluster`');
      address = process.env.TEMPORAL_ADDRESS;
    } else {
      // Never a second build of the CLI: use the binary when it is there (npm run bench's bootstrap built it).
      const binary = findTemporalCli() ?? ensureTemporalCli(say);
      const dir = join(dataDir, 'bench', `temporal-${suffix}`);
      temporalDbFile = join(dir, 'temporal.sqlite');
      const server = await startDevServer({
        binary,
        dataDir: dir,
        namespace,
        port: await freePort(),
        uiPort: await freePort(),
      });
      stops.push(async () => {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      });
      address = server.address;
      say(`Temporal dev server on ${address} (state in ${dir}, removed afterwards)`);
    }
    const connect = options.cluster
      ? temporalConnectOptions({ ...process.env, TEMPORAL_ADDRESS: address })
      : { address };

    const databaseUrl = process.env.DATABASE_URL ?? defaultDatabaseUrl;
    const schema = `caseflow_bench_${suffix}`;
    const bareSchema = `${schema}_bare`;
    // As `npm start` with DATABASE_URL: one pool of 10 for the worker's activities and the API.
    const pool = createPool(databaseUrl, { schema, max: 10 });
    const barePool = createPool(databaseUrl, { max: 10 });
    stops.push(async () => {
      await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
      await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(bareSchema)} CASCADE`);
      await Promise.all([pool.end(), barePool.end()]);
    });
    await migrate(pool, schema);
    await publishDefinitionFiles(pool, () => undefined);
    await createBareTable(barePool, bareSchema);
    say(
      `PostgreSQL ${new URL(databaseUrl).host}${new URL(databaseUrl).pathname}, schemas ${schema}, ${bareSchema}`,
    );

    say('bundling the case workflows and the bare workflow…');
    const caseBundle = await bundleCaseWorkflows();
    const bareBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./bare.workflow'),
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m) => say(m) },
    });

    const codecKey = randomBytes(32).toString('hex');
    const codec = new AesGcmCodec([parseCodecKey(codecKey)], options.compression === false ? false : {});
    const log = pino({ level: 'silent' });
    const taskQueue = `caseflow-bench-${suffix}`;
    const bareTaskQueue = `bare-bench-${suffix}`;
    const temporal = { ...connect, namespace, taskQueue };
    const workflowCacheSize = envSchema.shape.CASEFLOW_WORKFLOW_CACHE_SIZE.parse(
      process.env.CASEFLOW_WORKFLOW_CACHE_SIZE || undefined,
    );
    const worker = await startWorker({
      temporal,
      pool,
      codecKey,
      codec,
      nodeEnv: 'development',
      publicUrl: 'http://localhost:3000',
      workflowBundle: caseBundle,
      maxCachedWorkflows: workflowCacheSize,
      log,
    });
    stops.push(worker.shutdown);

    const bareConnection = await NativeConnection.connect(connect);
    const bareWorker = await Worker.create({
      connection: bareConnection,
      namespace,
      taskQueue: bareTaskQueue,
      workflowBundle: bareBundle,
      activities: bareActivities(barePool, bareSchema),
      dataConverter: { payloadCodecs: [codec] },
    });
    const bareRunning = bareWorker.run().finally(() => bareConnection.close());
    stops.push(async () => {
      if (bareWorker.getState() === 'RUNNING') bareWorker.shutdown();
      await bareRunning;
    });

    const client = await connectClient(temporal, codec);
    stops.push(() => client.connection.close());
    // A cluster outlives the bench: the cases it leaves open (B3's, those waiting for a survey) and their
    // customer workflows must not. Before the client closes, after the API and workers stopped.
    if (options.cluster)
      stops.push(async () => {
        for (const queue of [taskQueue, bareTaskQueue]) await terminateOnQueue(client, queue, say);
      });
    const api = await startApi({
      client,
      pool,
      auth: loadAuthFile(devAuthFile, 'development'),
      taskQueue,
      port: 0,
      codecKey,
      nodeEnv: 'development',
      // The load is one token's: a rate limit would measure itself.
      rateLimit: false,
      log,
    });
    stops.push(api.close);
    const bare = await startBareServer({
      client,
      pool: barePool,
      schema: bareSchema,
      taskQueue: bareTaskQueue,
    });
    stops.push(() => bare.close());

    return {
      target: options.cluster ? 'cluster' : 'dev',
      url: api.url,
      bareUrl: bare.url,
      client,
      pool,
      schema,
      bareSchema,
      taskQueue,
      bareTaskQueue,
      caseBundle,
      bareBundle,
      ...(temporalDbFile ? { temporalDbFile } : {}),
      workflowCacheSize,
      say,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Terminates every running workflow on `queue` (found through Temporal's visibility). */
async function terminateOnQueue(client: Client, queue: string, say: (line: string) => void): Promise<void> {
  const ids: string[] = [];
  for await (const run of client.workflow.list({
    query: `TaskQueue = "${queue}" AND ExecutionStatus = "Running"`,
  }))
    ids.push(run.workflowId);
  if (ids.length) say(`terminating the ${ids.length} workflows the bench left on ${queue}…`);
  await inLanes(ids, 16, (id) =>
    client.workflow
      .getHandle(id)
      .terminate('bench finished')
      .catch(() => undefined),
  );
}

/** Size in bytes of a file (and its SQLite write-ahead log), 0 when absent. */
export function fileBytes(file: string): number {
  const size = (f: string) => statSync(f, { throwIfNoEntry: false })?.size ?? 0;
  return size(file) + size(`${file}-wal`);
}
