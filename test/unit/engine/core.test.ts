import { nextWakeAt } from '../../../workflows/engine/engine';
import { toCaseView } from '../../../workflows/engine/view';
import { anna, admin, ben, Harness, HOUR, makeInput, makePlan, T0 } from './fixture';

describe('classify and prioritize', () => {
  it('takes the first matching classify rule and records why', () => {
    const h = new Harness(makePlan(), makeInput({ description: 'refund please, also outage' }));
    expect(h.state.category).toBe('billing');
    expect(h.state.department).toBe('billing');
    expect(h.state.tags).toEqual(['money']);
    expect(h.state.decisions.map((d) => d.what)).toContain('classified as billing → billing');
    expect(h.state.decisions.find((d) => d.what.startsWith('classified'))?.why).toContain('rule #0');
  });

  it('falls back to the default rule', () => {
    const h = new Harness(makePlan());
    expect(h.state.category).toBe('other');
    expect(h.state.decisions.find((d) => d.what.startsWith('classified'))?.why).toBe('default rule #2');
  });

  it('derives priority from the matrix and applies overrides', () => {
    expect(new Harness(makePlan()).state.priority).toBe('P4');
    expect(new Harness(makePlan(), makeInput({ description: 'outage' })).state.priority).toBe('P2');
    const vip = new Harness(
      makePlan(),
      makeInput({ description: 'outage', customer: { id: 'v', tier: 'vip' } }),
    );
    expect(vip.state.levels).toEqual({ impact: 'high', urgency: 'high' });
    expect(vip.state.priority).toBe('P1');
    const vipLow = new Harness(makePlan(), makeInput({ customer: { id: 'v', tier: 'vip' } }));
    expect(vipLow.state.priority).toBe('P1'); // P2 from the matrix, raised by one
    expect(
      vipLow.state.decisions.some((d) => d.what === 'priority raised P2 → P1' && d.why.includes('VIP')),
    ).toBe(true);
  });
});

