/** Moving an open case to another version of its template (workflows/engine/migrate.ts, docs/migration.md). */
import { join } from 'node:path';
import fc from 'fast-check';
import { decisionEntries } from '../../../audit/timeline-decisions';
import { loadTemplateFile } from '../../../definitions/compile';
import type { Plan, PlanStep } from '../../../definitions/plan';
import { checkMigration, migrateCase, type MigrationMapping } from '../../../workflows/engine/migrate';
import type { CaseState, TaskRecord } from '../../../workflows/engine/types';
import { admin, anna, Harness, HOUR, makeInput, makePlan, MIN, outcome, T0 } from './fixture';
import { slaPlan } from './sla-fixture';

const v1 = (): Plan => slaPlan();

/** Version 2 of the SLA fixture: P4's resolution target 2h instead of 4h, and other changes. */
function v2(overrides: Partial<Plan> = {}, steps: Record<string, PlanStep> = {}): Plan {
  const base = v1();
  return {
    ...base,
    version: 2,
    sha256: 'def',
    sla: {
      ...base.sla,
      targets: { ...base.sla.targets, P4: { responseMs: HOUR, resolutionMs: 2 * HOUR, calendar: '24x7' } },
    },
    steps: { ...base.steps, ...steps },
    ...overrides,
  };
}

/** v2 with triage renamed first-look (and the steps that led to it following). */
function renamed(triageChanges: Partial<Extract<PlanStep, { kind: 'task' }>> = {}): Plan {
  const plan = v2();
  const triage = plan.steps.triage as Extract<PlanStep, { kind: 'task' }>;
  const steps = { ...plan.steps };
  delete steps.triage;
  steps['first-look'] = { ...triage, id: 'first-look', title: 'First look', ...triageChanges };
  steps.prioritize = { id: 'prioritize', kind: 'prioritize', next: 'first-look' };
  steps['await-customer'] = {
    ...(plan.steps['await-customer'] as PlanStep & { kind: 'wait' }),
    next: 'first-look',
  };
  return { ...plan, steps };
}

const root = admin;
const at = (ms: number) => ({ now: ms });

function move(h: Harness, to: Plan, mapping: MigrationMapping = {}, when = h.now) {
  const result = migrateCase(h.plan, to, h.state, mapping, root, at(when));
  if (!result.ok) throw new Error(`refused: ${result.rejection.message}`);
  h.state = result.state;
  h.commands = result.commands;
  h.now = when;
  (h as unknown as { plan: Plan }).plan = to;
  return h;
}

function refusal(h: Harness, to: Plan, mapping: MigrationMapping = {}) {
  const before = JSON.stringify(h.state);
  const result = migrateCase(h.plan, to, h.state, mapping, root, at(h.now + MIN));
  expect(JSON.stringify(h.state)).toBe(before);
  if (result.ok) throw new Error('migrated');
  const checked = checkMigration(h.plan, to, h.state, mapping);
  expect(checked).toMatchObject({ ok: false, reason: result.rejection.message });
  return result.rejection;
}

/** A case at triage with its task claimed by anna ten minutes after it opened. */
function atTriage(plan: Plan = v1()): Harness {
  const h = new Harness(plan);
  return h.send({ kind: 'task.claim', taskId: h.openTask('triage').id, principal: anna }, T0 + 10 * MIN);
}

