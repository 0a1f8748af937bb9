/**
 * The set-up program of the production shape — one idempotent program for `npm run cluster`, `caseflow
 * setup` and the compose file's one-shot jobs, in two steps because the Temporal server starts between
 * them: `schema` (Temporal's databases, before the server) and `namespace` (namespace, retention, search
 * attributes, against the running server).
 */
import { Connection } from '@temporalio/client';
import { retentionSeconds, type Env } from '../config/env';
import { temporalConnectOptions, type TemporalConnectionSettings } from '../config/temporal-connection';
import { temporalDatabasesFrom } from './temporal-databases';
import { setupTemporalNamespace, type NamespaceReport } from './temporal-namespace';
import { setupTemporalSchema, type SchemaReport } from './temporal-schema';
import { ensureSqlTool } from './temporal-server-binaries';

export type SetupStep = 'schema' | 'namespace';
export const setupSteps: readonly SetupStep[] = ['schema', 'namespace'];

export function setupSchema(
  env: Pick<Env, 'CASEFLOW_TEMPORAL_DATABASE_URL' | 'DATABASE_URL'>,
  log: (line: string) => void,
  sqlTool: () => string = () => ensureSqlTool(log),
): Promise<SchemaReport> {
  return setupTemporalSchema({ databases: temporalDatabasesFrom(env), sqlTool, log });
}

export async function setupNamespace(
  env: Pick<Env, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'CASEFLOW_RETENTION'> &
    Omit<TemporalConnectionSettings, 'TEMPORAL_ADDRESS'>,
  log: (line: string) => void,
): Promise<NamespaceReport> {
  const address = env.TEMPORAL_ADDRESS;
  if (!address) {
    throw new Error('TEMPORAL_ADDRESS: required (host:port of the Temporal frontend to set up)');
  }
  // TLS and API key as every other process connects (config/temporal-connection.ts).
  const options = temporalConnectOptions({ ...env, TEMPORAL_ADDRESS: address });
  const connection = await waitForFrontend(address, () =>
    Connection.connect({ ...options, connectTimeout: 5_000 }),
  );
  try {
    return await setupTemporalNamespace({
      connection,
      namespace: env.TEMPORAL_NAMESPACE,
      retentionSeconds: retentionSeconds(env.CASEFLOW_RETENTION),
      log,
    });
  } finally {
    await connection.close();
  }
}

/** A frontend that is still starting (compose starts the job with the server) gets two minutes. */
async function waitForFrontend(
  address: string,
  connect: () => Promise<Connection>,
  timeoutMs = 120_000,
): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let connection: Connection | undefined;
    try {
      connection = await connect();
      await connection.healthService.check({});
      return connection;
    } catch (err) {
      await connection?.close().catch(() => undefined);
      if (Date.now() > deadline) {
        throw new Error(
          `the Temporal frontend at ${address} did not answer within ${timeoutMs / 1000} s ` +
            `(${err instanceof Error ? err.message : String(err)})`,
          { cause: err },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}
