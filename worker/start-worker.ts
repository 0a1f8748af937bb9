/**
 * Starts a worker on the case task queue with caseflow's activities (PostgreSQL, survey keys, notifier, call
 * steps) and the workflow bundle. Used by `npm run worker`, by `npm start` (stack/start.ts, worker and API in
 * one process) and by the integration tests, so all of them assemble the worker the same way.
 */
import { NativeConnection, type Worker, type WorkerOptions } from '@temporalio/worker';
import type { PayloadCodec } from '@temporalio/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { createActivities } from '../activities';
import type { Notifier, OutboxRetry } from '../activities/notifications';
import { surveyKeysFrom } from '../activities/survey-keys';
import type { CallAllowList } from '../config/call-allow';
import { DEFAULT_WORKFLOW_CACHE_SIZE } from '../config/env';
import { connectClient } from '../config/temporal-client';
import { connectionOptionsOf, type TemporalSettings } from '../config/temporal-connection';
import type { TemporalTracing } from '../telemetry/temporal';
import { createCaseWorker } from './create-worker';
import {
  ensureSchedule,
  retentionSchedule,
  RETENTION_SCHEDULE_ID,
  TRIAGE_TRAINING_SCHEDULE_ID,
  triageTrainingSchedule,
} from './schedules';
import { PersonalData } from '../privacy/personal-data';

/** A started worker: stop it with shutdown(), which resolves once it has drained. */
export interface WorkerRuntime {
  worker: Worker;
  /** Resolves when the worker has stopped (after shutdown()). */
  running: Promise<void>;
  shutdown: () => Promise<void>;
}

/** Connects to Temporal and runs a worker with caseflow's activities until shutdown() (or a signal). */
export async function startWorker(options: {
  temporal: TemporalSettings;
  pool: Pool;
  /** Signs survey links (with oldCodecKeys: checks older ones); unset: the key kept in PostgreSQL. */
  codecKey?: string | undefined;
  oldCodecKeys?: readonly string[];
  nodeEnv?: string | undefined;
  /** Encrypts the worker's payloads; must open what the clients seal (codec/). */
  codec?: PayloadCodec;
  publicUrl: string;
  notifier?: Notifier;
  /** Waits between outbox write attempts while PostgreSQL refuses (activities/notifications.ts). */
  outboxRetry?: OutboxRetry;
  /** CASEFLOW_CALL_ALLOW: the hosts `call` steps may reach (default: loopback only). */
  callAllow?: CallAllowList;
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** CASEFLOW_WORKFLOW_CACHE_SIZE: workflows kept in memory between tasks (default: its default). */
  maxCachedWorkflows?: number;
  /** Tracing's Temporal interceptors (telemetry/), when tracing is on. */
  tracing?: TemporalTracing;
  /**
   * CASEFLOW_RETENTION in seconds: the daily purge's schedule `caseflow-retention` is created or updated
   * with it (worker/schedules.ts). Absent (tests, benchmarks): no schedule is written.
   */
  retentionSeconds?: number;
  /**
   * Whether to write the daily schedule `caseflow-triage-training` (worker/schedules.ts) that retrains the
   * learned triage model (issue 17). Absent (tests, benchmarks): no schedule is written.
   */
  triageTraining?: boolean;
  log: Logger;
}): Promise<WorkerRuntime> {
  const surveyKeys = surveyKeysFrom(
    { codecKey: options.codecKey, oldCodecKeys: options.oldCodecKeys, NODE_ENV: options.nodeEnv },
    options.pool,
    (line) => options.log.warn(line),
  );
  const tracing = options.tracing?.workerOptions();
  // The workflow interceptors must be inside the bundle, and a prebuilt one is built without them (a worker
  // without tracing must not run them: they call a span sink it does not register).
  const workflowBundle = tracing ? undefined : options.workflowBundle;
  if (tracing && options.workflowBundle)
    options.log.info(
      'tracing on: workflow code bundled at start with the tracing interceptors, not the prebuilt bundle',
    );
  const connection = await NativeConnection.connect(connectionOptionsOf(options.temporal));
  // One client per worker process, for the activities that act on other workflows (a bulk migration's
  // updates to its cases): with the worker's codec, so the cases can read what it sends.
  const client = await connectClient(options.temporal, options.codec, options.tracing?.clientInterceptors());
  const worker = await createCaseWorker({
    connection,
    namespace: options.temporal.namespace,
    taskQueue: options.temporal.taskQueue,
    activities: createActivities({
      pool: options.pool,
      client,
      surveyKeys,
      publicUrl: options.publicUrl,
      personalData: new PersonalData(options.pool, {
        codecKey: options.codecKey,
        oldCodecKeys: options.oldCodecKeys,
      }),
      ...(options.notifier ? { notifier: options.notifier } : {}),
      ...(options.callAllow ? { calls: { allow: options.callAllow } } : {}),
      ...(options.outboxRetry ? { outboxRetry: options.outboxRetry } : {}),
    }),
    ...(workflowBundle ? { workflowBundle } : {}),
    ...(options.codec ? { payloadCodecs: [options.codec] } : {}),
    maxCachedWorkflows: options.maxCachedWorkflows ?? DEFAULT_WORKFLOW_CACHE_SIZE,
    ...(tracing ? { tracing } : {}),
  });
  if (options.retentionSeconds !== undefined) {
    const schedule = retentionSchedule(options.retentionSeconds, options.temporal.taskQueue);
    // The worker runs without it: a Temporal that refuses schedules must not stop the cases. It says so
    // loudly, since closed cases then keep their personal data past the retention.
    await ensureSchedule(client, schedule).then(
      (write) =>
        options.log.info(
          { schedule: RETENTION_SCHEDULE_ID, retentionSeconds: options.retentionSeconds },
          `retention purge schedule ${write}`,
        ),
      (err: unknown) =>
        options.log.error(
          { schedule: RETENTION_SCHEDULE_ID, err },
          'retention purge schedule not written: closed cases are not purged',
        ),
    );
  }
  if (options.triageTraining === true) {
    // As with the purge: a Temporal that refuses schedules must not stop the cases; the model in use then
    // stays the last one trained (POST /triage/model trains by hand).
    await ensureSchedule(client, triageTrainingSchedule(options.temporal.taskQueue)).then(
      (write) =>
        options.log.info({ schedule: TRIAGE_TRAINING_SCHEDULE_ID }, `triage training schedule ${write}`),
      (err: unknown) =>
        options.log.error(
          { schedule: TRIAGE_TRAINING_SCHEDULE_ID, err },
          'triage training schedule not written: the triage model is not retrained daily',
        ),
    );
  }
  const running = worker.run().finally(async () => {
    await client.connection.close();
    await connection.close();
  });
  return {
    worker,
    running,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}
