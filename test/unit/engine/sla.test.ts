/** SLA and OLA clocks in the engine, on virtual time: start, pause, retarget, stop, views, task due times. */
import { applyEvent, nextWakeAt } from '../../../workflows/engine/engine';
import { toCaseView } from '../../../workflows/engine/view';
import { anna, ben, Harness, HOUR, makeInput, MIN, T0 } from './fixture';
import { runUntil, slaPlan } from './sla-fixture';

const clock = (h: Harness, name: string) =>
  toCaseView(h.plan, h.state, h.now).clocks.find((c) => c.name === name);

describe('response and resolution clocks', () => {
  it('start with the targets of the priority, on its calendar, and show in the case view', () => {
    const h = new Harness(slaPlan());
    expect(h.state.priority).toBe('P4');
    h.now = T0 + 20 * MIN;
    expect(clock(h, 'response')).toEqual({
      name: 'response',
      target: 'PT1H',
      dueAt: new Date(T0 + HOUR).toISOString(),
      usedMs: 20 * MIN,
      remainingMs: 40 * MIN,
      paused: false,
      breached: false,
      calendar: '24x7',
      startedAt: new Date(T0).toISOString(),
      asOf: new Date(T0 + 20 * MIN).toISOString(),
    });
    expect(clock(h, 'resolution')).toMatchObject({
      target: 'PT4H',
      dueAt: new Date(T0 + 4 * HOUR).toISOString(),
    });
    expect(h.state.decisions.map((d) => d.what)).toContain('response clock started');
  });

  it('a plan without targets runs no clocks and schedules nothing', () => {
    const h = new Harness(slaPlan([], { sla: { pauseWhen: ['waiting'], targets: {} } }));
    expect(h.state.clocks).toEqual({});
    expect(nextWakeAt(h.plan, h.state)).toBeUndefined();
  });

  it('the first claim stops the response clock; the resolution clock runs on', () => {
    const h = new Harness(slaPlan());
    h.send({ kind: 'task.claim', taskId: 'C1-t1', principal: anna }, T0 + 10 * MIN);
    expect(h.state.respondedAt).toBe(new Date(T0 + 10 * MIN).toISOString());
    h.now = T0 + 2 * HOUR;
    expect(clock(h, 'response')).toMatchObject({ usedMs: 10 * MIN, breached: false, paused: false });
    expect(clock(h, 'response')?.stoppedAt).toBe(new Date(T0 + 10 * MIN).toISOString());
    expect(clock(h, 'resolution')).toMatchObject({ usedMs: 2 * HOUR, remainingMs: 2 * HOUR });
    expect(h.state.decisions).toContainEqual(
      expect.objectContaining({ what: 'first response: response clock stopped', by: 'anna' }),
    );
  });

  it('an agent message counts as the first response; a customer message does not', () => {
    const h = new Harness(slaPlan());
    h.send({ kind: 'customer.message', from: 'customer', text: 'hello?', principal: anna }, T0 + MIN);
    expect(h.state.clocks.response?.state).toBe('running');
    h.send({ kind: 'customer.message', from: 'agent', text: 'on it', principal: anna }, T0 + 2 * MIN);
    expect(h.state.clocks.response?.state).toBe('stopped');
  });

  it('a late first response is a breached response clock, noted once in the decision log', () => {
    const h = new Harness(slaPlan());
    runUntil(h, T0 + 90 * MIN);
    expect(h.state.decisions.filter((d) => d.what === 'response clock breached')).toHaveLength(1);
    h.send({ kind: 'task.claim', taskId: 'C1-t1', principal: anna }, T0 + 2 * HOUR);
    expect(clock(h, 'response')).toMatchObject({ breached: true, usedMs: 2 * HOUR, remainingMs: 0 });
  });

  it('waiting for the customer pauses both clocks with a ledger, and a reply resumes them', () => {
    const h = new Harness(slaPlan());
    h.send({ kind: 'task.claim', taskId: 'C1-t1', principal: anna }, T0 + 10 * MIN);
    h.complete('needs-info', undefined, anna);
    h.send({ kind: 'customer.message', from: 'customer', text: 'here', principal: ben }, T0 + 70 * MIN);
    expect(h.state.status).toBe('open');
    h.now = T0 + 2 * HOUR;
    // 10 minutes before waiting, 60 minutes paused, 50 minutes since the reply.
    expect(clock(h, 'resolution')).toMatchObject({ usedMs: 60 * MIN, paused: false });
    expect(h.state.clocks.resolution?.ledger).toEqual([
      { state: 'running', from: T0, to: T0 + 10 * MIN, calendar: '24x7' },
      { state: 'paused', from: T0 + 10 * MIN, to: T0 + 70 * MIN, reason: 'waiting' },
      { state: 'running', from: T0 + 70 * MIN, calendar: '24x7' },
    ]);
  });

  it('while paused the view shows no due time and nothing is scheduled for the clocks', () => {
    const h = new Harness(slaPlan());
    h.complete('needs-info', undefined, anna);
    expect(clock(h, 'resolution')).toMatchObject({ paused: true });
    expect(clock(h, 'resolution')?.dueAt).toBeUndefined();
    // Only the wait's own timeout (2h) is left to wake for.
    expect(nextWakeAt(h.plan, h.state)).toBe(T0 + 2 * HOUR);
  });

  it('resolution stops every clock; the view keeps what was used', () => {
    const h = new Harness(slaPlan());
    h.complete('resolved', { summary: 'done' }, anna);
    h.now = T0 + 10 * HOUR;
    expect(clock(h, 'resolution')).toMatchObject({ usedMs: 0, breached: false });
    expect(Object.values(h.state.clocks).every((c) => c.state === 'stopped')).toBe(true);
  });
});

