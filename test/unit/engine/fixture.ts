/** A small hand-written plan for engine tests (independent of the YAML compiler). */
import type { Plan, PlanBranch, PlanFormField, PlanOutcome, PlanStep } from '../../../definitions/plan';
import type { SuggestionOutcome } from '../../../contract/suggestion';
import type { CaseInput, Principal } from '../../../workflows/messages';
import { applyEvent, startCase } from '../../../workflows/engine/engine';
import type { CaseEvent, CaseState, CaseCommand } from '../../../workflows/engine/types';
import { twentyFourSeven } from '../../support/calendars';

export const T0 = Date.parse('2026-01-05T08:00:00Z');
export const MIN = 60_000;
export const HOUR = 60 * MIN;

// Agents of every department of makePlan: the claim and handoff rules (tasks.ts) ask for the department.
const everyDepartment = ['frontline', 'technical', 'billing', 'quality'];
export const anna: Principal = { name: 'anna', roles: ['agent'], departments: everyDepartment };
export const ben: Principal = { name: 'ben', roles: ['agent'], departments: everyDepartment };
export const admin: Principal = { name: 'root', roles: ['admin'] };
export const intake: Principal = { name: 'web', roles: ['intake'] };

export const outcome = (id: string, next: string, form: Record<string, PlanFormField> = {}): PlanOutcome => ({
  id,
  next,
  form,
});

/**
 * The front line's triage task whose outcomes lead on (`{ outcome: next step }`), without rungs: the first
 * step of the small plans the engine, temporal and history tests build.
 */
export function triageTask(outcomes: Record<string, string>, handoff: string[] = []): PlanStep {
  return {
    id: 'triage',
    kind: 'task',
    title: 'Triage',
    department: { kind: 'fixed', department: 'frontline' },
    outcomes: Object.fromEntries(Object.entries(outcomes).map(([id, next]) => [id, outcome(id, next)])),
    handoff,
    escalations: [],
  };
}

/** A survey step `csat` with one question, `speed` from 1 to 5, that ends the case when it times out. */
export function speedSurvey(timeoutMs: number, branches: PlanBranch[]): PlanStep {
  return {
    id: 'csat',
    kind: 'survey',
    questions: [{ id: 'speed', text: 'Speed', min: 1, max: 5 }],
    timeoutMs,
    branches,
    onTimeout: 'done',
  };
}

/**
 * Triage resolved, then a survey that waits three days; a speed of 2 or less reopens the case at triage,
 * so one case can be surveyed twice (the survey-link tests).
 */
export function surveyedPlan(): Plan {
  return makePlan(
    {},
    {
      triage: triageTask({ resolved: 'csat' }),
      csat: speedSurvey(3 * 24 * HOUR, [
        { when: 'survey.speed <= 2', next: 'triage', index: 0 },
        { next: 'done', index: 1 },
      ]),
    },
  );
}

const baseSteps: Record<string, PlanStep> = {
  classify: { id: 'classify', kind: 'classify', next: 'prioritize' },
  prioritize: { id: 'prioritize', kind: 'prioritize', next: 'triage' },
  triage: {
    id: 'triage',
    kind: 'task',
    title: 'Triage',
    department: { kind: 'fixed', department: 'frontline' },
    outcomes: {
      resolved: outcome('resolved', 'done', { summary: { type: 'string', required: true } }),
      route: outcome('route', 'department'),
      'needs-info': outcome('needs-info', 'await-customer'),
    },
    handoff: ['technical', 'billing'],
    escalations: [],
  },
  department: {
    id: 'department',
    kind: 'task',
    title: 'Department work',
    department: { kind: 'expr', expr: 'case.department' },
    outcomes: { resolved: outcome('resolved', 'done'), escalate: outcome('escalate', 'done') },
    handoff: [],
    escalations: [],
  },
  'await-customer': {
    id: 'await-customer',
    kind: 'wait',
    for: { kind: 'customer-reply' },
    timeoutMs: 2 * HOUR,
    onTimeout: 'closed',
    status: 'waiting',
    next: 'triage',
  },
  done: { id: 'done', kind: 'end', status: 'resolved' },
  closed: { id: 'closed', kind: 'end', status: 'closed' },
};

