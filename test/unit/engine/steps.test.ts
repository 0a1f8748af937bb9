import { nextWakeAt } from '../../../workflows/engine/engine';
import type { PlanStep } from '../../../definitions/plan';
import { anna, ben, Harness, HOUR, makeInput, makePlan, MIN, outcome, T0 } from './fixture';

const task = (id: string, department: string, outcomes: Record<string, string>): PlanStep => ({
  id,
  kind: 'task',
  title: id,
  department: { kind: 'fixed', department },
  outcomes: Object.fromEntries(Object.entries(outcomes).map(([o, next]) => [o, outcome(o, next)])),
  handoff: [],
  escalations: [],
});

/** A plan whose triage leads (outcome `route`) to the step under test. */
const planWith = (first: PlanStep, more: Record<string, PlanStep> = {}) =>
  makePlan(
    {},
    {
      triage: task('triage', 'frontline', { route: first.id, resolved: 'done' }),
      [first.id]: first,
      ...more,
    },
  );

describe('consult', () => {
  const consult = (join: 'all' | 'any'): PlanStep => ({
    id: 'ask',
    kind: 'consult',
    join,
    next: 'done',
    tasks: [
      { id: 'tech', department: 'technical', title: 'Tech view', outcomes: ['ok', 'not-ok'] },
      { id: 'bill', department: 'billing', title: 'Billing view', outcomes: ['ok'] },
    ],
  });

  it('join all waits for every department', () => {
    const h = new Harness(planWith(consult('all'))).complete('route');
    const open = h.state.tasks.filter((t) => t.step === 'ask');
    expect(open.map((t) => [t.id, t.department, t.status])).toEqual([
      ['C1-t2', 'technical', 'open'],
      ['C1-t3', 'billing', 'open'],
    ]);
    h.send({
      kind: 'task.complete',
      taskId: 'C1-t2',
      outcome: 'not-ok',
      form: { note: 'x' },
      principal: anna,
    });
    expect(h.state.step).toBe('ask');
    h.send({ kind: 'task.complete', taskId: 'C1-t3', outcome: 'ok', principal: ben });
    expect(h.state).toMatchObject({ status: 'resolved', finished: true });
    expect(h.state.vars.ask).toEqual({ tech: { note: 'x', outcome: 'not-ok' }, bill: { outcome: 'ok' } });
  });

  it('join any takes the first answer and cancels the rest', () => {
    const h = new Harness(planWith(consult('any'))).complete('route');
    h.send({ kind: 'task.complete', taskId: 'C1-t3', outcome: 'ok', principal: ben });
    expect(h.state.finished).toBe(true);
    expect(h.state.tasks.find((t) => t.id === 'C1-t2')?.status).toBe('cancelled');
    expect(h.refuse({ kind: 'task.complete', taskId: 'C1-t2', outcome: 'ok', principal: anna }).type).toBe(
      'Conflict',
    );
  });

  it('refuses an outcome the consulted department does not have', () => {
    const h = new Harness(planWith(consult('all'))).complete('route');
    expect(h.refuse({ kind: 'task.complete', taskId: 'C1-t3', outcome: 'not-ok', principal: ben }).type).toBe(
      'Invalid',
    );
  });
});

