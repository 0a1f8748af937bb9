/**
 * B4: saved histories replayed per second through today's workflow code (Worker.runReplayHistories, as
 * `caseflow replay` and the saved-history tests do) — the histories under test/histories/ (read as data
 * files), next to bare workflow histories from the same run replayed the same way with the bare bundle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { History } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { fetchHistory } from '../audit/history';
import { historyFromJson } from '../audit/history-json';
import { projectRoot } from '../config/paths';
import { bareWorkflowId } from './bare.server';
import { expectJson } from './http';
import type { ReportRow } from './report';
import type { BenchSystem } from './system';

/** Where the saved histories are (data files of the test suite; the bench reads them, never imports). */
export const savedHistoriesDir = join(projectRoot, 'test', 'histories');

export interface ReplayDetails {
  savedHistories: number;
  savedEvents: number;
  rounds: number;
  caseflow: { histories: number; seconds: number; perSecond: number; eventsPerSecond: number };
  bare: { histories: number; seconds: number; perSecond: number; eventsPerSecond: number };
}

interface Named {
  workflowId: string;
  history: History;
}

/** Replays `set` `rounds` times in one replay worker; answers the seconds it took. Throws on a divergence. */
async function replayRounds(bundle: { code: string }, set: Named[], rounds: number): Promise<number> {
  const items = Array.from({ length: rounds }, (_, r) =>
    set.map((h) => ({ workflowId: `${h.workflowId}~${r}`, history: h.history })),
  ).flat();
  const t0 = performance.now();
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle }, items)) {
    if (result.error) throw new Error(`replay of ${result.workflowId} failed: ${String(result.error)}`);
  }
  return (performance.now() - t0) / 1000;
}

/** Saved histories and as many bare ones; each set replayed `rounds` times after one warm-up round. */
export async function runReplayBench(
  system: BenchSystem,
  options: { rounds?: number } = {},
): Promise<{ rows: ReportRow[]; details: ReplayDetails }> {
  const rounds = options.rounds ?? 10;
  const saved: Named[] = readdirSync(savedHistoriesDir)
    .filter((f) => f.endsWith('.history.json'))
    .sort()
    .map((f) => ({
      workflowId: f.replace(/\.history\.json$/, ''),
      history: historyFromJson(JSON.parse(readFileSync(join(savedHistoriesDir, f), 'utf8'))),
    }));
  if (saved.length === 0) throw new Error(`no saved histories in ${savedHistoriesDir}`);

  system.say(`B4: ${saved.length} bare workflows to replay beside the ${saved.length} saved histories…`);
  const bare: Named[] = [];
  for (let i = 0; i < saved.length; i++) {
    const id = ((await expectJson(201, 'POST', `${system.bareUrl}/bare`)).body as { id: string }).id;
    await expectJson(200, 'POST', `${system.bareUrl}/bare/${id}/finish`);
    await system.client.workflow.getHandle(bareWorkflowId(id)).result();
    bare.push({
      workflowId: bareWorkflowId(id),
      history: await fetchHistory(system.client, bareWorkflowId(id)),
    });
  }

  const events = (set: Named[]) => set.reduce((n, h) => n + (h.history.events?.length ?? 0), 0);
  system.say(`B4: replaying, ${rounds} rounds each…`);
  await replayRounds(system.caseBundle, saved, 1);
  await replayRounds(system.bareBundle, bare, 1);
  const caseSeconds = await replayRounds(system.caseBundle, saved, rounds);
  const bareSeconds = await replayRounds(system.bareBundle, bare, rounds);
  const figures = (set: Named[], seconds: number) => ({
    histories: set.length * rounds,
    seconds,
    perSecond: (set.length * rounds) / seconds,
    eventsPerSecond: (events(set) * rounds) / seconds,
  });
  const details: ReplayDetails = {
    savedHistories: saved.length,
    savedEvents: events(saved),
    rounds,
    caseflow: figures(saved, caseSeconds),
    bare: figures(bare, bareSeconds),
  };
  const rows: ReportRow[] = [
    {
      bench: 'B4',
      figure: `saved histories replayed/s (${saved.length}, avg ${Math.round(events(saved) / saved.length)} events)`,
      unit: '/s',
      value: details.caseflow.perSecond,
      baseline: details.bare.perSecond,
      baselineLabel: 'bare',
      target: { on: 'value', op: '>=', bound: 200 },
    },
  ];
  return { rows, details };
}
