/**
 * `npm run worker`: one worker process against a running Temporal and PostgreSQL (TEMPORAL_ADDRESS and
 * DATABASE_URL). Scale out by starting more. SIGINT/SIGTERM drain it gracefully.
 */
// First: tracing's instrumentations must be in place before pg loads.
import { tracing } from './start-tracing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { describeCallAllow } from '../config/call-allow';
import { loadEnvOrExit, requireConnectionSettings, retentionSeconds } from '../config/env';
import { createLogger } from '../config/logger';
import { describeTemporalConnection, temporalConnectOptions } from '../config/temporal-connection';
import { ensureMigrated } from '../db/migrate';
import { createPool } from '../db/pool';
import { oldCodecKeys, payloadCodecFrom } from '../codec/settings';
import { sdkMetricsTelemetry } from './create-worker';
import { startWorker } from './start-worker';
import { prebuiltWorkflowBundle } from './workflow-bundle';

async function main(): Promise<void> {
  const env = requireConnectionSettings(loadEnvOrExit(), 'npm run worker');
  const log = createLogger(env.LOG_LEVEL, 'caseflow-worker');
  const codec = payloadCodecFrom(env, (line) => log.warn(line));
  Runtime.install({
    shutdownSignals: ['SIGINT', 'SIGTERM'],
    logger: new DefaultLogger('WARN'),
    ...sdkMetricsTelemetry(env.CASEFLOW_WORKER_METRICS_ADDRESS),
  });
  const pool = createPool(env.DATABASE_URL);
  await ensureMigrated(pool);
  const temporal = {
    ...temporalConnectOptions(env),
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.CASEFLOW_TASK_QUEUE,
  };
  const runtime = await startWorker({
    temporal,
    pool,
    codecKey: env.CASEFLOW_CODEC_KEY,
    oldCodecKeys: oldCodecKeys(env),
    nodeEnv: env.NODE_ENV,
    ...(codec ? { codec } : {}),
    publicUrl: env.CASEFLOW_PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    callAllow: env.CASEFLOW_CALL_ALLOW,
    workflowBundle: prebuiltWorkflowBundle(env.CASEFLOW_WORKFLOW_BUNDLE),
    maxCachedWorkflows: env.CASEFLOW_WORKFLOW_CACHE_SIZE,
    ...(tracing ? { tracing } : {}),
    retentionSeconds: retentionSeconds(env.CASEFLOW_RETENTION),
    triageTraining: true,
    log,
  });
  log.info(
    {
      taskQueue: env.CASEFLOW_TASK_QUEUE,
      temporal: describeTemporalConnection(temporal),
      workflowBundle: env.CASEFLOW_WORKFLOW_BUNDLE ?? 'bundled at start',
      workflowCache: env.CASEFLOW_WORKFLOW_CACHE_SIZE,
      retention: env.CASEFLOW_RETENTION,
      callSteps: describeCallAllow(env.CASEFLOW_CALL_ALLOW),
      tracing: tracing ? `${tracing.settings.serviceName} to ${tracing.settings.endpoint}` : 'off',
    },
    'worker running',
  );
  if (env.CASEFLOW_CALL_ALLOW.hosts.includes('*'))
    log.warn('CASEFLOW_CALL_ALLOW=*: call steps may reach any host, internal services included');
  await runtime.running;
  await pool.end();
  // Last: the spans of the activities that just drained are exported before the process exits.
  await tracing?.shutdown();
}

main().catch((err: unknown) => {
  console.error(`caseflow worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
