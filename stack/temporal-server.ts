/**
 * The real Temporal server of `npm run cluster`: one `temporal-server` process running all four services
 * (frontend, history, matching, worker) on loopback, persistence and visibility on PostgreSQL. Its
 * configuration is written from caseflow's settings at every start, so there is nothing to keep in sync.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import type { PostgresTarget, TemporalDatabases } from '../setup/temporal-databases';

/** Ports relative to the frontend's: each service has a gRPC port and a membership (ringpop) port. */
export function temporalServerPorts(frontend: number) {
  return {
    frontend: { grpcPort: frontend, membershipPort: frontend + 20, httpPort: frontend + 10 },
    history: { grpcPort: frontend + 1, membershipPort: frontend + 21 },
    matching: { grpcPort: frontend + 2, membershipPort: frontend + 22 },
    worker: { grpcPort: frontend + 6, membershipPort: frontend + 26 },
    metrics: frontend + 30,
  };
}

function datastore(target: PostgresTarget, maxConns: number) {
  return {
    sql: {
      pluginName: 'postgres12',
      databaseName: target.database,
      connectAddr: `${target.host}:${target.port}`,
      connectProtocol: 'tcp',
      user: target.user,
      password: target.password ?? '',
      connectAttributes: target.connectAttributes,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  };
}

/**
 * Writes the server's config (JSON is valid YAML) and its dynamic config; returns the config file's path.
 * Values follow Temporal's development-postgres12.yaml, with what a single-machine production needs.
 */
export function writeTemporalServerConfig(options: {
  dir: string;
  frontendPort: number;
  databases: TemporalDatabases;
}): string {
  const ports = temporalServerPorts(options.frontendPort);
  mkdirSync(options.dir, { recursive: true });
  const dynamicConfig = join(options.dir, 'dynamicconfig.yaml');
  // Search attributes registered by the set-up are read at once, not after the cache's refresh interval.
  writeFileSync(
    dynamicConfig,
    ['system.forceSearchAttributesCacheRefreshOnRead:', '  - value: true', '    constraints: {}', ''].join(
      '\n',
    ),
  );
  const service = (rpc: object) => ({ rpc: { ...rpc, bindOnLocalHost: true } });
  const config = {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'caseflow-default',
      visibilityStore: 'caseflow-visibility',
      // Fixed for the life of the cluster: Temporal cannot change it once histories exist.
      numHistoryShards: 4,
      datastores: {
        // Per service, and four services run: at most 4 × (8 + 3) connections, which leaves room for the
        // workers' and APIs' pools under PostgreSQL's default max_connections of 100.
        'caseflow-default': datastore(options.databases.persistence, 8),
        'caseflow-visibility': datastore(options.databases.visibility, 3),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      pprof: { port: 0 },
      metrics: {
        prometheus: {
          framework: 'tally',
          timerType: 'histogram',
          listenAddress: `127.0.0.1:${ports.metrics}`,
        },
      },
    },
    services: {
      frontend: service(ports.frontend),
      history: service(ports.history),
      matching: service(ports.matching),
      worker: service(ports.worker),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${ports.frontend.grpcPort}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    dynamicConfigClient: { filepath: dynamicConfig, pollInterval: '10s' },
  };
  const file = join(options.dir, 'temporal-server.yaml');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** The arguments that start it; `--allow-no-auth` because the frontend listens on loopback only. */
export function temporalServerArgs(configFile: string): string[] {
  return ['--config-file', configFile, '--allow-no-auth', 'start'];
}

/** Resolves once the frontend answers a health check. */
export async function frontendAnswers(address: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1_000 });
    const health = await connection.healthService.check({});
    return Number(health.status) === 1; // SERVING
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}
