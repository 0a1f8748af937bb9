import { nextWakeAt } from '../../../workflows/engine/engine';
import { fnv1a, isSampled } from '../../../workflows/engine/quality';
import { toCaseView } from '../../../workflows/engine/view';
import type { PlanStep } from '../../../definitions/plan';
import { admin, anna, ben, Harness, HOUR, makeInput, makePlan, outcome, T0, triageTask } from './fixture';

const DAY = 24 * HOUR;
const planWith = (steps: Record<string, PlanStep>, first: string) =>
  makePlan({}, { triage: triageTask({ route: first, resolved: 'done' }, ['technical']), ...steps });

describe('notify', () => {
  it('emits a notification with a fallback channel and an idempotent id, then moves on', () => {
    const notify: PlanStep = {
      id: 'tell',
      kind: 'notify',
      to: { kind: 'customer' },
      channel: 'voice',
      fallback: 'sms',
      message: 'Hi',
      next: 'done',
    };
    const h = new Harness(planWith({ tell: notify }, 'tell')).complete('route');
    expect(h.commandsOf('notify').map((c) => c.request)).toEqual([
      {
        id: 'C1/tell/1',
        caseId: 'C1',
        recipient: 'customer',
        channel: 'voice',
        fallback: 'sms',
        message: 'Hi',
        data: undefined,
      },
    ]);
    expect(h.state.step).toBe('done');
  });

  it('sends to the holding department or a named one', () => {
    const steps: Record<string, PlanStep> = {
      a: { id: 'a', kind: 'notify', to: { kind: 'holder' }, channel: 'email', message: 'x', next: 'b' },
      b: {
        id: 'b',
        kind: 'notify',
        to: { kind: 'department', department: 'billing' },
        channel: 'webhook',
        message: 'y',
        next: 'done',
      },
    };
    const h = new Harness(planWith(steps, 'a')).complete('route');
    expect(h.commandsOf('notify').map((c) => c.request.recipient)).toEqual(['frontline', 'billing']);
  });
});

describe('call', () => {
  const call = (onFailure?: string): PlanStep => ({
    id: 'lookup',
    kind: 'call',
    request: { method: 'GET', url: 'https://erp/orders', headers: {} },
    timeoutMs: 5000,
    retry: { maxAttempts: 3, initialIntervalMs: 100, backoffCoefficient: 2 },
    resultVar: 'order',
    next: 'done',
    onFailure,
  });

  it('asks for the call with its key and retry policy and stores the result', () => {
    const h = new Harness(planWith({ lookup: call() }, 'lookup')).complete('route');
    const [command] = h.commandsOf('call');
    expect(command).toMatchObject({ key: 'C1/lookup/1', step: 'lookup', retry: { maxAttempts: 3 } });
    expect(command?.request).toEqual({
      key: 'C1/lookup/1',
      method: 'GET',
      url: 'https://erp/orders',
      headers: {},
      timeoutMs: 5000,
    });
    h.send({ kind: 'call.succeeded', key: 'C1/lookup/0', status: 200, body: 'stale' });
    expect(h.state.step).toBe('lookup');
    h.send({ kind: 'call.succeeded', key: 'C1/lookup/1', status: 200, body: { total: 3 } });
    expect(h.state.vars.order).toEqual({ total: 3 });
    expect(h.state.step).toBe('done');
  });

  it('goes to onFailure when the call fails for good', () => {
    const h = new Harness(planWith({ lookup: call('closed') }, 'lookup')).complete('route');
    h.send({ kind: 'call.failed', key: 'C1/lookup/1', error: '503' });
    expect(h.state.step).toBe('closed');
  });

  it('without onFailure records the error and goes on', () => {
    const h = new Harness(planWith({ lookup: call() }, 'lookup')).complete('route');
    h.send({ kind: 'call.failed', key: 'C1/lookup/1', error: '503' });
    expect(h.state.vars.order).toEqual({ ok: false, error: '503' });
    expect(h.state.step).toBe('done');
  });
});

