/**
 * `npm start`: the whole system in one process on a fresh machine — the Temporal dev server (unless
 * TEMPORAL_ADDRESS is set), PostgreSQL (DATABASE_URL, or embedded PGlite under .data/), migrations, the
 * shipped templates, the worker and the API. Ctrl-C stops everything cleanly.
 */
// First: tracing's instrumentations must be in place before express and pg load.
import { tracing } from './start-tracing';
import { join } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadAuthFile } from '../api/auth';
import { codecEndpointOf } from '../api/routes/codec';
import { connectClient, startApi } from '../api/server';
import { loadEnvOrExit, retentionSeconds } from '../config/env';
import { createLogger } from '../config/logger';
import { temporalConnectOptions } from '../config/temporal-connection';
import { dataDir as defaultDataDir, devAuthFile } from '../config/paths';
import { migrate } from '../db/migrate';
import { createPool } from '../db/pool';
import { publishDefinitionFiles } from '../db/publish-definitions';
import { startDevServer, type DevServer } from './dev-server';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { startWorker } from '../worker/start-worker';
import { prebuiltWorkflowBundle } from '../worker/workflow-bundle';
import { ensureTemporalCli } from './temporal-cli';
import { oldCodecKeys, payloadCodecFrom } from '../codec/settings';
import { sdkMetricsTelemetry } from '../worker/create-worker';

const devTokens = [
  'admin',
  'intake',
  'designer',
  'auditor',
  'manager',
  'frontline',
  'frontline-lead',
  'technical',
  'billing',
  'after-sales',
  'management',
  'quality',
];

async function main(): Promise<void> {
  const env = loadEnvOrExit();
  const log = createLogger(env.LOG_LEVEL);
  const say = (line: string) => console.log(`caseflow: ${line}`);
  const stops: Array<() => Promise<void>> = [];
  // Stopped last (stops run in reverse): the spans of the final requests and activities are exported.
  if (tracing) stops.push(tracing.shutdown);
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((err: unknown) => log.error({ err }, 'error while stopping'));
  };
  // caseflow decides the shutdown order itself (API, worker, database, Temporal), not the SDK's signal hooks.
  Runtime.install({
    shutdownSignals: [],
    logger: new DefaultLogger('WARN'),
    ...sdkMetricsTelemetry(env.CASEFLOW_WORKER_METRICS_ADDRESS),
  });

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      say('stopping…');
      void stopAll().then(() => {
        say('stopped');
        process.exit(0);
      });
    });
  }

  try {
    const dataDir = env.CASEFLOW_DATA_DIR ?? defaultDataDir;
    const auth = loadAuthFile(env.CASEFLOW_AUTH_FILE ?? devAuthFile, env.NODE_ENV);
    const codec = payloadCodecFrom(env, say);

    let address = env.TEMPORAL_ADDRESS;
    let uiUrl = 'your Temporal UI';
    let uiOrigins = env.CASEFLOW_UI_ORIGIN ? [env.CASEFLOW_UI_ORIGIN] : [];
    // With encryption on, the dev UI decodes through the API (the API listens on 127.0.0.1:PORT; a port
    // picked at random, PORT=0, is not known in time to tell the UI).
    const uiCodecEndpoint = codec && env.PORT ? codecEndpointOf(`http://127.0.0.1:${env.PORT}`) : undefined;
    if (!address) {
      const binary = ensureTemporalCli(say);
      say(`starting the Temporal dev server (state in ${dataDir}/temporal.sqlite)…`);
      const server: DevServer = await startDevServer({
        binary,
        dataDir,
        namespace: env.TEMPORAL_NAMESPACE,
        port: env.CASEFLOW_DEV_TEMPORAL_PORT,
        ...(uiCodecEndpoint ? { uiCodecEndpoint } : {}),
      });
      stops.push(server.stop);
      address = server.address;
      uiUrl = server.uiUrl;
      if (uiCodecEndpoint && !env.CASEFLOW_UI_ORIGIN) uiOrigins = server.uiOrigins;
    }

    let databaseUrl = env.DATABASE_URL;
    if (!databaseUrl) {
      say(`starting the embedded PostgreSQL (PGlite, state in ${dataDir}/pglite)…`);
      const pg: EmbeddedPostgres = await startEmbeddedPostgres(join(dataDir, 'pglite'));
      stops.push(pg.stop);
      databaseUrl = pg.url;
    }
    const pool = createPool(databaseUrl, { max: env.DATABASE_URL ? 10 : 1 });
    stops.push(() => pool.end());
    await migrate(pool);
    await publishDefinitionFiles(pool, say);

    const temporal = {
      // TLS and API key settings are for a Temporal of your own; the dev server started here speaks plaintext.
      ...(env.TEMPORAL_ADDRESS
        ? temporalConnectOptions({ ...env, TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS })
        : { address }),
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.CASEFLOW_TASK_QUEUE,
    };
    const publicUrl = env.CASEFLOW_PUBLIC_URL ?? `http://localhost:${env.PORT}`;
    const worker = await startWorker({
      temporal,
      pool,
      codecKey: env.CASEFLOW_CODEC_KEY,
      oldCodecKeys: oldCodecKeys(env),
      nodeEnv: env.NODE_ENV,
      ...(codec ? { codec } : {}),
      publicUrl,
      callAllow: env.CASEFLOW_CALL_ALLOW,
      workflowBundle: prebuiltWorkflowBundle(env.CASEFLOW_WORKFLOW_BUNDLE),
      maxCachedWorkflows: env.CASEFLOW_WORKFLOW_CACHE_SIZE,
      ...(tracing ? { tracing } : {}),
      retentionSeconds: retentionSeconds(env.CASEFLOW_RETENTION),
      triageTraining: true,
      log,
    });
    stops.push(worker.shutdown);
    const client = await connectClient(temporal, codec, tracing?.clientInterceptors());
    stops.push(() => client.connection.close());
    const api = await startApi({
      client,
      pool,
      auth,
      taskQueue: temporal.taskQueue,
      port: env.PORT,
      codecKey: env.CASEFLOW_CODEC_KEY,
      oldCodecKeys: oldCodecKeys(env),
      nodeEnv: env.NODE_ENV,
      rateLimit: env.CASEFLOW_RATE_LIMIT ? { perMinute: env.CASEFLOW_RATE_LIMIT } : false,
      uiOrigins,
      log,
    });
    stops.push(api.close);

    say(`API         ${api.url}  (health: ${api.url}/health)`);
    say(`console     ${api.url}/console/  (sign in with a token; API docs: ${api.url}/docs)`);
    say(`Temporal UI ${uiUrl}  (namespace ${temporal.namespace}, frontend ${address})`);
    if (uiCodecEndpoint) {
      say(`codec       ${uiCodecEndpoint}/{encode,decode}  (auditor or admin token; docs/api.md)`);
      if (uiOrigins.length) say(`            browser calls allowed from ${uiOrigins.join(', ')}`);
    }
    if (auth.development) {
      say('dev tokens (config/dev-auth.yaml; Authorization: Bearer <token>):');
      for (const name of devTokens) say(`  dev-${name}`);
    }
    say('ready. Ctrl-C stops everything.');
  } catch (err) {
    // One line saying what is wrong (a setting, a port, a missing tool), never a stack trace.
    console.error(`caseflow: cannot start: ${err instanceof Error ? err.message : String(err)}`);
    await stopAll();
    process.exit(1);
  }
}

void main();
