/**
 * A whole caseflow for one integration test file: its own PostgreSQL schema (migrated), the shipped
 * templates published, a worker on its own task queue, and the API on a free loopback port — all real,
 * against the run's Temporal dev server (test/setup/global-setup.ts).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import pino, { type Logger } from 'pino';
import { loadAuthFile } from '../../api/auth';
import type { RateLimitSettings } from '../../api/rate-limit';
import { AesGcmCodec, parseCodecKey } from '../../codec/aes-gcm';
import type { Notifier, OutboxRetry } from '../../activities/notifications';
import { migrate } from '../../db/migrate';
import { createPool, quoteIdent } from '../../db/pool';
import { publishDefinitionFiles, templateFiles } from '../../db/publish-definitions';
import { devAuthFile } from '../../config/paths';
import { connectClient, startApi, type ApiServer } from '../../api/server';
import { startWorker, type WorkerRuntime } from '../../worker/start-worker';
import { checkContractAfterAll, recordResponse } from './contract';
import { quietRuntime } from './temporal-server';

// Every integration test file that talks to the API is also a contract test (test/support/contract.ts).
checkContractAfterAll();

export interface TestSystem {
  url: string;
  pool: Pool;
  client: Client;
  schema: string;
  taskQueue: string;
  worker: WorkerRuntime;
  api: ApiServer;
  /** The payload codec the worker and the API client share (a fresh key per test file; unused with `payloadCodec: false`). */
  codec: AesGcmCodec;
  /** Its key (CASEFLOW_CODEC_KEY of this system: it also signs the survey links and wraps customers' data keys). */
  codecKey: string;
  /** The Temporal frontend, to connect a client without the codec (raw history). */
  temporalAddress: string;
  /** Stops the worker only (to test what survives a worker restart). */
  restartWorker(): Promise<void>;
  stop(): Promise<void>;
}

/** What a test file may change in its system; the rest is as production runs it. */
export interface TestSystemOptions {
  /** The template files to publish (default: the shipped templates but customer-issue v2, testTemplateFiles). */
  files?: string[];
  notifier?: Notifier;
  /** Waits between outbox write attempts while PostgreSQL refuses (default 1 s doubling to 60 s). */
  outboxRetry?: OutboxRetry;
  rateLimit?: RateLimitSettings | false;
  /** Origins of a Temporal UI allowed to call the codec endpoints (CORS). */
  uiOrigins?: string[];
  /** The API's and the worker's logger (default: silent), for a test that reads what they log. */
  log?: Logger;
  /**
   * false: no CASEFLOW_CODEC_KEY, as in development — payloads unencrypted, survey keys and customers' data
   * keys kept in PostgreSQL as they are. `codec` and `codecKey` are then unused.
   */
  payloadCodec?: false;
}

/**
 * The prelude of an integration test file: starts its system before its tests (beforeAll) and stops it
 * after them (afterAll). Returns the system, readable once the tests run (`system.url`, `system.pool`…);
 * reading it earlier (at module load) fails with a message. Options that need work done first (a template
 * file written, a local server's port) come from a function run in the same beforeAll. Hooks a file
 * declares after this call run after the system has started, and (jest runs afterAll hooks in the order
 * they were declared) its afterAll hooks after the system has stopped.
 */
export function useTestSystem(
  options: TestSystemOptions | (() => TestSystemOptions | Promise<TestSystemOptions>) = {},
): TestSystem {
  let current: TestSystem | undefined;
  beforeAll(async () => {
    current = await startTestSystem(typeof options === 'function' ? await options() : options);
  });
  afterAll(async () => {
    await current?.stop();
    current = undefined;
  });
  // A view of the started system: restartWorker() replaces its worker, which reads through this view too.
  return new Proxy({} as TestSystem, {
    get(_, key) {
      if (!current)
        throw new Error(`the test system is not running (read of ${String(key)} outside the tests)`);
      return Reflect.get(current, key) as unknown;
    },
    set(_, key, value) {
      if (!current) throw new Error('the test system is not running');
      return Reflect.set(current, key, value);
    },
  });
}

