/**
 * The per-case measures behind the reports (db/reports-measures.ts) on hand-built decision logs, on a
 * business calendar open Mon–Fri 09:00–18:00 UTC, with `waiting` pausing the clocks. 2026-01-05 is a Monday.
 */
import type { Plan } from '../../../definitions/plan';
import { caseMeasures, statusSpans } from '../../../db/reports-measures';
import type { CaseView } from '../../../workflows/messages';
import { officeCalendar, twentyFourSeven } from '../../support/calendars';
import { makePlan } from '../engine/fixture';

const H = 3_600_000;
const plan: Plan = makePlan({
  calendars: { '24x7': twentyFourSeven, office: officeCalendar('office', 'UTC') },
  sla: {
    pauseWhen: ['waiting'],
    targets: { P3: { responseMs: 4 * H, resolutionMs: 27 * H, calendar: 'office' } },
  },
});

const mon = (hh: number) => `2026-01-05T${String(hh).padStart(2, '0')}:00:00.000Z`;
const tue = (hh: number) => `2026-01-06T${String(hh).padStart(2, '0')}:00:00.000Z`;
type Line = [at: string, what: string, by?: string, why?: string];

function viewOf(lines: Line[]): CaseView {
  return {
    id: 'C',
    status: 'open',
    template: { name: 'test-issue', version: 1, sha256: 'abc' },
    channel: 'web',
    customer: { id: 'cu' },
    subject: 's',
    priority: 'P3',
    tags: [],
    tasks: [],
    clocks: [],
    escalations: [],
    vars: {},
    decisions: lines.map(([at, what, by, why]) => ({
      at,
      step: 's',
      what,
      why: why ?? '',
      ...(by ? { by } : {}),
    })),
    createdAt: mon(8),
    updatedAt: mon(8),
    revision: 1,
  };
}

const opened: Line[] = [
  [mon(8), 'case opened', 'intake'],
  [mon(8), 'task C-t1 opened for frontline', 'intake'],
];

