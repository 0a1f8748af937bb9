/**
 * The Temporal UI of `npm run cluster`: Temporal's own UI server (github.com/temporalio/ui-server, the
 * same one the CLI's dev server embeds), built once from its Go module like the server, pointed at the
 * cluster's frontend and — when payloads are encrypted — at caseflow's codec endpoint.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config/paths';
import { cacheDir, goInstall, onPath, type GoBinary } from '../setup/go-binaries';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require(join(projectRoot, 'package.json')) as { config: { temporalUiVersion: string } };

const ui: GoBinary = {
  name: 'temporal-ui-server',
  pkg: 'github.com/temporalio/ui-server/v2/cmd/server',
  version: pkg.config.temporalUiVersion,
  installedAs: 'server',
};

/** The UI server binary, built once when missing (a minute or two: it shares most modules with the CLI). */
export function ensureTemporalUi(log: (line: string) => void): string {
  const dir = cacheDir('temporal-ui', ui.version);
  const found = onPath(ui.name) ?? (existsSync(join(dir, ui.name)) ? join(dir, ui.name) : undefined);
  if (found) return found;
  goInstall([ui], dir, log, `the Temporal UI v${ui.version}`);
  return join(dir, ui.name);
}

/** Writes `<dir>/cluster.yaml` and answers the arguments that start the UI server with it. */
export function temporalUiArgs(options: {
  dir: string;
  port: number;
  temporalAddress: string;
  namespace: string;
  /** caseflow's `/codec` endpoint, when payloads are encrypted. */
  codecEndpoint?: string;
}): string[] {
  mkdirSync(options.dir, { recursive: true });
  const origins = [`http://127.0.0.1:${options.port}`, `http://localhost:${options.port}`];
  const config = {
    temporalGrpcAddress: options.temporalAddress,
    host: '127.0.0.1',
    port: options.port,
    enableUi: true,
    defaultNamespace: options.namespace,
    notifyOnNewVersion: false,
    // Served over plain HTTP on loopback: the CSRF cookie cannot be a Secure one.
    cors: { cookieInsecure: true, allowOrigins: origins },
    codec: { endpoint: options.codecEndpoint ?? '', passAccessToken: false, includeCredentials: false },
    hideLogs: true,
  };
  writeFileSync(join(options.dir, 'cluster.yaml'), JSON.stringify(config, null, 2));
  return ['--root', options.dir, '--config', '.', '--env', 'cluster', 'start'];
}
