/**
 * Saved case histories replayed against today's workflow code, without a server (Worker.runReplayHistory
 * runs the workflow in replay mode locally). A change that would make running cases take other decisions
 * fails here; it must go behind patched() (SPEC §7). Refresh a history only for a deliberate, patched change:
 * `SAVE_HISTORY=1 npx jest --selectProjects temporal replay.temporal` records it again from
 * temporal/replay.temporal.ts (jest project `temporal`, which `npm test` runs with the others).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';

jest.setTimeout(60_000);

const silent = {
  log: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  trace: () => undefined,
};

it.each(['case-every-step.history.bin'])('replays %s deterministically', async (file) => {
  const history = temporal.api.history.v1.History.decode(readFileSync(join(__dirname, 'histories', file)));
  await expect(
    Worker.runReplayHistory(
      { workflowsPath: require.resolve('../../../workflows'), bundlerOptions: { logger: silent } } as never,
      history,
      file,
    ),
  ).resolves.toBeUndefined();
});