/** Starts a test system: through useTestSystem only, so every file starts and stops it the same way. */
async function startTestSystem(options: TestSystemOptions = {}): Promise<TestSystem> {
  const run = process.env.CASEFLOW_TEST_RUN;
  const address = process.env.CASEFLOW_TEST_TEMPORAL_ADDRESS;
  const bundlePath = process.env.CASEFLOW_TEST_WORKFLOW_BUNDLE;
  const databaseUrl = process.env.DATABASE_URL;
  if (!run || !address || !bundlePath || !databaseUrl)
    throw new Error('integration tests run under jest globalSetup');

  quietRuntime();
  const suffix = randomBytes(4).toString('hex');
  const schema = `${run}_${suffix}`;
  const taskQueue = `caseflow-test-${suffix}`;
  const pool = createPool(databaseUrl, { schema, max: 5 });
  await migrate(pool, schema);
  await publishDefinitionFiles(pool, () => undefined, options.files ?? testTemplateFiles());

  const log = options.log ?? pino({ level: 'silent' });
  const temporal = { address, namespace: 'default', taskQueue };
  const workflowBundle = { code: readFileSync(bundlePath, 'utf8') };
  // Every test runs with payload encryption, as production does (codec/).
  const codecKey = randomBytes(32).toString('hex');
  const codec = new AesGcmCodec([parseCodecKey(codecKey)]);
  const encrypted = options.payloadCodec !== false;
  const workerOptions = {
    temporal,
    pool,
    publicUrl: 'http://localhost:3000',
    log,
    workflowBundle,
    ...(encrypted ? { codecKey, codec } : {}),
    ...(options.notifier ? { notifier: options.notifier } : {}),
    ...(options.outboxRetry ? { outboxRetry: options.outboxRetry } : {}),
  };
  let worker = await startWorker(workerOptions);
  const client = await connectClient(temporal, encrypted ? codec : undefined);
  const auth = loadAuthFile(devAuthFile, 'test');
  // Tests send many requests with one token: no rate limit unless a test asks for one.
  const api = await startApi({
    client,
    pool,
    auth,
    taskQueue,
    port: 0,
    log,
    ...(encrypted ? { codecKey } : {}),
    rateLimit: options.rateLimit ?? false,
    ...(options.uiOrigins ? { uiOrigins: options.uiOrigins } : {}),
  });

  const system: TestSystem = {
    url: api.url,
    pool,
    client,
    schema,
    taskQueue,
    worker,
    api,
    codec,
    codecKey,
    temporalAddress: address,
    async restartWorker() {
      await worker.shutdown();
      worker = await startWorker(workerOptions);
      system.worker = worker;
    },
    async stop() {
      await api.close();
      await worker.shutdown();
      await client.connection.close();
      await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`).catch(() => undefined);
      await pool.end();
    },
  };
  return system;
}

/**
 * A second API beside the system's, for a test that swaps one of its parts (a pool that counts or holds
 * queries, a client without the codec or to a hung frontend): the system's client, pool, dev users and
 * task queue unless `overrides` says otherwise, on a free port, silent, without a rate limit. The test
 * closes it.
 */
export function startApiBeside(
  system: TestSystem,
  overrides: Partial<Parameters<typeof startApi>[0]> = {},
): Promise<ApiServer> {
  return startApi({
    client: system.client,
    pool: system.pool,
    auth: loadAuthFile(devAuthFile, 'test'),
    taskQueue: system.taskQueue,
    port: 0,
    log: pino({ level: 'silent' }),
    rateLimit: false,
    ...overrides,
  });
}

/** A small HTTP client for the API under test, with a dev token. */
export function apiAs(url: string, token: string) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}${path}`, {
      method,
      // What the API answered, a redirect included (`GET /` → /console/), not where it leads.
      redirect: 'manual',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    await recordResponse(url, {
      method,
      path,
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      body: json,
    });
    return { status: res.status, body: json, headers: res.headers };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown, headers?: Record<string, string>) =>
      call('POST', path, body ?? {}, headers),
    raw: call,
  };
}

/** The polling helpers (test/support/eventually.ts), here too for the integration tests that import this file. */
export { eventually, waitFor } from './eventually';

/**
 * The shipped templates a test system publishes by default: all but customer-issue v2, so the suites
 * written against the standard flow keep v1 as their default version (v2 adds learned triage, and with no
 * model it runs as v1 does); the learned-triage tests publish v2 themselves (`files`).
 */
export function testTemplateFiles(): string[] {
  return templateFiles().filter((file) => !/customer-issue[\\/]v2\.ya?ml$/.test(file));
}
