/**
 * Recorded cases made by the real engine: a scripted case simulated on the shipped template, and what the
 * projections would hold of it (its view, decisions, tasks and messages), for the backtest's unit tests.
 */
import { join } from 'node:path';
import { loadTemplateFile } from '../../../definitions/compile';
import type { Plan } from '../../../definitions/plan';
import type { CaseInput, ScriptLine } from '../../../contract';
import type { RecordedCase } from '../../../backtest/recorded-case';
import { simulate } from '../../../workflows/engine/simulation';
import { toCaseView } from '../../../workflows/engine/view';

export const STANDARD = join(__dirname, '../../../definitions/customer-issue/v1.yaml');

export function loadPlan(path = STANDARD): Plan {
  const result = loadTemplateFile(path);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.plan;
}

export const T0 = Date.parse('2026-01-05T08:00:00.000Z');
const MIN = 60_000;
/** An instant `minutes` after T0, as decisions write instants. */
export const at = (minutes: number): string => new Date(T0 + minutes * MIN).toISOString();

export const input = (over: Partial<CaseInput> = {}): CaseInput => ({
  channel: 'web',
  customer: { id: 'c-1', name: 'Li', tier: 'standard' },
  subject: 'Invoice question',
  description: 'I was charged twice',
  attributes: {},
  ...over,
});

/** Simulates the script on the plan and returns the case as the projections record it. */
export function recordCase(
  plan: Plan,
  caseId: string,
  caseInput: CaseInput,
  events: ScriptLine[],
  /** Stop virtual time here (minutes after T0): the case is recorded as it stood then. */
  untilMinutes?: number,
): { recorded: RecordedCase; refusals: string[] } {
  const until = untilMinutes === undefined ? undefined : Date.parse(at(untilMinutes));
  const result = simulate(plan, { caseId, input: caseInput, openedAt: at(0) }, { events }, { until });
  const { state } = result;
  return {
    refusals: result.refusedLines.map((r) => `line ${r.line}: ${r.reason}`),
    recorded: {
      view: toCaseView(plan, state),
      decisions: state.decisions,
      tasks: state.tasks.map((t) => ({ id: t.id, step: t.step, ...(t.form ? { form: t.form } : {}) })),
      messages: state.messages.map((m, i) => ({ seq: i + 1, at: m.at, from: m.from, text: m.text })),
    },
  };
}
