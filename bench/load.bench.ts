/**
 * B1 and B2: cases opened per second and tasks completed per second through the API, with the p50 and p99
 * of those calls, next to the bare workflow (bare.workflow.ts) driven the same way in the same run.
 *
 * The load: `cases` cases (120), `concurrency` (8) calls in flight. Opening is POST /cases, which answers once
 * the case is projected; the bare side is POST /bare, which answers once its first row is written.
 * Completing is POST /tasks/{id}/complete of each case's triage task with `resolved`; the bare side is the
 * Update that writes the second row. The bare side runs first (open, then finish), then caseflow's (open,
 * then complete), after a warm-up of `concurrency` of each: not interleaved, because an opened case leaves
 * work behind (its projection, the customer workflow) that would otherwise slow the bare batch after it.
 */
import { expectJson } from './http';
import { completeTask, consulting, openCase, taskAt } from './cases';
import type { ReportRow } from './report';
import { inLanes, timedBatch, type Throughput } from './stats';
import type { BenchSystem } from './system';

export interface LoadDetails {
  cases: number;
  concurrency: number;
  caseflow: { open: Throughput; complete: Throughput };
  bare: { open: Throughput; complete: Throughput };
}

async function bareOpen(system: BenchSystem): Promise<string> {
  return ((await expectJson(201, 'POST', `${system.bareUrl}/bare`)).body as { id: string }).id;
}
async function bareFinish(system: BenchSystem, id: string): Promise<void> {
  await expectJson(200, 'POST', `${system.bareUrl}/bare/${id}/finish`);
}

/** Opens `count` cases (and bare workflows), then completes their triage tasks; all timed. */
export async function runLoadBench(
  system: BenchSystem,
  options: { cases: number; concurrency: number },
): Promise<{ rows: ReportRow[]; details: LoadDetails }> {
  const { cases, concurrency } = options;
  const triageOf = async (caseId: string): Promise<string> => {
    // The first task of a consulting case is its triage task (ids are <caseId>-t<n>); asked before the
    // timed batch, so the completions time the completion alone.
    const task = await taskAt(system, caseId, 'triage');
    return task.id;
  };

  system.say(`B1/B2 warm-up: ${concurrency} cases and ${concurrency} bare workflows…`);
  const warm = Array.from({ length: concurrency }, (_, i) => i);
  await inLanes(warm, concurrency, async () => bareFinish(system, await bareOpen(system)));
  await inLanes(warm, concurrency, async () => {
    const { id } = await openCase(system, consulting);
    await completeTask(system, 'dev-frontline', await triageOf(id), 'resolved', { resolution: 'explained' });
  });

  system.say(`B1/B2: ${cases} cases, ${concurrency} at a time: bare open…`);
  const bareOpened = await timedBatch(cases, concurrency, () => bareOpen(system));
  system.say(`B1/B2: bare finish… (bare open ${bareOpened.throughput.perSecond.toFixed(1)}/s)`);
  const bareFinished = await timedBatch(cases, concurrency, (i) =>
    bareFinish(system, bareOpened.results[i]!),
  );
  system.say(`B1/B2: case open… (bare finish ${bareFinished.throughput.perSecond.toFixed(1)}/s)`);
  const opened = await timedBatch(cases, concurrency, () => openCase(system, consulting));
  const triage: string[] = new Array<string>(cases);
  await inLanes(
    opened.results.map((c, i) => ({ c, i })),
    concurrency,
    async ({ c, i }) => (triage[i] = await triageOf(c.id)),
  );
  system.say(`B1/B2: case complete… (case open ${opened.throughput.perSecond.toFixed(1)}/s)`);
  const completed = await timedBatch(cases, concurrency, (i) =>
    completeTask(system, 'dev-frontline', triage[i]!, 'resolved', { resolution: 'explained' }),
  );
  system.say(`B1/B2: done (case complete ${completed.throughput.perSecond.toFixed(1)}/s)`);

  const details: LoadDetails = {
    cases,
    concurrency,
    caseflow: { open: opened.throughput, complete: completed.throughput },
    bare: { open: bareOpened.throughput, complete: bareFinished.throughput },
  };
  const base = 'bare';
  const rows: ReportRow[] = [
    {
      bench: 'B1',
      figure: 'cases opened/s',
      unit: '/s',
      value: opened.throughput.perSecond,
      baseline: bareOpened.throughput.perSecond,
      baselineLabel: base,
      target: { on: 'ratio', op: '>=', bound: 0.8 },
    },
    {
      bench: 'B1',
      figure: 'tasks completed/s',
      unit: '/s',
      value: completed.throughput.perSecond,
      baseline: bareFinished.throughput.perSecond,
      baselineLabel: base,
      target: { on: 'ratio', op: '>=', bound: 0.8 },
    },
    {
      bench: 'B2',
      figure: 'POST /cases p50',
      unit: 'ms',
      value: opened.throughput.p50Ms,
      baseline: bareOpened.throughput.p50Ms,
      baselineLabel: base,
    },
    {
      bench: 'B2',
      figure: 'POST /cases p99',
      unit: 'ms',
      value: opened.throughput.p99Ms,
      baseline: bareOpened.throughput.p99Ms,
      baselineLabel: base,
      target: { on: 'ratio', op: '<=', bound: 1.25 },
    },
    {
      bench: 'B2',
      figure: 'complete p50',
      unit: 'ms',
      value: completed.throughput.p50Ms,
      baseline: bareFinished.throughput.p50Ms,
      baselineLabel: base,
    },
    {
      bench: 'B2',
      figure: 'complete p99',
      unit: 'ms',
      value: completed.throughput.p99Ms,
      baseline: bareFinished.throughput.p99Ms,
      baselineLabel: base,
      target: { on: 'ratio', op: '<=', bound: 1.25 },
    },
  ];
  return { rows, details };
}