describe('migrating a case: moves', () => {
  it('keeps a renamed task step: same task, claim and times; clocks carry their used time', () => {
    const h = atTriage();
    const task = { ...h.openTask('triage') };
    const resolution = h.state.clocks.resolution!;
    move(h, renamed(), { stepMap: { triage: 'first-look' } }, T0 + 30 * MIN);

    expect(h.state.template).toEqual({ name: 'test-issue', version: 2, sha256: 'def' });
    expect(h.state.step).toBe('first-look');
    expect(h.state.cursor).toEqual({ kind: 'task', taskId: task.id });
    expect(h.openTask()).toEqual({ ...task, step: 'first-look', title: 'First look' });
    expect(h.state.visits['first-look']).toBe(h.state.visits.triage);
    expect(h.state.visits.triage).toBeUndefined(); // task steps key nothing by visit
    const clock = h.state.clocks.resolution!;
    expect(clock.ledger).toEqual(resolution.ledger);
    expect(clock.targets).toEqual([
      ...resolution.targets,
      { at: T0 + 30 * MIN, targetMs: 2 * HOUR, calendar: '24x7' },
    ]);
    const migrated = h.state.decisions.find((d) => d.what === 'case migrated v1 → v2');
    expect(migrated).toMatchObject({ by: 'root', step: 'first-look' });
    expect(migrated?.why).toContain('step triage kept as first-look');
    expect(migrated?.why).toContain(`task ${task.id} kept (claimed by anna)`);
    expect(migrated?.why).toContain('resolution clock re-targeted PT4H → PT2H');
    // The timeline shows it as a migration by the principal who moved it.
    const [entry] = decisionEntries([migrated!]);
    expect(entry).toMatchObject({ kind: 'case.migrated', who: { kind: 'principal', name: 'root' } });
    expect(h.state.decisions).toContainEqual(
      expect.objectContaining({ what: 'resolution clock re-targeted', by: 'root' }),
    );
    expect(h.commands[0]).toEqual({ kind: 'project', revision: h.state.revision });
    expect(h.commandsOf('upsert-search-attributes')[0]?.attributes.version).toBe(2);

    // The task completes under v2's outcomes and the case follows v2's flow.
    h.complete('resolved', { summary: 'fixed' }, anna);
    expect(h.state).toMatchObject({ finished: true, status: 'resolved', step: 'done' });
  });

  it('the dry run answers the same move and changes nothing', () => {
    const h = atTriage();
    const before = JSON.stringify(h.state);
    const answer = checkMigration(h.plan, renamed(), h.state, { stepMap: { triage: 'first-look' } });
    expect(JSON.stringify(h.state)).toBe(before);
    expect(answer).toEqual({
      id: 'C1',
      from: { version: 1, step: 'triage' },
      to: { version: 2, step: 'first-look' },
      ok: true,
      changes: [
        'step triage kept as first-look',
        `task ${h.openTask().id} kept (claimed by anna)`,
        'resolution clock re-targeted PT4H → PT2H',
      ],
    });
  });

  it('re-enters a listed step: its task cancelled, the target entered afresh', () => {
    const h = atTriage();
    const old = h.openTask().id;
    move(h, renamed(), { stepMap: { triage: 'first-look' }, reenter: ['triage'] }, T0 + 30 * MIN);
    expect(h.state.tasks.find((t) => t.id === old)).toMatchObject({ status: 'cancelled' });
    expect(h.state.decisions).toContainEqual(
      expect.objectContaining({ what: `task ${old} cancelled`, why: 'case migrated to v2', by: 'root' }),
    );
    const fresh = h.openTask();
    expect(fresh).toMatchObject({ step: 'first-look', status: 'open', title: 'First look' });
    expect(fresh.id).not.toBe(old);
    expect(h.state.cursor).toEqual({ kind: 'task', taskId: fresh.id });
  });

  it('a different kind is entered afresh when listed in reenter', () => {
    const h = atTriage();
    const to = v2({}, { triage: { id: 'triage', kind: 'end', status: 'closed' } });
    expect(refusal(h, to).message).toBe(
      'step triage is a task step and triage in v2 a end step: list triage in reenter to enter triage afresh',
    );
    move(h, to, { reenter: ['triage'] });
    expect(h.state).toMatchObject({ finished: true, status: 'closed' });
  });

  it('a shorter target already used up breaches at once', () => {
    const h = atTriage();
    move(h, v2(), {}, T0 + 3 * HOUR);
    expect(h.state.decisions.map((d) => d.what)).toContain('resolution clock breached');
  });

  it('keeps escalation side tasks and fired rungs as they are', () => {
    const h = atTriage();
    const side: TaskRecord = {
      id: 'C1-t99',
      step: 'triage',
      origin: 'escalation',
      department: 'frontline',
      title: 'Review',
      status: 'open',
      outcomes: ['seen'],
      createdAt: new Date(T0).toISOString(),
      updatedAt: new Date(T0).toISOString(),
    };
    h.state = { ...h.state, tasks: [...h.state.tasks, side], firedRungs: ['rung|x'] };
    move(h, renamed(), { stepMap: { triage: 'first-look' } });
    expect(h.state.tasks.find((t) => t.id === side.id)).toEqual(side);
    expect(h.state.firedRungs).toContain('rung|x');
  });

  it('keeps a wait step and its deadline', () => {
    const h = new Harness(v1());
    h.complete('needs-info');
    const cursor: unknown = JSON.parse(JSON.stringify(h.state.cursor));
    move(h, v2());
    expect(h.state).toMatchObject({ step: 'await-customer', status: 'waiting', cursor });
  });

  it('moves a case of the standard template to a v2 with another target', () => {
    const result = loadTemplateFile(join(__dirname, '../../../definitions/customer-issue/v1.yaml'));
    if (!result.ok) throw new Error('standard template');
    const one = result.plan;
    const priorities = Object.fromEntries(
      Object.entries(one.sla.targets).map(([p, t]) => [p, { ...t, resolutionMs: t.resolutionMs / 2 }]),
    );
    const two: Plan = { ...one, version: 2, sha256: 'x', sla: { ...one.sla, targets: priorities } };
    const h = new Harness(one, makeInput({ subject: 'Question', description: 'How do I change my plan?' }));
    const step = h.state.step;
    move(h, two, {}, T0 + MIN);
    expect(h.state).toMatchObject({ step, template: { version: 2 } });
    expect(h.state.clocks.resolution?.targets).toHaveLength(2);
  });
});