describe('task lifecycle', () => {
  it('opens the triage task with a deterministic id and emits projection and search attributes', () => {
    const h = new Harness(makePlan());
    const task = h.openTask();
    expect(task).toMatchObject({
      id: 'C1-t1',
      department: 'frontline',
      status: 'open',
      tier: 'L1',
      step: 'triage',
    });
    expect(task.outcomes).toEqual(['resolved', 'route', 'needs-info']);
    expect(h.commands[0]).toEqual({ kind: 'project', revision: 1 });
    expect(h.commandsOf('upsert-search-attributes')[0]?.attributes).toEqual({
      status: 'open',
      priority: 'P4',
      category: 'other',
      department: 'frontline',
      template: 'test-issue',
      version: 1,
      customer: 'cust-1',
    });
    expect(h.state.step).toBe('triage');
    expect(nextWakeAt(h.plan, h.state)).toBeUndefined();
  });

  it('claims, refuses a second claimer, releases and lets the other claim', () => {
    const h = new Harness(makePlan());
    const id = h.openTask().id;
    h.send({ kind: 'task.claim', taskId: id, principal: anna });
    expect(h.openTask()).toMatchObject({ status: 'claimed', assignee: 'anna' });
    expect(h.refuse({ kind: 'task.claim', taskId: id, principal: ben })).toMatchObject({ type: 'Conflict' });
    expect(h.refuse({ kind: 'task.release', taskId: id, principal: ben })).toMatchObject({
      type: 'Forbidden',
    });
    h.send({ kind: 'task.release', taskId: id, principal: anna });
    expect(h.openTask()).toMatchObject({ status: 'open', assignee: undefined });
    expect(h.refuse({ kind: 'task.release', taskId: id, principal: anna })).toMatchObject({
      type: 'Conflict',
    });
    expect(h.openTask()).toMatchObject({ claimedAt: undefined, unclaimedSince: new Date(T0).toISOString() });
    h.send({ kind: 'task.claim', taskId: id, principal: ben }, T0 + HOUR);
    expect(h.openTask().claimedAt).toBe(new Date(T0 + HOUR).toISOString());
    expect(h.state.decisions.filter((d) => d.what.includes('claimed')).map((d) => d.by)).toEqual([
      'anna',
      'ben',
    ]);
  });

  it('re-claiming by the same agent changes nothing', () => {
    const h = new Harness(makePlan());
    const id = h.openTask().id;
    h.send({ kind: 'task.claim', taskId: id, principal: anna });
    const revision = h.state.revision;
    h.send({ kind: 'task.claim', taskId: id, principal: anna });
    expect(h.state.revision).toBe(revision);
    expect(h.commands).toEqual([]);
  });

  it('completes with an outcome, validates the form and ends the case', () => {
    const h = new Harness(makePlan());
    const id = h.openTask().id;
    h.send({ kind: 'task.claim', taskId: id, principal: anna });
    expect(
      h.refuse({ kind: 'task.complete', taskId: id, outcome: 'resolved', principal: ben }),
    ).toMatchObject({ type: 'Forbidden' });
    expect(h.refuse({ kind: 'task.complete', taskId: id, outcome: 'nope', principal: anna })).toMatchObject({
      type: 'Invalid',
    });
    expect(
      h.refuse({ kind: 'task.complete', taskId: id, outcome: 'resolved', principal: anna }),
    ).toMatchObject({
      type: 'Invalid',
      message: expect.stringContaining('summary: required'),
    });
    expect(
      h.refuse({
        kind: 'task.complete',
        taskId: id,
        outcome: 'resolved',
        form: { summary: 3 },
        principal: anna,
      }),
    ).toMatchObject({ type: 'Invalid', message: expect.stringContaining('summary: expected a string') });
    expect(
      h.refuse({
        kind: 'task.complete',
        taskId: id,
        outcome: 'resolved',
        form: { summary: 'x', extra: 1 },
        principal: anna,
      }),
    ).toMatchObject({ type: 'Invalid', message: expect.stringContaining('extra') });
    h.send(
      { kind: 'task.complete', taskId: id, outcome: 'resolved', form: { summary: 'fixed' }, principal: anna },
      T0 + HOUR,
    );
    expect(h.state).toMatchObject({ status: 'resolved', finished: true, step: 'done', lastHandler: 'anna' });
    expect(h.state.vars.triage).toEqual({ summary: 'fixed' });
    expect(h.commands.map((c) => c.kind)).toEqual(['project', 'upsert-search-attributes', 'complete-case']);
    expect(
      h.refuse({ kind: 'task.complete', taskId: id, outcome: 'resolved', principal: anna }),
    ).toMatchObject({ type: 'Conflict' });
    expect(h.refuse({ kind: 'task.claim', taskId: 'C1-t9', principal: anna })).toMatchObject({
      type: 'Conflict',
    });
  });

  it('answers NotFound for an unknown task of an open case', () => {
    const h = new Harness(makePlan());
    expect(h.refuse({ kind: 'task.claim', taskId: 'C1-t9', principal: anna })).toMatchObject({
      type: 'NotFound',
    });
  });

  it('lets an unclaimed task be completed directly, and an admin complete a claimed one', () => {
    const h = new Harness(makePlan(), makeInput({ description: 'outage' }));
    h.complete('route', undefined, ben);
    const task = h.openTask('department');
    expect(task).toMatchObject({ id: 'C1-t2', department: 'technical', tier: 'L1' });
    h.send({ kind: 'task.claim', taskId: task.id, principal: anna });
    h.send({ kind: 'task.complete', taskId: task.id, outcome: 'escalate', principal: admin });
    expect(h.state.status).toBe('resolved');
    expect(h.state.tasks[1]).toMatchObject({ status: 'completed', assignee: 'anna', outcome: 'escalate' });
  });

  it('two completions of the same task: exactly one is accepted', () => {
    const h = new Harness(makePlan());
    const id = h.openTask().id;
    const first = { kind: 'task.complete' as const, taskId: id, outcome: 'route', principal: anna };
    const second = { kind: 'task.complete' as const, taskId: id, outcome: 'route', principal: ben };
    h.send(first);
    expect(h.refuse(second)).toMatchObject({ type: 'Conflict' });
    expect(h.state.tasks.filter((t) => t.step === 'department')).toHaveLength(1);
  });

  it('a refusal leaves the given state untouched', () => {
    const h = new Harness(makePlan());
    const before = JSON.stringify(h.state);
    h.refuse({
      kind: 'task.complete',
      taskId: h.openTask().id,
      outcome: 'resolved',
      form: {},
      principal: anna,
    });
    expect(JSON.stringify(h.state)).toBe(before);
  });

  it('cancel closes every task and the case; a second cancel is a conflict', () => {
    const h = new Harness(makePlan());
    h.send({ kind: 'case.cancel', reason: 'duplicate', principal: admin });
    expect(h.state).toMatchObject({ status: 'cancelled', finished: true });
    expect(h.state.tasks[0]?.status).toBe('cancelled');
    expect(h.commandsOf('complete-case')).toEqual([{ kind: 'complete-case', status: 'cancelled' }]);
    expect(h.refuse({ kind: 'case.cancel', reason: 'again', principal: admin })).toMatchObject({
      type: 'Conflict',
    });
  });

  it('builds the case view with tasks, priority rank and decisions', () => {
    const h = new Harness(makePlan(), makeInput({ description: 'outage' }));
    const view = toCaseView(h.plan, h.state);
    expect(view).toMatchObject({
      id: 'C1',
      status: 'open',
      priority: 'P2',
      category: 'technical',
      step: 'triage',
      revision: 1,
    });
    expect(view.tasks[0]).toMatchObject({ id: 'C1-t1', caseId: 'C1', priority: 'P2', priorityRank: 1 });
    expect(view.decisions[0]).toMatchObject({ what: 'case opened', by: 'web' });
  });
});

describe('carried state', () => {
  it('is plain JSON: a round trip (as continue-as-new does) changes nothing and the case goes on', () => {
    const h = new Harness(makePlan(), makeInput({ description: 'outage' }));
    h.complete('route', undefined, ben);
    const copy = JSON.parse(JSON.stringify(h.state)) as typeof h.state;
    expect(copy).toEqual(h.state);
    h.state = copy;
    h.complete('resolved');
    expect(h.state).toMatchObject({ status: 'resolved', finished: true, taskSeq: 2 });
  });
});
