/**
 * The API's Temporal client and its HTTP server. Used by `npm run api`, by `npm start` (stack/start.ts,
 * worker and API in one process) and by the integration tests, so all of them serve the API the same way.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { surveyKeysFrom } from '../activities/survey-keys';
import { PersonalData } from '../privacy/personal-data';
import { createApp } from './app';
import type { AuthDirectory } from './auth';
import { gracefulCloser } from './graceful-close';
import type { RateLimitSettings } from './rate-limit';
import type { TemporalDeadlines } from './temporal-deadline';

/** The API's client is connected as every caseflow client is (config/temporal-client.ts). */
export { connectClient } from '../config/temporal-client';

/** A listening API: its URL, the server, and close() (graceful: requests in flight finish). */
export interface ApiServer {
  url: string;
  server: Server;
  close: () => Promise<void>;
}

/** Builds the express app (api/app.ts) and listens (on 127.0.0.1 unless `host` says otherwise). */
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
      personalData: new PersonalData(options.pool, {
        codecKey: options.codecKey,
        oldCodecKeys: options.oldCodecKeys,
      }),
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
