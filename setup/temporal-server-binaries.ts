/**
 * The real Temporal server for the production shape (`npm run cluster`) and Temporal's own SQL tool that
 * installs and upgrades its PostgreSQL schemas, both from the `go.temporal.io/server` module at the version
 * pinned in package.json (`config.temporalServerVersion`; v1.32.1 is the newest whose go.mod accepts our Go
 * toolchain and has no `replace`). The SQL tool embeds the schema files of its version.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config/paths';
import { cacheDir, goInstall, onPath, type GoBinary } from './go-binaries';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require(join(projectRoot, 'package.json')) as { config: { temporalServerVersion: string } };

export const temporalServerVersion = pkg.config.temporalServerVersion;
const serverModule = 'go.temporal.io/server';

const server: GoBinary = {
  name: 'temporal-server',
  pkg: `${serverModule}/cmd/server`,
  version: temporalServerVersion,
  installedAs: 'server',
};
const sqlTool: GoBinary = {
  name: 'temporal-sql-tool',
  pkg: `${serverModule}/cmd/tools/sql`,
  version: temporalServerVersion,
  installedAs: 'sql',
};

export const serverCacheDir = () => cacheDir('temporal-server', temporalServerVersion);

export interface TemporalServerBinaries {
  server: string;
  /** Carries the schemas inside (`--schema-name postgresql/v12/temporal`), so no schema files are needed. */
  sqlTool: string;
}

function find(binary: GoBinary): string | undefined {
  const cached = join(serverCacheDir(), binary.name);
  return onPath(binary.name) ?? (existsSync(cached) ? cached : undefined);
}

/** The server and the SQL tool, building them once when missing (many minutes on two cores). */
export function ensureTemporalServer(log: (line: string) => void = console.log): TemporalServerBinaries {
  const missing = [server, sqlTool].filter((b) => !find(b));
  if (missing.length) {
    goInstall(missing, serverCacheDir(), log, `the Temporal server v${temporalServerVersion}`);
  }
  return { server: find(server)!, sqlTool: find(sqlTool)! };
}

/** Only the SQL tool (`caseflow setup schema`); builds it once when missing. */
export function ensureSqlTool(log: (line: string) => void = console.log): string {
  if (!find(sqlTool))
    goInstall([sqlTool], serverCacheDir(), log, `Temporal's SQL tool v${temporalServerVersion}`);
  return find(sqlTool)!;
}
