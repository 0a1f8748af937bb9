/**
 * The contract's views are what the engine really returns: case, task, clock and escalation views built
 * by the engine on the shipped template parse with the contract's (closed) schemas, so a field the engine
 * adds to a view without adding it to contract/ fails here, before the API's contract test.
 */
import {
  caseViewSchema,
  clockViewSchema,
  decisionSchema,
  escalationViewSchema,
  taskViewSchema,
} from '../../../contract';
import { readClockAt } from '../../../workflows/time';
import { plan, views } from './fixtures';

const { surveyed, escalated } = views;

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
