/**
 * The bare workflow: the least a case could cost on the same Temporal server and PostgreSQL, the baseline
 * every load and history figure of `npm run bench` stands next to. It starts, writes one row from an
 * activity (as a case writes its projection), then waits for an Update that writes a second row (as a task
 * completion does) and ends. Nothing else: no plan, no clocks, no view, no customer workflow.
 */
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { BareActivities } from './bare.activities';

/** The Update that finishes a bare workflow: it writes the second row, then answers. */
export const finishBareUpdate = defineUpdate<string, [string]>('finishBare');

const { writeBareRow } = proxyActivities<BareActivities>({ startToCloseTimeout: '1 minute' });

/** Opens (first row), waits for finishBare (second row), ends. */
export async function bareWorkflow(id: string): Promise<string> {
  let finished = false;
  // The handler is there from the first workflow task, so an Update never waits for it to be registered.
  setHandler(finishBareUpdate, async (outcome) => {
    await writeBareRow(id, outcome);
    finished = true;
    return outcome;
  });
  await writeBareRow(id, 'opened');
  await condition(() => finished);
  return id;
}
