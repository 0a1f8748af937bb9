/** `caseflow backtest`: how the report prints, and what the command line refuses before any request. */
import type { BacktestReport } from '../../../contract';
import { formatBacktestReport, runBacktest } from '../../../cli/backtest';

const report: BacktestReport = {
  candidate: { name: 'customer-issue', version: 2, sha256: 'ab12cd34ef56ab12cd34ef56' },
  range: { from: '2026-11-01T00:00:00Z' },
  cases: 3,
  changed: 1,
  unchanged: 2,
  withUnplacedEvents: 1,
  byField: { category: 0, department: 0, priority: 1, sla: 1, escalations: 0, status: 0 },
  ms: 1234,
  differing: [
    {
      id: 'C-7',
      version: 1,
      openedAt: '2026-11-03T09:00:00.000Z',
      differences: [
        {
          field: 'priority',
          recorded: 'P3',
          candidate: 'P2',
          why: 'priority raised P3 → P2: override #0: VIP customer',
        },
        {
          field: 'sla',
          recorded: 'response met',
          candidate: 'response breached',
          why: 'response clock breached: target used up at 2026-11-03T10:00:00.000Z',
        },
      ],
      unplaced: [],
    },
    {
      id: 'C-9',
      version: 1,
      openedAt: '2026-11-02T09:00:00.000Z',
      differences: [],
      unplaced: [
        { at: '2026-11-02T09:05:00.000Z', event: 'claim triage', reason: 'the candidate has no step triage' },
      ],
    },
  ],
};

it('prints the totals, the fields that differ, then each case with its reasons and unplaced events', () => {
  expect(formatBacktestReport(report)).toBe(
    [
      'backtest of customer-issue v2 (sha256 ab12cd34ef56) on cases opened 2026-11-01T00:00:00Z – now',
      '3 cases in 1.2 s: 2 unchanged, 1 changed, 1 with events not placed',
      '',
      'cases that differ, per field:',
      '  priority    1',
      '  sla         1',
      '',
      'C-7 (v1, opened 2026-11-03T09:00:00.000Z)',
      '  priority: P3 → P2',
      '    because priority raised P3 → P2: override #0: VIP customer',
      '  sla: response met → response breached',
      '    because response clock breached: target used up at 2026-11-03T10:00:00.000Z',
      '',
      'C-9 (v1, opened 2026-11-02T09:00:00.000Z)',
      '  not placed: claim triage at 2026-11-02T09:05:00.000Z: the candidate has no step triage',
      '',
    ].join('\n'),
  );
});

it('says so when nothing differs', () => {
  const none = { ...report, changed: 0, unchanged: 3, withUnplacedEvents: 0, differing: [], range: {} };
  none.byField = { category: 0, department: 0, priority: 0, sla: 0, escalations: 0, status: 0 };
  expect(formatBacktestReport(none)).toBe(
    'backtest of customer-issue v2 (sha256 ab12cd34ef56) on all recorded cases\n' +
      '3 cases in 1.2 s: 3 unchanged, 0 changed, 0 with events not placed\n',
  );
});

it('refuses a command line without one file, and an unknown option, before any request', async () => {
  let stderr = '';
  const io = { stdout: () => undefined, stderr: (t: string) => void (stderr += t) };
  expect(await runBacktest([], io, {})).toBe(2);
  expect(stderr).toContain('name one template file');
  expect(await runBacktest(['a.yaml', '--since', 'x'], io, {})).toBe(2);
  expect(stderr).toContain("Unknown option '--since'");
});