describe('priority changes carry the time spent over', () => {
  it('a repeat contact that raises the priority re-targets the clocks on the new calendar', () => {
    // P4 (24x7: 1h/4h) → the repeat-contact flag makes no difference in this fixture, so use a VIP-free
    // plan whose urgency reacts to the flag.
    const plan = slaPlan();
    plan.priority.urgency.unshift({ when: '"repeat-contact" in case.flags', level: 'high', index: 9 });
    const h = new Harness(plan);
    expect(h.state.priority).toBe('P4');
    h.send(
      { kind: 'customer.contact', input: makeInput({ subject: 'again' }), principal: ben },
      T0 + 20 * MIN,
    );
    expect(h.state.priority).toBe('P2');
    h.now = T0 + 25 * MIN;
    expect(clock(h, 'response')).toMatchObject({ target: 'PT30M', usedMs: 25 * MIN, remainingMs: 5 * MIN });
    expect(clock(h, 'resolution')).toMatchObject({
      target: 'PT2H',
      dueAt: new Date(T0 + 2 * HOUR).toISOString(),
    });
    expect(h.state.clocks.resolution?.targets.map((t) => t.targetMs)).toEqual([4 * HOUR, 2 * HOUR]);
    expect(h.state.decisions.map((d) => d.what)).toContain('resolution clock re-targeted');
  });

  it('a raise past the time already spent breaches at once', () => {
    const plan = slaPlan();
    plan.priority.urgency.unshift({ when: '"repeat-contact" in case.flags', level: 'high', index: 9 });
    const h = new Harness(plan);
    h.send({ kind: 'customer.contact', input: makeInput(), principal: ben }, T0 + 45 * MIN);
    expect(clock(h, 'response')).toMatchObject({ breached: true, usedMs: 45 * MIN });
    expect(h.state.decisions.map((d) => d.what)).toContain('response clock breached');
  });
});

describe('OLA clocks and task due times', () => {
  it('a department with its own calendar runs its OLA while it holds the work, paused otherwise', () => {
    // Monday 2026-01-05 08:00 UTC is 16:00 in Shanghai: two office hours left that day.
    const h = new Harness(slaPlan(), makeInput({ description: 'outage' }));
    expect(h.state.clocks['ola:technical']).toBeUndefined();
    h.send(
      { kind: 'task.handoff', taskId: 'C1-t1', department: 'technical', reason: 'tech', principal: anna },
      T0 + HOUR,
    );
    expect(h.state.clocks['ola:technical']).toMatchObject({
      state: 'running',
      calendar: 'office',
      targetMs: 2 * HOUR,
    });
    const view = toCaseView(h.plan, h.state, h.now);
    // After the handoff (a first response) the task's due time follows the technical OLA: 1h of office
    // time left on Monday, then Tuesday 09:00 Shanghai + 1h = 02:00 UTC.
    expect(view.tasks[0]?.dueAt).toBe('2026-01-06T02:00:00.000Z');
    h.send(
      {
        kind: 'task.reassign',
        taskId: 'C1-t1',
        department: 'billing',
        principal: { ...anna, departments: ['technical'] },
      },
      T0 + 90 * MIN,
    );
    expect(h.state.clocks['ola:technical']?.state).toBe('paused');
    expect(h.state.clocks['ola:technical']?.ledger.at(-1)).toMatchObject({ reason: 'not holding' });
  });

  it('a task is due by the response clock before the first response', () => {
    const h = new Harness(slaPlan());
    expect(toCaseView(h.plan, h.state).tasks[0]?.dueAt).toBe(new Date(T0 + HOUR).toISOString());
    h.send({ kind: 'task.claim', taskId: 'C1-t1', principal: anna }, T0 + MIN);
    expect(toCaseView(h.plan, h.state).tasks[0]?.dueAt).toBe(new Date(T0 + 4 * HOUR).toISOString());
  });

  it('a reopened case starts a new resolution clock', () => {
    const h = new Harness(slaPlan([], {}), makeInput());
    h.complete('resolved', { summary: 'x' }, anna);
    const first = h.state.clocks.resolution;
    expect(first?.state).toBe('stopped');
    // Reopening is the flow's business (follow-up, complaint review); model it by a status change.
    const reopened = applyEvent(
      h.plan,
      { ...h.state, finished: false, status: 'open' },
      { kind: 'wake' },
      { now: T0 + HOUR },
    );
    expect(reopened.ok && reopened.state.clocks.resolution).toMatchObject({
      state: 'running',
      startedAt: T0 + HOUR,
    });
  });
});