export function makePlan(overrides: Partial<Plan> = {}, steps: Record<string, PlanStep> = {}): Plan {
  return {
    apiVersion: 'caseflow/v1',
    name: 'test-issue',
    version: 1,
    title: 'Test issue',
    sha256: 'abc',
    departments: {
      frontline: { id: 'frontline', title: 'Front line', tiers: ['L1'] },
      technical: { id: 'technical', title: 'Technical', tiers: ['L1', 'L2'] },
      billing: { id: 'billing', title: 'Billing', tiers: [] },
      quality: { id: 'quality', title: 'Quality', tiers: [] },
    },
    calendars: { '24x7': twentyFourSeven },
    input: {},
    classify: [
      {
        when: 'case.text.contains("refund")',
        category: 'billing',
        department: 'billing',
        tags: ['money'],
        index: 0,
      },
      {
        when: 'case.text.contains("outage")',
        category: 'technical',
        department: 'technical',
        tags: ['outage'],
        index: 1,
      },
      { category: 'other', department: 'frontline', tags: [], index: 2 },
    ],
    priority: {
      order: ['P1', 'P2', 'P3', 'P4'],
      impact: [
        { when: 'case.customer.tier == "vip"', level: 'high', index: 0 },
        { level: 'low', index: 1 },
      ],
      urgency: [
        { when: '"outage" in case.tags', level: 'high', index: 0 },
        { level: 'low', index: 1 },
      ],
      matrix: { high: { high: 'P1', low: 'P2' }, low: { high: 'P2', low: 'P4' } },
      overrides: [{ when: 'case.customer.tier == "vip"', raise: 1, reason: 'VIP', index: 0 }],
    },
    sla: { pauseWhen: ['waiting'], targets: {} },
    escalations: [],
    start: 'classify',
    steps: { ...baseSteps, ...steps },
    continuity: { mergeOpenCase: true, preferLastHandler: true },
    ...overrides,
  };
}

export function makeInput(overrides: Partial<CaseInput> = {}): CaseInput {
  return {
    channel: 'web',
    customer: { id: 'cust-1', name: 'Li', tier: 'standard', email: 'li@example.com' },
    subject: 'Question',
    description: 'Hello',
    attributes: {},
    ...overrides,
  };
}

/** A case under test: the state and the commands of the last call, with helpers that fail on rejection. */
export class Harness {
  state: CaseState;
  commands: CaseCommand[];
  now: number;

  constructor(
    readonly plan: Plan,
    input: CaseInput = makeInput(),
    caseId = 'C1',
    suggestion?: SuggestionOutcome,
  ) {
    this.now = T0;
    const result = startCase(
      plan,
      { caseId, input, openedBy: intake, openedAt: new Date(T0).toISOString(), suggestion },
      { now: T0 },
    );
    if (!result.ok) throw new Error(result.rejection.message);
    this.state = result.state;
    this.commands = result.commands;
  }

  /** Applies an event that must be accepted. */
  send(event: CaseEvent, at = this.now): this {
    this.now = at;
    const result = applyEvent(this.plan, this.state, event, { now: at });
    if (!result.ok) throw new Error(`rejected: ${result.rejection.type} ${result.rejection.message}`);
    this.state = result.state;
    this.commands = result.commands;
    return this;
  }

  /** Applies an event that must be refused; returns the rejection. */
  refuse(event: CaseEvent) {
    const result = applyEvent(this.plan, this.state, event, { now: this.now });
    if (result.ok) throw new Error(`accepted ${event.kind}`);
    return result.rejection;
  }

  openTask(step?: string) {
    const task = this.state.tasks.find(
      (t) => (t.status === 'open' || t.status === 'claimed') && (step === undefined || t.step === step),
    );
    if (task === undefined) throw new Error(`no open task${step === undefined ? '' : ` at ${step}`}`);
    return task;
  }

  complete(
    outcome: string,
    form?: Record<string, unknown>,
    principal: Principal = anna,
    step?: string,
  ): this {
    return this.send({ kind: 'task.complete', taskId: this.openTask(step).id, outcome, form, principal });
  }

  commandsOf<K extends CaseCommand['kind']>(kind: K): Array<Extract<CaseCommand, { kind: K }>> {
    return this.commands.filter((c): c is Extract<CaseCommand, { kind: K }> => c.kind === kind);
  }
}
