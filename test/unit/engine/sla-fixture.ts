/** Plans with SLA targets and escalation rungs for the engine's clock and ladder tests, on virtual time. */
import type { Plan, PlanAction, PlanCalendar, PlanEscalation } from '../../../definitions/plan';
import { nextWakeAt } from '../../../workflows/engine/engine';
import { officeCalendar, twentyFourSeven } from '../../support/calendars';
import { HOUR, MIN, makePlan, type Harness } from './fixture';

/** Monday–Friday 09:00–18:00 in Shanghai (UTC+8, no DST): 01:00–10:00 UTC. */
export const office: PlanCalendar = officeCalendar('office', 'Asia/Shanghai');

export const notifyHolder: PlanAction = {
  kind: 'notify',
  to: { kind: 'holder' },
  channel: 'email',
  message: 'escalated',
};

export function rung(
  id: string,
  trigger: PlanEscalation['trigger'],
  actions: PlanAction[] = [notifyHolder],
  extra: Partial<PlanEscalation> = {},
): PlanEscalation {
  return { id, trigger, delayMs: 0, actions, ...extra };
}

/**
 * The engine fixture's plan with targets on 24x7: P1 15m/1h, P2 30m/2h, P4 1h/4h (P3 on the office
 * calendar: 1h/9h). Technical has tiers L1, L2 and an office calendar (an OLA); management exists.
 */
export function slaPlan(escalations: PlanEscalation[] = [], overrides: Partial<Plan> = {}): Plan {
  const base = makePlan();
  return makePlan({
    calendars: { '24x7': twentyFourSeven, office },
    departments: {
      ...base.departments,
      technical: { id: 'technical', title: 'Technical', tiers: ['L1', 'L2'], calendar: 'office' },
      management: { id: 'management', title: 'Management', tiers: [] },
    },
    sla: {
      pauseWhen: ['waiting'],
      targets: {
        P1: { responseMs: 15 * MIN, resolutionMs: HOUR, calendar: '24x7' },
        P2: { responseMs: 30 * MIN, resolutionMs: 2 * HOUR, calendar: '24x7' },
        P3: { responseMs: HOUR, resolutionMs: 9 * HOUR, calendar: 'office' },
        P4: { responseMs: HOUR, resolutionMs: 4 * HOUR, calendar: '24x7' },
      },
    },
    escalations,
    ...overrides,
  });
}

/** Fires every wake-up up to `until` at its own instant, as the driver's one timer would. */
export function runUntil(h: Harness, until: number): Harness {
  for (let guard = 0; guard < 100; guard += 1) {
    const wake = nextWakeAt(h.plan, h.state);
    if (wake === undefined || wake > until) break;
    h.send({ kind: 'wake' }, Math.max(wake, h.now));
  }
  h.now = Math.max(h.now, until);
  return h;
}

/** The rung ids that fired, in order. */
export const firedIds = (h: Harness): string[] => h.state.escalations.map((e) => e.rung);