describe('follow-up', () => {
  const followUp: PlanStep = {
    id: 'check',
    kind: 'follow-up',
    afterMs: 2 * DAY,
    calendar: '24x7',
    department: { kind: 'fixed', department: 'frontline' },
    title: 'Did the fix hold?',
    outcomes: { confirmed: outcome('confirmed', 'done'), reopen: outcome('reopen', 'triage') },
  };

  it('rests as resolved, opens a task after the delay, and may reopen', () => {
    const h = new Harness(planWith({ check: followUp }, 'check')).complete('route');
    expect(h.state.status).toBe('resolved');
    expect(nextWakeAt(h.plan, h.state)).toBe(T0 + 2 * DAY);
    expect(h.state.tasks.filter((t) => t.step === 'check')).toHaveLength(0);
    h.send({ kind: 'wake' }, T0 + 2 * DAY);
    expect(h.openTask('check')).toMatchObject({
      id: 'C1-t2',
      title: 'Did the fix hold?',
      outcomes: ['confirmed', 'reopen'],
    });
    h.complete('reopen');
    expect(h.state).toMatchObject({ status: 'open', step: 'triage' });
    expect(h.state.decisions.some((d) => d.what === 'case reopened')).toBe(true);
    expect(h.openTask('triage').id).toBe('C1-t3');
  });

  it('a confirmed follow-up ends the case', () => {
    const h = new Harness(planWith({ check: followUp }, 'check')).complete('route');
    h.send({ kind: 'wake' }, T0 + 2 * DAY).complete('confirmed');
    expect(h.state).toMatchObject({ status: 'resolved', finished: true });
  });
});

describe('survey', () => {
  const survey: PlanStep = {
    id: 'csat',
    kind: 'survey',
    questions: ['speed', 'ability', 'attitude'].map((id) => ({ id, text: id, min: 1, max: 5 })),
    timeoutMs: 3 * DAY,
    branches: [
      { when: 'survey.speed <= 2 || survey.ability <= 2 || survey.attitude <= 2', next: 'closed', index: 0 },
      { next: 'done', index: 1 },
    ],
    onTimeout: 'done',
  };
  const started = () => new Harness(planWith({ csat: survey }, 'csat')).complete('route');

  it('issues a link, sends it to the customer, and branches on the scores', () => {
    const h = started();
    expect(h.commandsOf('issue-survey-link')).toEqual([
      {
        kind: 'issue-survey-link',
        key: 'C1/csat/1',
        request: {
          caseId: 'C1',
          stepId: 'csat',
          surveyKey: 'C1/csat/1',
          expiresAt: new Date(T0 + 3 * DAY).toISOString(),
        },
      },
    ]);
    h.send({ kind: 'survey.link-issued', key: 'C1/csat/1', token: 'tok', url: 'https://s/tok' });
    expect(h.commandsOf('notify')[0]?.request).toMatchObject({
      id: 'C1/csat.link/1',
      recipient: 'customer',
      channel: 'email',
      data: { url: 'https://s/tok', token: 'tok', kind: 'survey' },
    });
    h.send({
      kind: 'survey.submit',
      answers: { speed: 5, ability: 2, attitude: 4, comment: 'slow' },
      principal: anna,
    });
    expect(h.state.survey).toEqual({ speed: 5, ability: 2, attitude: 4, comment: 'slow' });
    expect(h.state.step).toBe('closed');
  });

  it('validates answers 1–5 for every question', () => {
    const h = started();
    for (const answers of [
      { speed: 5, ability: 5 },
      { speed: 6, ability: 5, attitude: 5 },
      { speed: 2.5, ability: 5, attitude: 5 },
      { speed: 5, ability: 5, attitude: 5, mood: 1 },
    ]) {
      expect(h.refuse({ kind: 'survey.submit', answers, principal: anna }).type).toBe('Invalid');
    }
    h.send({ kind: 'survey.submit', answers: { speed: 5, ability: 5, attitude: 5 }, principal: anna });
    expect(h.state.step).toBe('done');
  });

  it('times out, after which answers are refused', () => {
    const h = started();
    expect(nextWakeAt(h.plan, h.state)).toBe(T0 + 3 * DAY);
    h.send({ kind: 'wake' }, T0 + 3 * DAY);
    expect(h.state.finished).toBe(true);
    expect(
      h.refuse({ kind: 'survey.submit', answers: { speed: 5, ability: 5, attitude: 5 }, principal: anna })
        .type,
    ).toBe('Conflict');
  });

  it('refuses answers when no survey is running', () => {
    const h = new Harness(makePlan());
    expect(h.refuse({ kind: 'survey.submit', answers: {}, principal: anna }).type).toBe('Conflict');
  });
});

