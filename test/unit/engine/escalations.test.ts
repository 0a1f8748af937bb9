/** Escalation ladders in the engine on virtual time: every trigger, every action, once only, cancellation. */
import type { PlanAction, PlanStep } from '../../../definitions/plan';
import { nextWakeAt } from '../../../workflows/engine/engine';
import { toCaseView } from '../../../workflows/engine/view';
import { anna, Harness, HOUR, makeInput, MIN, T0 } from './fixture';
import { firedIds, notifyHolder, rung, runUntil, slaPlan } from './sla-fixture';

const toManagement = {
  kind: 'notify',
  to: { kind: 'department', department: 'management' },
  channel: 'email',
  message: 'late',
} as const;

describe('triggers', () => {
  it('clock.at N% fires at that share of the target, once, with its cause', () => {
    const h = new Harness(slaPlan([rung('warn', { kind: 'clock.at', clock: 'resolution', percent: 80 })]));
    expect(nextWakeAt(h.plan, h.state)).toBe(T0 + HOUR); // the response breach comes first
    runUntil(h, T0 + 3 * HOUR);
    expect(firedIds(h)).toEqual([]);
    runUntil(h, T0 + 4 * HOUR - 1);
    expect(h.state.escalations).toEqual([
      expect.objectContaining({
        rung: 'warn',
        firedAt: new Date(T0 + 192 * MIN).toISOString(),
        description: 'resolution clock at 80%',
        actions: ['notify holder by email'],
      }),
    ]);
    runUntil(h, T0 + 10 * HOUR);
    expect(firedIds(h)).toEqual(['warn']);
    expect(toCaseView(h.plan, h.state).escalations[0]).toMatchObject({
      id: 'warn',
      cause: 'resolution clock at 80%',
      trigger: 'clock.at',
      clock: 'resolution',
      scope: 'case',
    });
    expect(h.state.decisions).toContainEqual(
      expect.objectContaining({
        what: 'escalation warn: resolution clock at 80%',
        why: 'notify holder by email',
      }),
    );
  });

  it('clock.breached fires at the due instant and emits the notification then', () => {
    const h = new Harness(
      slaPlan([rung('late', { kind: 'clock.breached', clock: 'response' }, [toManagement])]),
    );
    runUntil(h, T0 + HOUR);
    expect(firedIds(h)).toEqual(['late']);
    expect(h.now).toBe(T0 + HOUR);
    expect(h.commandsOf('notify')[0]?.request).toMatchObject({
      recipient: 'management',
      id: 'C1/escalation:late/1',
    });
  });

  it('task.unclaimed fires after the duration unless the task is claimed first', () => {
    const plan = slaPlan([rung('unclaimed', { kind: 'task.unclaimed', afterMs: 30 * MIN })]);
    const claimed = new Harness(plan);
    claimed.send({ kind: 'task.claim', taskId: 'C1-t1', principal: anna }, T0 + 29 * MIN);
    runUntil(claimed, T0 + 5 * HOUR);
    expect(firedIds(claimed)).toEqual([]);
    const left = new Harness(plan);
    runUntil(left, T0 + 31 * MIN);
    expect(left.state.escalations[0]).toMatchObject({
      description: 'task C1-t1 (frontline/L1) unclaimed for 30m',
      firedAt: new Date(T0 + 30 * MIN).toISOString(),
    });
  });

  it("a step's own after: fires for its task while it is open, and only for that step's tasks", () => {
    const steps: Record<string, PlanStep> = {};
    const plan = slaPlan();
    const triage = plan.steps.triage;
    if (triage?.kind !== 'task') throw new Error('fixture');
    steps.triage = {
      ...triage,
      escalations: [rung('triage-slow', { kind: 'step.after', afterMs: 2 * HOUR })],
    };
    const h = new Harness({ ...plan, steps: { ...plan.steps, ...steps } });
    h.send({ kind: 'task.claim', taskId: 'C1-t1', principal: anna }, T0 + MIN); // claiming does not end it
    runUntil(h, T0 + 3 * HOUR);
    expect(h.state.escalations).toEqual([
      expect.objectContaining({
        rung: 'triage-slow',
        scope: 'triage',
        description: 'task C1-t1 (frontline/L1) open for 2h',
      }),
    ]);
  });

  it('a rung whose work completes first never fires, and nothing stays scheduled for it', () => {
    const h = new Harness(slaPlan([rung('late', { kind: 'clock.breached', clock: 'resolution' })]));
    h.complete('resolved', { summary: 'ok' }, anna);
    expect(nextWakeAt(h.plan, h.state)).toBeUndefined();
  });

  it('a rung due while nobody looked (worker down) fires once when the case next wakes', () => {
    const h = new Harness(
      slaPlan([
        rung('warn', { kind: 'clock.at', clock: 'resolution', percent: 50 }),
        rung('late', { kind: 'clock.breached', clock: 'resolution' }),
      ]),
    );
    h.send({ kind: 'wake' }, T0 + 6 * HOUR);
    expect(firedIds(h)).toEqual(['warn', 'late']);
    expect(h.state.escalations[0]).toMatchObject({ dueAt: new Date(T0 + 2 * HOUR).toISOString() });
    h.send({ kind: 'wake' }, T0 + 7 * HOUR);
    expect(firedIds(h)).toEqual(['warn', 'late']);
  });

  it('a rung whose when is false is recorded as handled and never asked again', () => {
    const h = new Harness(
      slaPlan([
        rung('vip-only', { kind: 'clock.breached', clock: 'response' }, [notifyHolder], {
          when: 'case.customer.tier == "vip"',
        }),
      ]),
    );
    runUntil(h, T0 + 2 * HOUR);
    expect(firedIds(h)).toEqual([]);
    expect(h.state.firedRungs).toContain(`vip-only|clock:response@${T0}`);
    expect(h.state.decisions.filter((d) => d.what === 'escalation vip-only skipped')).toHaveLength(1);
  });

  it('pauses move a clock rung: waiting for the customer holds it back', () => {
    const h = new Harness(slaPlan([rung('late', { kind: 'clock.breached', clock: 'resolution' })]));
    h.send({ kind: 'task.claim', taskId: 'C1-t1', principal: anna }, T0 + HOUR);
    h.complete('needs-info', undefined, anna);
    h.send({ kind: 'customer.message', from: 'customer', text: 'info', principal: anna }, T0 + 90 * MIN);
    runUntil(h, T0 + 4 * HOUR + 29 * MIN);
    expect(firedIds(h)).toEqual([]);
    runUntil(h, T0 + 4 * HOUR + 30 * MIN);
    expect(h.state.escalations[0]?.firedAt).toBe(new Date(T0 + 4 * HOUR + 30 * MIN).toISOString());
  });
});

