/**
 * How a case was resolved and by whom (db/case-resolution.ts), read from real views the engine builds on
 * the shipped template: the resolving task's form and completer; nothing while the case is open, once it
 * is reopened (the fix did not hold), or when it closed without anyone resolving it.
 */
import { join } from 'node:path';
import { scriptFileSchema, simulationCaseSchema, type CaseView } from '../../../contract';
import { caseResolution } from '../../../db/case-resolution';
import { loadTemplateFile } from '../../../definitions/compile';
import { simulate } from '../../../workflows/engine/simulation';
import { toCaseView } from '../../../workflows/engine/view';

const compiled = loadTemplateFile(join(__dirname, '../../../definitions/customer-issue/v1.yaml'));
if (!compiled.ok) throw new Error('the shipped template does not compile');
const plan = compiled.plan;

function viewAfter(events: unknown[], until: string): CaseView {
  const {
    template: _t,
    version: _v,
    id,
    openedAt,
    ...input
  } = simulationCaseSchema.parse({
    channel: 'web',
    customer: { id: 'c-1', tier: 'vip' },
    subject: 'Cannot log in',
    description: 'The password reset email never arrives',
  });
  const result = simulate(
    plan,
    { caseId: id ?? 'SIM-1', input, openedAt: openedAt ?? '2026-01-05T08:00:00Z' },
    { events: scriptFileSchema.parse(events) as never },
    { until: Date.parse(until) },
  );
  return toCaseView(plan, result.state, result.now);
}

const resolvedAtTriage = [
  { after: '5m', do: 'claim', task: 'triage', as: 'anna' },
  {
    after: '10m',
    do: 'complete',
    task: 'triage',
    outcome: 'resolved',
    form: { resolution: 'sent by SMS' },
    as: 'anna',
  },
];

it('is the resolution form of the task completed with `resolved`, and who completed it', () => {
  const view = viewAfter(resolvedAtTriage, '2026-01-05T09:00:00Z');
  expect(view.status).toBe('resolved');
  expect(caseResolution(view)).toMatchObject({ resolution: 'sent by SMS', resolvedBy: 'anna' });
});

it('is nothing while the case is open', () => {
  expect(caseResolution(viewAfter(resolvedAtTriage.slice(0, 1), '2026-01-05T09:00:00Z'))).toBeUndefined();
});

it('is nothing once the follow-up reopened the case, and the new resolution once resolved again', () => {
  const reopened = [
    ...resolvedAtTriage,
    { after: '2d', do: 'complete', task: 'follow-up', outcome: 'reopen', as: 'anna' },
  ];
  const view = viewAfter(reopened, '2026-01-08T12:00:00Z');
  expect(view.status).toBe('open');
  expect(caseResolution(view)).toBeUndefined();
  const again = viewAfter(
    [
      ...reopened,
      { after: '5m', do: 'claim', task: 'triage', as: 'bo' },
      {
        after: '5m',
        do: 'complete',
        task: 'triage',
        outcome: 'resolved',
        form: { resolution: 'new mail server' },
        as: 'bo',
      },
    ],
    '2026-01-08T14:00:00Z',
  );
  expect(caseResolution(again)).toMatchObject({ resolution: 'new mail server', resolvedBy: 'bo' });
});
