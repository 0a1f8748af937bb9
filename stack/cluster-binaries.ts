/**
 * Every Go program `npm run cluster` runs — the Temporal server, its SQL tool, the UI server — found or
 * built once (setup/go-binaries.ts). Run directly (`node dist/stack/cluster-binaries.js`) it only makes
 * sure they exist: `npm test` does this before the tests, so no test waits on a build of many minutes.
 */
import { GoBinaryMissing } from '../setup/go-binaries';
import { ensureTemporalServer, type TemporalServerBinaries } from '../setup/temporal-server-binaries';
import { ensureTemporalUi } from './temporal-ui';

export interface ClusterBinaries extends TemporalServerBinaries {
  ui: string;
}

export function ensureClusterBinaries(log: (line: string) => void): ClusterBinaries {
  return { ...ensureTemporalServer(log), ui: ensureTemporalUi(log) };
}

if (require.main === module) {
  try {
    const binaries = ensureClusterBinaries(console.log);
    console.log(`caseflow: Temporal server at ${binaries.server}`);
  } catch (err) {
    console.error(err instanceof GoBinaryMissing ? err.message : String(err));
    process.exit(1);
  }
}