describe('actions', () => {
  it('reassign to the next tier, then to a department: the L1 → L2 → management ladder', () => {
    const plan = slaPlan([
      rung('l1', { kind: 'clock.breached', clock: 'response' }, [{ kind: 'reassign', tier: 'next' }], {
        departments: ['technical'],
        tiers: ['L1'],
      }),
      rung(
        'l2',
        { kind: 'clock.breached', clock: 'resolution' },
        [{ kind: 'reassign', department: 'management' }],
        {
          departments: ['technical'],
          tiers: ['L2'],
        },
      ),
    ]);
    const h = new Harness(plan, makeInput({ description: 'outage' }));
    expect(h.state.priority).toBe('P2');
    // The front line holds the case when the response target passes: the L1 rung does not apply to it.
    runUntil(h, T0 + 40 * MIN);
    expect(firedIds(h)).toEqual([]);
    // Routed late, without a response: technical L1 now holds a case whose response target is gone.
    h.send(
      {
        kind: 'task.reassign',
        taskId: 'C1-t1',
        department: 'technical',
        principal: { ...anna, departments: ['frontline'] },
      },
      T0 + 45 * MIN,
    );
    expect(firedIds(h)).toEqual(['l1']);
    expect(h.openTask()).toMatchObject({ department: 'technical', tier: 'L2', status: 'open' });
    runUntil(h, T0 + 2 * HOUR);
    expect(firedIds(h)).toEqual(['l1', 'l2']);
    expect(h.openTask()).toMatchObject({ department: 'management', coordinator: 'technical' });
    expect(h.state.escalations[1]?.actions).toEqual(['reassign C1-t1 to management']);
  });

  it('raise: the priority goes up and the clocks take the new targets with the time spent', () => {
    const h = new Harness(
      slaPlan([
        rung('raise', { kind: 'clock.at', clock: 'response', percent: 50 }, [{ kind: 'raise', levels: 2 }]),
      ]),
    );
    runUntil(h, T0 + 30 * MIN);
    expect(h.state.priority).toBe('P2');
    expect(h.state.escalations[0]?.actions).toEqual(['raise P4 → P2']);
    // P2's response target is 30m: used up exactly now.
    expect(toCaseView(h.plan, h.state, h.now).clocks.find((c) => c.name === 'response')).toMatchObject({
      target: 'PT30M',
      usedMs: 30 * MIN,
      breached: true,
    });
  });

  it('task: opens a side task elsewhere that does not move the case, completed on its own', () => {
    const review: PlanAction = {
      kind: 'task',
      department: 'management',
      title: 'Review',
      outcomes: ['acknowledged'],
    };
    const h = new Harness(
      slaPlan([rung('review', { kind: 'clock.breached', clock: 'resolution' }, [review], { delayMs: HOUR })]),
    );
    runUntil(h, T0 + 5 * HOUR);
    const side = h.state.tasks.find((t) => t.origin === 'escalation');
    expect(side).toMatchObject({ department: 'management', title: 'Review', status: 'open' });
    expect(h.state.escalations[0]?.description).toBe('resolution clock breached + 1h');
    expect(toCaseView(h.plan, h.state).department).toBe('frontline');
    // By an agent of management, where the side task is (completion rules, tasks.ts).
    const manager = { ...anna, departments: ['management'] };
    h.send({ kind: 'task.complete', taskId: side!.id, outcome: 'acknowledged', principal: manager });
    expect(h.state.tasks.find((t) => t.id === side!.id)?.status).toBe('completed');
    expect(h.state.step).toBe('triage');
  });

  it('notify to the holder reaches the department holding the case', () => {
    const h = new Harness(
      slaPlan([rung('warn', { kind: 'clock.at', clock: 'response', percent: 10 })]),
      makeInput({ description: 'outage' }),
    );
    h.send(
      { kind: 'task.handoff', taskId: 'C1-t1', department: 'technical', reason: 'x', principal: anna },
      T0 + MIN,
    );
    // The handoff is a first response: the response rung is cancelled.
    runUntil(h, T0 + HOUR);
    expect(firedIds(h)).toEqual([]);
    const fresh = new Harness(h.plan, makeInput({ description: 'outage' }));
    runUntil(fresh, T0 + 10 * MIN);
    expect(fresh.commandsOf('notify')[0]?.request).toMatchObject({
      recipient: 'frontline',
      channel: 'email',
    });
  });
});
