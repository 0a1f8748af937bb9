/**
 * A bulk migration (issue 15, docs/migration.md "Moving many cases"): every open case of a template version
 * moves to another version, one case after another, each through its own migrateCase update (an activity,
 * activities/migration.ts). It lists the cases once at the start; a case that refuses is recorded with its
 * reason and the next one goes on; only an outage is retried. Paused, it waits before the next case. All
 * its state is in the workflow, so it survives worker restarts; a long list continues as new with the cases
 * still to move and the results so far.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { MigrationActivities } from '../activities/types';
import type { CaseMigration, MigrationRun } from '../contract';
import {
  migrationListedUpdate,
  migrationProgressQuery,
  pauseMigrationUpdate,
  resumeMigrationUpdate,
  type MigrationCarried,
  type MigrationWorkflowArgs,
} from './migration-messages';

const { listOpenCases, migrateOneCase } = proxyActivities<MigrationActivities>({
  startToCloseTimeout: '2m',
  // No attempt limit: what fails here is an outage (a refusal is an answer), and the cases wait for it.
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/**
 * Results a run keeps and answers: the counts stay exact, the list keeps every refusal it can and drops the
 * oldest moves first, so the progress query and the carried state stay small for any number of cases.
 */
export const MIGRATION_RESULTS_KEPT = 1_000;
/** History events after which a run continues as new (well below Temporal's own limits). */
const HISTORY_EVENTS_PER_RUN = 2_000;

/** Adds a result to the kept list, dropping the oldest move (else the oldest result) beyond the bound. */
export function keepResult(kept: CaseMigration[], result: CaseMigration): CaseMigration[] {
  const next = [...kept, result];
  if (next.length <= MIGRATION_RESULTS_KEPT) return next;
  const oldestMove = next.findIndex((r) => r.ok);
  next.splice(oldestMove === -1 ? 0 : oldestMove, 1);
  return next;
}

export async function migrationWorkflow(args: MigrationWorkflowArgs): Promise<MigrationRun> {
  const carried = args.carried;
  const state: MigrationCarried = carried ?? {
    startedAt: new Date().toISOString(),
    remaining: [],
    total: 0,
    moved: 0,
    refused: 0,
    cases: [],
    paused: false,
  };
  let listed = carried !== undefined;
  let completed = false;
  /** A case is being moved: a pause takes effect once it is done, and only then says `paused`. */
  let moving = false;

  const run = (): MigrationRun => ({
    id: args.migrationId,
    template: args.template,
    from: args.from,
    to: args.to,
    status: completed ? 'completed' : state.paused && !moving ? 'paused' : 'running',
    startedBy: args.principal.name,
    startedAt: state.startedAt,
    total: state.total,
    done: state.moved + state.refused,
    moved: state.moved,
    refused: state.refused,
    cases: state.cases,
  });
  setHandler(migrationProgressQuery, run);
  setHandler(pauseMigrationUpdate, () => {
    state.paused = true;
    return run();
  });
  setHandler(resumeMigrationUpdate, () => {
    state.paused = false;
    return run();
  });
  setHandler(migrationListedUpdate, async () => {
    await condition(() => listed);
    return run();
  });

  if (!listed) {
    state.remaining = await listOpenCases({ template: args.template, version: args.from });
    state.total = state.remaining.length;
    listed = true;
  }

  const scope = {
    template: args.template,
    from: args.from,
    to: args.to,
    ...(args.stepMap ? { stepMap: args.stepMap } : {}),
    ...(args.reenter ? { reenter: args.reenter } : {}),
  };
  while (state.remaining.length > 0) {
    await condition(() => !state.paused);
    const caseId = state.remaining[0]!;
    moving = true;
    const result = await migrateOneCase({
      ...scope,
      migrationId: args.migrationId,
      caseId,
      principal: args.principal,
    });
    moving = false;
    state.remaining = state.remaining.slice(1);
    if (result.ok) state.moved += 1;
    else state.refused += 1;
    state.cases = keepResult(state.cases, result);
    const info = workflowInfo();
    if (
      state.remaining.length > 0 &&
      (info.historyLength > (args.historyEventsPerRun ?? HISTORY_EVENTS_PER_RUN) ||
        info.continueAsNewSuggested)
    ) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof migrationWorkflow>({ ...args, carried: state });
    }
  }
  completed = true;
  await condition(allHandlersFinished);
  return run();
}