describe('handoff and reassign', () => {
  it('hands off to an allowed department with a reason; the origin stays coordinator', () => {
    const h = new Harness(makePlan());
    const id = h.openTask().id;
    h.send({ kind: 'task.claim', taskId: id, principal: anna });
    expect(
      h.refuse({ kind: 'task.handoff', taskId: id, department: 'quality', reason: 'x', principal: anna })
        .type,
    ).toBe('Invalid');
    expect(
      h.refuse({ kind: 'task.handoff', taskId: id, department: 'technical', reason: ' ', principal: anna })
        .type,
    ).toBe('Invalid');
    h.send({
      kind: 'task.handoff',
      taskId: id,
      department: 'technical',
      reason: 'needs L1 tech',
      principal: anna,
    });
    expect(h.openTask()).toMatchObject({
      department: 'technical',
      coordinator: 'frontline',
      status: 'open',
      assignee: undefined,
      tier: 'L1',
    });
    expect(toCaseView(h.plan, h.state).department).toBe('technical');
    expect(h.commandsOf('upsert-search-attributes')[0]?.attributes.department).toBe('technical');
    expect(h.state.decisions.at(-1)).toMatchObject({
      what: `task ${id} handed off to technical`,
      why: 'needs L1 tech',
      by: 'anna',
    });
    h.complete('resolved', { summary: 'ok' }, ben);
    expect(h.state.status).toBe('resolved');
  });

  it('reassigns to a department and/or an agent', () => {
    const h = new Harness(makePlan());
    const id = h.openTask().id;
    expect(h.refuse({ kind: 'task.reassign', taskId: id, principal: admin }).type).toBe('Invalid');
    expect(
      h.refuse({ kind: 'task.reassign', taskId: id, department: 'nowhere', principal: admin }).type,
    ).toBe('Invalid');
    h.send({
      kind: 'task.reassign',
      taskId: id,
      department: 'billing',
      assignee: 'ben',
      assigneeDepartments: ['billing'],
      principal: admin,
    });
    expect(h.openTask()).toMatchObject({ department: 'billing', status: 'claimed', assignee: 'ben' });
    expect(h.refuse({ kind: 'task.complete', taskId: id, outcome: 'route', principal: anna }).type).toBe(
      'Forbidden',
    );
  });
});

describe('continuity and quality', () => {
  it('a repeat contact makes the next task go to the last handler', () => {
    const h = new Harness(makePlan());
    h.complete('needs-info', undefined, ben);
    h.send({ kind: 'customer.contact', input: makeInput({ subject: 'me again' }), principal: anna });
    expect(h.openTask('triage')).toMatchObject({ status: 'claimed', assignee: 'ben' });
    expect(h.state.decisions.some((d) => d.what === 'priority stays P4')).toBe(true);
    expect(h.state.decisions.some((d) => d.why === 'repeat contact: last handler preferred')).toBe(true);
  });

  it('samples deterministically by a hash of the case id', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    const quality = { samplePercent: 50, department: 'quality', title: 'Review', outcomes: ['ok', 'bad'] };
    const ids = Array.from({ length: 400 }, (_, i) => `case-${i}`);
    const share = ids.filter((id) => isSampled(id, quality)).length / ids.length;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
    expect(ids.every((id) => isSampled(id, { ...quality, samplePercent: 100 }))).toBe(true);
    expect(ids.some((id) => isSampled(id, { ...quality, samplePercent: 0 }))).toBe(false);
  });

  it('opens a review task at close for a sampled case and finishes after it', () => {
    const quality = { samplePercent: 100, department: 'quality', title: 'Review', outcomes: ['ok', 'bad'] };
    const h = new Harness(makePlan({ quality }));
    h.complete('resolved', { summary: 's' });
    expect(h.state).toMatchObject({ status: 'resolved', finished: false });
    const review = h.openTask();
    expect(review).toMatchObject({ origin: 'quality', department: 'quality', outcomes: ['ok', 'bad'] });
    h.send({ kind: 'task.complete', taskId: review.id, outcome: 'bad', principal: ben });
    expect(h.state).toMatchObject({ status: 'resolved', finished: true });
    expect(h.state.vars.quality).toEqual({ outcome: 'bad' });
    expect(h.commandsOf('complete-case')).toHaveLength(1);
  });

  it('does not sample cancelled cases', () => {
    const quality = { samplePercent: 100, department: 'quality', title: 'Review', outcomes: ['ok'] };
    const h = new Harness(makePlan({ quality }), makeInput());
    h.send({ kind: 'case.cancel', reason: 'spam', principal: admin });
    expect(h.state.finished).toBe(true);
  });
});