describe('case measures', () => {
  it('counts business time without the paused spans; handoffs, survey scores; not first-contact', () => {
    const view = viewOf([
      ...opened,
      [mon(10), 'task C-t1 claimed', 'anna'],
      [mon(11), 'task C-t1 completed: needs-info', 'anna'],
      [mon(11), 'status open → waiting', 'anna'],
      [tue(10), 'status waiting → open', 'customer'],
      [tue(10), 'task C-t2 opened for frontline', 'customer'],
      [tue(12), 'task C-t2 handed off to technical', 'anna'],
      [tue(15), 'task C-t2 completed: resolved', 'tom'],
      [tue(15), 'status open → resolved', 'tom'],
      [tue(15), 'survey link sent', 'tom'],
      [tue(16), 'survey answered', 'customer', '{"speed":4,"ability":5,"attitude":3}'],
      [tue(16), 'case resolved', 'customer'],
    ]);
    expect(statusSpans(view, Date.parse(tue(17))).map((s) => s.status)).toEqual([
      'open',
      'waiting',
      'open',
      'resolved',
    ]);
    expect(caseMeasures(view, plan, Date.parse(tue(17)))).toEqual({
      firstResponseAt: mon(10),
      responseTargetMs: 4 * H,
      responseBusinessMs: 1 * H, // 09:00–10:00 (opened before hours)
      responseMet: true,
      resolvedAt: tue(15),
      resolutionTargetMs: 27 * H,
      resolutionBusinessMs: 7 * H, // Mon 09–11 (2 H), paused to Tue 10:00, Tue 10–15 (5 H)
      resolutionMet: true,
      endedAt: tue(16),
      reopenCount: 0,
      handoffCount: 1,
      escalationCount: 0,
      firstContactResolution: false, // the first task ended in needs-info
      surveySentAt: tue(15),
      surveyAnsweredAt: tue(16),
      surveyScores: { speed: 4, ability: 5, attitude: 3 },
    });
  });

  it('a case resolved at triage is first-contact resolved until it is reopened', () => {
    const resolved: Line[] = [
      ...opened,
      [mon(10), 'task C-t1 completed: resolved', 'anna'],
      [mon(10), 'status open → resolved', 'anna'],
    ];
    expect(caseMeasures(viewOf(resolved), plan, Date.parse(mon(12)))).toMatchObject({
      firstContactResolution: true,
      resolvedAt: mon(10),
      resolutionBusinessMs: 1 * H,
    });
    const reopened = caseMeasures(
      viewOf([
        ...resolved,
        [tue(9), 'case reopened', 'anna'],
        [tue(9), 'task C-t2 opened for frontline', 'anna'],
        [tue(11), 'task C-t2 completed: escalate', 'anna'],
        [tue(12), 'status open → resolved', 'anna'],
      ]),
      plan,
      Date.parse(tue(13)),
    );
    // Resolution counts to the last resolution: Mon 09–10 and Tue 09–12 = 4 H (Mon 10:00–Tue 09:00 resolved).
    expect(reopened).toMatchObject({
      firstContactResolution: false,
      reopenCount: 1,
      escalationCount: 1,
      resolvedAt: tue(12),
      resolutionBusinessMs: 4 * H,
    });
    const stillOpen = caseMeasures(
      viewOf([...resolved, [tue(9), 'case reopened', 'anna']]),
      plan,
      Date.parse(tue(10)),
    );
    expect(stillOpen.resolvedAt).toBeUndefined();
  });

  it('a running clock has a due instant; past its target it is missed before anyone answers', () => {
    const running = caseMeasures(viewOf(opened), plan, Date.parse(mon(12)));
    expect(running).toMatchObject({ responseDueAt: mon(13), responseTargetMs: 4 * H }); // 3 H used, 1 H left
    expect(running.responseMet).toBeUndefined();
    expect(caseMeasures(viewOf(opened), plan, Date.parse(mon(14)))).toMatchObject({ responseMet: false });
    expect(caseMeasures(viewOf(opened), plan, Date.parse(mon(14))).responseDueAt).toBeUndefined();
    const waiting = caseMeasures(
      viewOf([...opened, [mon(10), 'status open → waiting', 'anna']]),
      plan,
      Date.parse(mon(16)),
    );
    expect(waiting.responseDueAt).toBeUndefined(); // paused: no due instant while it waits
    expect(waiting.responseMet).toBeUndefined();
  });

  it('reconstructs the clock the engine would have kept: due when the target ran out, also after hours', () => {
    // 27 business hours from Monday 09:00 run out at Wednesday 18:00. Read that evening, the due instant is
    // Wednesday 18:00, as the engine's dueAt says (workflows/time), not the instant of the reading.
    const wed = (hh: number) => `2026-01-07T${String(hh).padStart(2, '0')}:00:00.000Z`;
    const evening = caseMeasures(viewOf(opened), plan, Date.parse(wed(20)));
    expect(evening).toMatchObject({ resolutionDueAt: wed(18), responseMet: false });
    expect(evening.resolutionMet).toBeUndefined(); // used up, not exceeded: undecided until it is
    expect(caseMeasures(viewOf(opened), plan, Date.parse(tue(12))).resolutionDueAt).toBe(wed(18));
  });

  it('without a plan (a template the registry lacks) only the counts are measured', () => {
    const m = caseMeasures(viewOf(opened), undefined, Date.parse(mon(12)));
    expect(m.responseTargetMs).toBeUndefined();
    expect(m).toMatchObject({ reopenCount: 0, firstContactResolution: false });
  });

  it('prefers the engine’s own SLA clocks and counts its escalations', () => {
    const view: CaseView = {
      ...viewOf([
        ...opened,
        [mon(10), 'first response: response clock stopped', 'anna'],
        [mon(11), 'task C-t1 completed: escalate', 'anna'],
      ]),
      clocks: [
        {
          name: 'response',
          target: 'PT4H',
          usedMs: 2 * H,
          remainingMs: 2 * H,
          paused: false,
          breached: false,
          stoppedAt: mon(10),
        },
        {
          name: 'resolution',
          target: 'PT27H',
          usedMs: 30 * H,
          remainingMs: 0,
          paused: false,
          breached: true,
        },
      ],
      escalations: [
        { id: 'resolution-warning', firedAt: mon(12), cause: 'resolution clock at 80%', actions: [] },
        { id: 'resolution-breached', firedAt: mon(13), cause: 'resolution clock breached', actions: [] },
      ],
    };
    expect(caseMeasures(view, plan, Date.parse(tue(17)))).toMatchObject({
      firstResponseAt: mon(10),
      responseBusinessMs: 2 * H, // the engine's ledger, not the log's reconstruction (1 H)
      responseMet: true,
      resolutionMet: false, // breached before anyone resolved it
      escalationCount: 3, // two ladder rungs and one escalate outcome
    });
  });
});