describe('wait', () => {
  const wait = (w: Partial<Extract<PlanStep, { kind: 'wait' }>>): PlanStep => ({
    id: 'hold',
    kind: 'wait',
    for: { kind: 'customer-reply' },
    status: 'waiting',
    next: 'done',
    ...w,
  });

  it('waits for a customer reply with status waiting, resumes on the reply', () => {
    const h = new Harness(planWith(wait({ timeoutMs: 2 * HOUR, onTimeout: 'closed' }))).complete('route');
    expect(h.state.status).toBe('waiting');
    expect(h.commandsOf('upsert-search-attributes')[0]?.attributes.status).toBe('waiting');
    expect(nextWakeAt(h.plan, h.state)).toBe(T0 + 2 * HOUR);
    h.send({ kind: 'customer.message', from: 'agent', text: 'any news?', principal: anna });
    expect(h.state.step).toBe('hold');
    h.send({ kind: 'customer.message', from: 'customer', text: 'here it is', principal: anna });
    expect(h.state).toMatchObject({ status: 'resolved', step: 'done' });
    expect(h.state.messages.map((m) => m.text)).toEqual(['any news?', 'here it is']);
  });

  it('times out into the timeout branch', () => {
    const h = new Harness(planWith(wait({ timeoutMs: 2 * HOUR, onTimeout: 'closed' }))).complete('route');
    h.send({ kind: 'wake' }, T0 + HOUR);
    expect(h.state.step).toBe('hold');
    expect(h.commands).toEqual([]);
    h.send({ kind: 'wake' }, T0 + 2 * HOUR);
    expect(h.state).toMatchObject({ status: 'closed', step: 'closed' });
  });

  it('a repeat contact counts as a reply', () => {
    const h = new Harness(planWith(wait({}))).complete('route');
    h.send({ kind: 'customer.contact', input: makeInput({ subject: 'again' }), principal: anna });
    expect(h.state.step).toBe('done');
  });

  it('waits for a named signal and stores its payload', () => {
    const h = new Harness(
      planWith(wait({ for: { kind: 'signal', signal: 'parts-arrived' }, status: 'open' })),
    ).complete('route');
    expect(nextWakeAt(h.plan, h.state)).toBeUndefined();
    h.send({ kind: 'signal', name: 'other', principal: anna });
    expect(h.state.step).toBe('hold');
    expect(h.state.decisions.at(-1)?.what).toBe('signal other noted');
    h.send({ kind: 'signal', name: 'parts-arrived', payload: { box: 3 }, principal: anna });
    expect(h.state.vars.hold).toEqual({ box: 3 });
    expect(h.state.step).toBe('done');
  });

  it('waits a duration', () => {
    const h = new Harness(
      planWith(wait({ for: { kind: 'duration', durationMs: 30 * MIN }, status: 'open' })),
    ).complete('route');
    expect(nextWakeAt(h.plan, h.state)).toBe(T0 + 30 * MIN);
    h.send({ kind: 'wake' }, T0 + 30 * MIN);
    expect(h.state.step).toBe('done');
  });

  it('waits until an instant from an expression, or moves on when it has passed', () => {
    const at = new Date(T0 + 5 * HOUR).toISOString();
    const step = wait({ for: { kind: 'until', at: 'case.attributes.appointmentAt' }, status: 'open' });
    const h = new Harness(planWith(step), makeInput({ attributes: { appointmentAt: at } })).complete('route');
    expect(nextWakeAt(h.plan, h.state)).toBe(T0 + 5 * HOUR);
    h.send({ kind: 'wake' }, T0 + 5 * HOUR);
    expect(h.state.step).toBe('done');
    const past = new Date(T0 - HOUR).toISOString();
    const late = new Harness(planWith(step), makeInput({ attributes: { appointmentAt: past } })).complete(
      'route',
    );
    expect(late.state.step).toBe('done');
  });

  it('an until with no instant takes the timeout branch', () => {
    const step = wait({
      for: { kind: 'until', at: 'case.attributes.appointmentAt' },
      onTimeout: 'closed',
      status: 'open',
    });
    const h = new Harness(planWith(step)).complete('route');
    expect(h.state.step).toBe('closed');
  });
});

describe('decide', () => {
  const decide: PlanStep = {
    id: 'which',
    kind: 'decide',
    branches: [
      { when: 'case.priority == "P1"', next: 'closed', index: 0 },
      { when: 'vars.triage.summary == "x"', next: 'closed', index: 1 },
      { next: 'done', index: 2 },
    ],
  };

  it('takes the first matching branch, else the default', () => {
    const h = new Harness(planWith(decide)).complete('route');
    expect(h.state.step).toBe('done');
    expect(h.state.decisions.find((d) => d.step === 'which' && d.what.startsWith('→'))?.why).toBe(
      'default branch',
    );
    const vip = new Harness(
      planWith(decide),
      makeInput({ description: 'outage', customer: { id: 'v', tier: 'vip' } }),
    );
    vip.complete('route');
    expect(vip.state.step).toBe('closed');
    expect(vip.state.decisions.find((d) => d.what === '→ closed')?.why).toBe(
      'branch #0: case.priority == "P1"',
    );
  });

  it('a condition that fails at run time counts as false and is logged', () => {
    const h = new Harness(planWith(decide)).complete('route');
    expect(h.state.decisions.some((d) => d.what.startsWith('condition failed'))).toBe(true);
  });
});
