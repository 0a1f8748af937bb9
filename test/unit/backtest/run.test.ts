/** A changed candidate against cases recorded on the shipped template: what differs, why, and what cannot be placed. */
import { readFileSync } from 'node:fs';
import { compileTemplate } from '../../../definitions/compile';
import type { Plan } from '../../../definitions/plan';
import { backtest } from '../../../backtest/run';
import { at, input, loadPlan, recordCase, STANDARD } from './standard-cases';

const v1 = loadPlan();
const source = readFileSync(STANDARD, 'utf8');

function candidate(change: (yaml: string) => string): Plan {
  const changed = change(source);
  expect(changed).not.toBe(source);
  const result = compileTemplate(changed, 'candidate.yaml');
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.plan;
}

const resolvedAtTriage = [
  { do: 'claim' as const, task: 'triage', at: at(3), as: 'anna' },
  {
    do: 'complete' as const,
    task: 'triage',
    outcome: 'resolved',
    form: { resolution: 'ok' },
    at: at(4),
    as: 'anna',
  },
];
const vip = recordCase(
  v1,
  'VIP-1',
  input({ customer: { id: 'c-v', tier: 'vip' } }),
  resolvedAtTriage,
).recorded;
const standard = recordCase(v1, 'STD-1', input(), resolvedAtTriage).recorded;
const run = (plan: Plan) => backtest({ candidate: plan, recorded: [vip, standard], range: {} });

it('finds nothing on the template the cases were recorded on', () => {
  expect(run(v1)).toMatchObject({ cases: 2, changed: 0, unchanged: 2, withUnplacedEvents: 0, differing: [] });
});

it('names the override behind a changed priority, for the cases it touches only', () => {
  const report = run(
    candidate((y) =>
      y.replace('raise: 1\n      reason: VIP customer', 'raise: 2\n      reason: VIP customer'),
    ),
  );
  expect(report).toMatchObject({ changed: 1, byField: { priority: 1 } });
  expect(report.differing).toHaveLength(1);
  const [vipCase] = report.differing;
  expect(vipCase!.id).toBe('VIP-1');
  expect(vipCase!.differences).toContainEqual(
    expect.objectContaining({
      field: 'priority',
      recorded: 'P2',
      candidate: 'P1',
      why: expect.stringContaining('override #0: VIP customer'),
    }),
  );
});

it('reports the events of a renamed step as unplaced, with the reason', () => {
  const renamed = candidate((y) => y.replace(/(: |id: )triage$/gm, '$1first-look'));
  const report = run(renamed);
  expect(report.withUnplacedEvents).toBe(2);
  expect(report.differing[0]!.unplaced).toEqual([
    { at: at(3), event: 'claim triage', reason: expect.stringContaining('the candidate has no step triage') },
    {
      at: at(4),
      event: 'complete triage: resolved',
      reason: expect.stringContaining('the candidate has no step triage'),
    },
  ]);
});

it('compares a case still going on as of its last change: a resolved case waiting for its follow-up', () => {
  // Gold customer, an outage: P2, so the resolved case waits two days for its follow-up; recorded a day in.
  const waiting = recordCase(
    v1,
    'FU-1',
    input({ customer: { id: 'c-g', tier: 'gold' }, description: 'outage' }),
    resolvedAtTriage,
    24 * 60,
  ).recorded;
  expect(waiting.view).toMatchObject({ status: 'resolved', step: 'follow-up' });
  expect(backtest({ candidate: v1, recorded: [waiting], range: {} })).toMatchObject({
    changed: 0,
    differing: [],
  });
});
