/**
 * A history of today's code replays through today's code: the case through every step kind
 * (test/histories/step-kinds.ts, driven as the history generator drives it) runs on a local server with the
 * fake activities, and its history, fetched at the end, replays deterministically. The saved histories of
 * earlier runs are replayed by test/unit/audit/saved-histories.test.ts; `npm run histories:generate`
 * records this case there (case-kinds-every-step).
 */
import { Worker } from '@temporalio/worker';
import { caseStateQuery } from '../../../../workflows/messages';
import { runStepKindsCase } from '../../../histories/scenarios';
import { stepKindsPlan } from '../../../histories/step-kinds';
import { recorder } from '../../../support/fake-activities';
import { makeWorker, useLocalTemporal } from './env';

const env = useLocalTemporal();

it('a case through every step kind replays deterministically from its history', async () => {
  const rec = recorder();
  const worker = await makeWorker(env(), 'replay-1', rec);
  const run = await worker.runUntil(() => runStepKindsCase(env().client, 'replay-1', stepKindsPlan(), 'R1'));
  const final = await run.finished();
  expect(final).toMatchObject({ status: 'resolved', vars: { order: { ok: true }, parts: { arrived: 2 } } });
  expect(final.decisions.map((d) => d.what)).toContain('call failed → opinions');
  // Both ends of a call (the second refused), the voice notice and the survey's link.
  expect(rec.calls.map((c) => c.url)).toEqual([
    'https://erp.example/orders/1',
    'https://erp.example/fail/stock',
  ]);
  expect(rec.notifications.map((n) => n.message)).toContain('Your parts have arrived.');
  expect(rec.notifications.some((n) => n.surveyLink !== undefined || n.data?.kind === 'survey')).toBe(true);
  await Worker.runReplayHistory(
    { workflowsPath: require.resolve('../../../../workflows') },
    await run.handle.fetchHistory(),
    'case-R1',
  );
});

it('a case started by reference (its plan loaded by a local activity) replays from its history', async () => {
  const worker = await makeWorker(env(), 'replay-2', recorder());
  const run = await worker.runUntil(() =>
    runStepKindsCase(env().client, 'replay-2', stepKindsPlan(), 'R2', true),
  );
  // A query on the ended case replays it on a new worker, as the fault suite's final check does.
  const again = await makeWorker(env(), 'replay-2', recorder());
  const final = await again.runUntil(() => run.handle.query(caseStateQuery));
  expect(final.status).toBe('resolved');
  const history = await run.handle.fetchHistory();
  const markers = (history.events ?? []).flatMap((e) => e.markerRecordedEventAttributes?.markerName ?? []);
  expect(markers).toContain('core_local_activity');
  await Worker.runReplayHistory(
    { workflowsPath: require.resolve('../../../../workflows') },
    history,
    'case-R2',
  );
});
