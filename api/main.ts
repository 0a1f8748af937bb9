/**
 * `npm run api`: one API process against a running Temporal and PostgreSQL (TEMPORAL_ADDRESS and
 * DATABASE_URL). On SIGTERM (or SIGINT) it stops accepting, finishes the requests in flight, closes its
 * connections, and only then lets go of Temporal and PostgreSQL, which those requests still use.
 */
// First: tracing's instrumentations must be in place before express and pg load.
import { tracing } from './start-tracing';
import { oldCodecKeys, payloadCodecFrom } from '../codec/settings';
import { loadEnvOrExit, requireConnectionSettings } from '../config/env';
import { createLogger } from '../config/logger';
import { devAuthFile } from '../config/paths';
import { describeTemporalConnection, temporalConnectOptions } from '../config/temporal-connection';
import { ensureMigrated } from '../db/migrate';
import { createPool } from '../db/pool';
import { publishDefinitionFiles } from '../db/publish-definitions';
import { loadAuthFile } from './auth';
import { guardDevelopmentTokens } from './dev-tokens';
import { connectClient, startApi } from './server';

async function main(): Promise<void> {
  const env = requireConnectionSettings(loadEnvOrExit(), 'npm run api');
  const log = createLogger(env.LOG_LEVEL, 'caseflow-api');
  const auth = loadAuthFile(env.CASEFLOW_AUTH_FILE ?? devAuthFile, env.NODE_ENV);
  const devWarning = guardDevelopmentTokens(auth, {
    host: env.CASEFLOW_API_HOST,
    port: env.PORT,
    dev: env.CASEFLOW_DEV,
  });
  if (devWarning) log.warn(devWarning);
  const codec = payloadCodecFrom(env, (line) => log.warn(line));
  const pool = createPool(env.DATABASE_URL);
  await ensureMigrated(pool);
  await publishDefinitionFiles(pool, (line) => log.info(line));
  const temporal = {
    ...temporalConnectOptions(env),
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.CASEFLOW_TASK_QUEUE,
  };
  const client = await connectClient(temporal, codec, tracing?.clientInterceptors());
  const api = await startApi({
    client,
    pool,
    auth,
    codecKey: env.CASEFLOW_CODEC_KEY,
    oldCodecKeys: oldCodecKeys(env),
    nodeEnv: env.NODE_ENV,
    taskQueue: temporal.taskQueue,
    port: env.PORT,
    host: env.CASEFLOW_API_HOST,
    rateLimit: env.CASEFLOW_RATE_LIMIT ? { perMinute: env.CASEFLOW_RATE_LIMIT } : false,
    uiOrigins: env.CASEFLOW_UI_ORIGIN ? [env.CASEFLOW_UI_ORIGIN] : [],
    log,
  });
  log.info(
    {
      url: api.url,
      temporal: describeTemporalConnection(temporal),
      tracing: tracing ? `${tracing.settings.serviceName} to ${tracing.settings.endpoint}` : 'off',
    },
    'api listening',
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'api stopping: finishing requests in flight');
    await api.close();
    await client.connection.close();
    await pool.end();
    // Last: the spans of the requests that just finished are exported before the process exits.
    await tracing?.shutdown();
    log.info('api stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(`caseflow api: cannot start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
