/**
 * The contract's views are what the engine really returns: case, task, clock and escalation views built
 * by the engine on the shipped template parse with the contract's (closed) schemas, so a field the engine
 * adds to a view without adding it to contract/ fails here, before the API's contract test.
 */
import { join } from 'node:path';
import {
  caseViewSchema,
  clockViewSchema,
  decisionSchema,
  escalationViewSchema,
  scriptFileSchema,
  simulationCaseSchema,
  taskViewSchema,
  type CaseView,
} from '../../../contract';
import { loadTemplateFile } from '../../../definitions/compile';
import type { Plan } from '../../../definitions/plan';
import { takeMessages } from '../../../workflows/engine/bounds';
import { simulate } from '../../../workflows/engine/simulation';
import { toCaseView } from '../../../workflows/engine/view';
import { readClockAt } from '../../../workflows/time';

const compiled = loadTemplateFile(join(__dirname, '../../../definitions/customer-issue/v1.yaml'));
if (!compiled.ok) throw new Error('the shipped template does not compile');
const plan: Plan = compiled.plan;

/** A case file and a script, read as `caseflow simulate` reads them, run on virtual time. */
function viewOf(caseFile: unknown, scriptFile: unknown, until?: string): CaseView {
  const opened = simulationCaseSchema.parse(caseFile);
  const lines = scriptFileSchema.parse(scriptFile);
  const { template: _t, version: _v, id, openedAt, ...input } = opened;
  const result = simulate(
    plan,
    { caseId: id ?? 'SIM-1', input, openedAt: openedAt ?? '2026-01-05T08:00:00Z' },
    Array.isArray(lines) ? { events: lines } : lines,
    { until: until === undefined ? undefined : Date.parse(until) },
  );
  // What the workflow does before it projects: messages leave the state, bounds count them.
  takeMessages(result.state);
  return toCaseView(plan, result.state, result.now);
}

const outage = {
  channel: 'phone',
  customer: { id: 'c-9', name: 'Wang', tier: 'vip', email: 'w@example.com', phone: '+86 10 1234' },
  subject: '无法登录',
  description: 'App outage since this morning',
  attributes: { affectedCustomers: 3 },
};

/** Worked through to the survey, with a customer message on the way: the case waits for the answers. */
const surveyed = viewOf(
  outage,
  [
    { after: '5m', do: 'claim', task: 'triage', as: 'anna' },
    { after: '10m', do: 'complete', task: 'triage', outcome: 'route', form: { reason: 'fault' }, as: 'anna' },
    { after: '10m', do: 'message', from: 'customer', text: 'any news?' },
    { after: '1h', do: 'complete', outcome: 'resolved', form: { resolution: 'reset' }, as: 'tom' },
    { after: '2d', do: 'complete', task: 'follow-up', outcome: 'confirmed', as: 'anna' },
  ],
  '2026-01-07T10:00:00Z',
);

/** Opened on a Friday evening and left alone: the response clock breaches, escalation rungs fire. */
const escalated = viewOf(
  { ...outage, channel: 'web', customer: { id: 'c-2', tier: 'gold' }, subject: 'Outage' },
  { events: [] },
  '2026-01-12T04:00:00Z',
);

const views = { surveyed, escalated };

describe.each(Object.entries(views))('a real case view (%s)', (_name, view) => {
  it('parses with the contract, which names every field it carries', () => {
    expect(caseViewSchema.safeParse(view).error?.issues ?? []).toEqual([]);
  });

  it('has tasks, clocks, escalations and decisions that parse on their own', () => {
    for (const task of view.tasks) expect(taskViewSchema.safeParse(task).error?.issues ?? []).toEqual([]);
    for (const clock of view.clocks) expect(clockViewSchema.safeParse(clock).error?.issues ?? []).toEqual([]);
    for (const e of view.escalations)
      expect(escalationViewSchema.safeParse(e).error?.issues ?? []).toEqual([]);
    for (const d of view.decisions) expect(decisionSchema.safeParse(d).error?.issues ?? []).toEqual([]);
  });
});

it('covers the optional parts a view can carry, so the test above is not vacuous', () => {
  expect(surveyed.awaitingSurvey).toBeDefined();
  expect(surveyed.messageCount).toBe(1);
  expect(surveyed.lastCustomerMessageAt).toBeDefined();
  expect(surveyed.tasks.some((t) => t.form !== undefined && t.status === 'completed')).toBe(true);
  expect(surveyed.clocks.some((c) => c.stoppedAt !== undefined)).toBe(true);
  expect(escalated.escalations.length).toBeGreaterThan(0);
  expect(escalated.clocks.some((c) => c.breached && c.dueAt !== undefined && c.asOf !== undefined)).toBe(
    true,
  );
  expect(escalated.tasks.some((t) => t.dueAt !== undefined && t.priorityRank !== undefined)).toBe(true);
});

it('accepts a clock read again at a later instant (the API reads clocks at the request)', () => {
  const later = Date.parse('2026-01-12T08:00:00Z');
  for (const clock of escalated.clocks) {
    expect(clockViewSchema.safeParse(readClockAt(clock, plan.calendars, later)).success).toBe(true);
  }
});

it('refuses a view with a field the contract does not name', () => {
  expect(caseViewSchema.safeParse({ ...escalated, extra: 1 }).success).toBe(false);
  const [task] = escalated.tasks;
  expect(taskViewSchema.safeParse({ ...task, extra: 1 }).success).toBe(false);
  const [clock] = escalated.clocks;
  expect(clockViewSchema.safeParse({ ...clock, extra: 1 }).success).toBe(false);
});