describe('migrating a case: refusals', () => {
  it('refuses a finished case', () => {
    const h = new Harness(v1());
    h.complete('resolved', { summary: 'done' });
    expect(refusal(h, v2())).toMatchObject({ type: 'Conflict', message: 'the case is resolved' });
  });

  it('refuses another template and the same version', () => {
    const h = atTriage();
    expect(refusal(h, { ...v2(), name: 'other' }).message).toBe(
      'the case runs template test-issue, not other',
    );
    expect(refusal(h, v1()).message).toBe('the case already runs v1');
  });

  it('refuses a stepMap naming unknown steps, naming the field', () => {
    const h = atTriage();
    expect(refusal(h, v2(), { stepMap: { nope: 'triage' } })).toEqual({
      type: 'Invalid',
      message: 'stepMap: nope is not a step of test-issue v1',
      field: 'stepMap.nope',
    });
    expect(refusal(h, v2(), { stepMap: { triage: 'nope' } })).toEqual({
      type: 'Invalid',
      message: 'stepMap.triage: nope is not a step of test-issue v2',
      field: 'stepMap.triage',
    });
    expect(refusal(h, v2(), { reenter: ['nope'] })).toMatchObject({ type: 'Invalid', field: 'reenter' });
  });

  it('refuses a current step with no counterpart', () => {
    const h = atTriage();
    expect(refusal(h, renamed())).toEqual({
      type: 'Conflict',
      message: 'step triage has no counterpart in v2: map it to a step of v2 in stepMap',
    });
  });

  it('refuses while a call is in flight', () => {
    const call: PlanStep = {
      id: 'lookup',
      kind: 'call',
      request: { method: 'GET', url: 'https://x', headers: {} },
      timeoutMs: 1000,
      retry: { maxAttempts: 1, initialIntervalMs: 1, backoffCoefficient: 1 },
      resultVar: 'r',
      next: 'done',
    };
    const plan = slaPlan([], {
      steps: {
        ...v1().steps,
        prioritize: { id: 'prioritize', kind: 'prioritize', next: 'lookup' },
        lookup: call,
      },
    });
    const h = new Harness(plan);
    expect(h.state.cursor.kind).toBe('call');
    expect(refusal(h, { ...plan, version: 2 }).message).toBe(
      'a call is in flight at step lookup; try again when it answers',
    );
  });

  it('refuses a priority or a clock target the target lacks', () => {
    const h = atTriage();
    const base = v2();
    expect(refusal(h, { ...base, priority: { ...base.priority, order: ['P1', 'P2', 'P3'] } }).message).toBe(
      'priority P4 is not a priority of v2 (P1, P2, P3)',
    );
    const { P4: _gone, ...targets } = base.sla.targets;
    expect(refusal(h, { ...base, sla: { ...base.sla, targets } }).message).toBe(
      'the resolution clock has no target in v2: priority P4 has no sla.targets entry in v2',
    );
  });

  it('refuses an OLA clock whose department has no calendar in the target', () => {
    const h = new Harness(v1(), makeInput({ subject: 'outage', description: 'all down' }));
    h.complete('route');
    expect(h.state.clocks['ola:technical']?.state).toBe('running');
    const base = v2();
    const departments = { ...base.departments, technical: { id: 'technical', title: 'T', tiers: ['L1'] } };
    expect(refusal(h, { ...base, departments }).message).toBe(
      'the ola:technical clock has no target in v2: department technical has no calendar of its own in v2',
    );
  });

  it('refuses a kept task whose outcome is gone or whose form asks more', () => {
    const h = atTriage();
    const id = h.openTask().id;
    const triage = v1().steps.triage as Extract<PlanStep, { kind: 'task' }>;
    const { route: _route, ...noRoute } = triage.outcomes;
    expect(refusal(h, v2({}, { triage: { ...triage, outcomes: noRoute } })).message).toBe(
      `task ${id}: outcome 'route' is gone in v2`,
    );
    const stricter = {
      ...triage.outcomes,
      route: outcome('route', 'department', { reason: { type: 'string', required: true } }),
    };
    expect(refusal(h, v2({}, { triage: { ...triage, outcomes: stricter } })).message).toBe(
      `task ${id}: outcome 'route': form field 'reason' is now required in v2`,
    );
    const retyped = {
      ...triage.outcomes,
      resolved: outcome('resolved', 'done', { summary: { type: 'number', required: true } }),
    };
    expect(refusal(h, v2({}, { triage: { ...triage, outcomes: retyped } })).message).toBe(
      `task ${id}: outcome 'resolved': form field 'summary' changed type (string → number) in v2`,
    );
    // An optional new field asks nothing more: the move is fine.
    const optional = {
      ...triage.outcomes,
      route: outcome('route', 'department', { reason: { type: 'string', required: false } }),
    };
    expect(
      checkMigration(h.plan, v2({}, { triage: { ...triage, outcomes: optional } }), h.state, {}).ok,
    ).toBe(true);
  });

  it('refuses a consult task whose entry is gone', () => {
    const consult: PlanStep = {
      id: 'ask',
      kind: 'consult',
      join: 'all',
      next: 'done',
      tasks: [
        { id: 'a', department: 'technical', title: 'A', outcomes: ['ok'] },
        { id: 'b', department: 'billing', title: 'B', outcomes: ['ok'] },
      ],
    };
    const plan = makePlan(
      {},
      { prioritize: { id: 'prioritize', kind: 'prioritize', next: 'ask' }, ask: consult },
    );
    const h = new Harness(plan);
    const b = h.state.tasks.find((t) => t.entry === 'b')!;
    const to = {
      ...plan,
      version: 2,
      steps: { ...plan.steps, ask: { ...consult, tasks: consult.tasks.slice(0, 1) } },
    };
    expect(refusal(h, to).message).toBe(`task ${b.id}: consult entry 'b' is gone in v2`);
  });

  it('refuses a wait step that waits for something else', () => {
    const h = new Harness(v1());
    h.complete('needs-info');
    const wait = v1().steps['await-customer'] as Extract<PlanStep, { kind: 'wait' }>;
    const to = v2({}, { 'await-customer': { ...wait, for: { kind: 'duration', durationMs: HOUR } } });
    expect(refusal(h, to).message).toBe(
      'step await-customer waits for customer-reply and await-customer in v2 for duration: ' +
        'list await-customer in reenter to enter await-customer afresh',
    );
  });
});

describe('migrating a case: properties', () => {
  const targets: Plan[] = [v2(), renamed(), v1(), { ...v2(), name: 'other' }];
  const stepIds = ['triage', 'first-look', 'department', 'nope', 'done'];

  it('a dry run never changes the state, and a refused move changes nothing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...targets),
        fc.dictionary(fc.constantFrom(...stepIds), fc.constantFrom(...stepIds), { maxKeys: 2 }),
        fc.subarray(stepIds),
        fc.integer({ min: 0, max: 6 * HOUR }),
        (to, stepMap, reenter, later) => {
          const h = atTriage();
          const state: CaseState = h.state;
          const before = JSON.stringify(state);
          const checked = checkMigration(h.plan, to, state, { stepMap, reenter });
          expect(JSON.stringify(state)).toBe(before);
          const moved = migrateCase(h.plan, to, state, { stepMap, reenter }, root, at(T0 + 10 * MIN + later));
          expect(JSON.stringify(state)).toBe(before);
          expect(moved.ok).toBe(checked.ok);
          if (!moved.ok) expect(checked.reason).toBe(moved.rejection.message);
          else expect(moved.state.template.version).toBe(to.version);
        },
      ),
      { numRuns: 200 },
    );
  });
});
