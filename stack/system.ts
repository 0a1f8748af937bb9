/**
 * Builds caseflow's running parts from settings: the Temporal client, the worker, the API server. Used by
 * `npm start` (everything in one process), `npm run worker`, `npm run api`, and the integration tests, so
 * all four assemble the system the same way.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { NativeConnection, type Worker, type WorkerOptions } from '@temporalio/worker';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { createActivities } from '../activities';
import type { Notifier, OutboxRetry } from '../activities/notifications';
import { surveyKeysFrom } from '../activities/survey-keys';
import { createApp } from '../api/app';
import type { AuthDirectory } from '../api/auth';
import { gracefulCloser } from '../api/graceful-close';
import type { RateLimitSettings } from '../api/rate-limit';
import type { TemporalDeadlines } from '../api/temporal-deadline';
import type { CallAllowList } from '../config/call-allow';
import type { TemporalConnectOptions } from '../config/temporal-connection';
import { createCaseWorker } from '../worker/create-worker';

/** Where and how to reach Temporal (with TLS and an API key: config/temporal-connection.ts). */
export interface TemporalSettings extends TemporalConnectOptions {
  namespace: string;
  taskQueue: string;
}

/** Only the connection's own options, for `Connection.connect` and `NativeConnection.connect` alike. */
const connectOptions = ({ address, tls, apiKey }: TemporalSettings): TemporalConnectOptions => ({
  address,
  ...(tls ? { tls } : {}),
  ...(apiKey ? { apiKey } : {}),
});

/** A client; with `codec` (codec/), payloads it sends are encrypted and those it reads decrypted. */
export async function connectClient(settings: TemporalSettings, codec?: PayloadCodec): Promise<Client> {
  const connection = await Connection.connect(connectOptions(settings));
  return new Client({
    connection,
    namespace: settings.namespace,
    ...(codec ? { dataConverter: { payloadCodecs: [codec] } } : {}),
  });
}

export interface WorkerRuntime {
  worker: Worker;
  /** Resolves when the worker has stopped (after shutdown()). */
  running: Promise<void>;
  shutdown: () => Promise<void>;
}

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
  log: Logger;
}): Promise<WorkerRuntime> {
  const surveyKeys = surveyKeysFrom(
    { codecKey: options.codecKey, oldCodecKeys: options.oldCodecKeys, NODE_ENV: options.nodeEnv },
    options.pool,
    (line) => options.log.warn(line),
  );
  const connection = await NativeConnection.connect(connectOptions(options.temporal));
  const worker = await createCaseWorker({
    connection,
    namespace: options.temporal.namespace,
    taskQueue: options.temporal.taskQueue,
    activities: createActivities({
      pool: options.pool,
      surveyKeys,
      publicUrl: options.publicUrl,
      ...(options.notifier ? { notifier: options.notifier } : {}),
      ...(options.outboxRetry ? { outboxRetry: options.outboxRetry } : {}),
      ...(options.callAllow ? { calls: { allow: options.callAllow } } : {}),
    }),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : {}),
    ...(options.codec ? { payloadCodecs: [options.codec] } : {}),
  });
  const running = worker.run().finally(() => connection.close());
  return {
    worker,
    running,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}

export interface ApiServer {
  url: string;
  server: Server;
  close: () => Promise<void>;
}

export async function startApi(options: {
  client: Client;
  pool: Pool;
  auth: AuthDirectory;
  taskQueue: string;
  port: number;
  host?: string;
  /** Checks survey links (with oldCodecKeys: older ones too); unset: the key kept in PostgreSQL. */
  codecKey?: string | undefined;
  oldCodecKeys?: readonly string[];
  nodeEnv?: string | undefined;
  /** Per-token rate limit (default 600 a minute); `false` turns it off. */
  rateLimit?: RateLimitSettings | false;
  /** Origins of the Temporal UI allowed to call the codec endpoints from a browser (none: no CORS). */
  uiOrigins?: readonly string[];
  /** Deadlines of the API's Temporal calls (default 10 s for reads, 60 s else; api/temporal-deadline.ts). */
  temporalDeadlines?: TemporalDeadlines;
  log: Logger;
}): Promise<ApiServer> {
  const surveyKeys = surveyKeysFrom(
    { codecKey: options.codecKey, oldCodecKeys: options.oldCodecKeys, NODE_ENV: options.nodeEnv },
    options.pool,
    (line) => options.log.warn(line),
  );
  const app = createApp(
    {
      surveyKeys,
      client: options.client,
      pool: options.pool,
      auth: options.auth,
      taskQueue: options.taskQueue,
      log: options.log,
      defaultTemplate: 'customer-issue',
    },
    {
      ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
      ...(options.uiOrigins ? { uiOrigins: options.uiOrigins } : {}),
      ...(options.temporalDeadlines ? { temporalDeadlines: options.temporalDeadlines } : {}),
    },
  );
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port, options.host ?? '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    server,
    // Stop accepting, let in-flight requests finish, drop idle keep-alive connections (api/graceful-close.ts).
    close: gracefulCloser(server),
  };
}
