/**
 * The backtest itself (SPEC §11, docs/templates.md "Backtest before you publish"): each recorded case's
 * input and opening instant, and the people's actions rebuilt from its decision log, run through the
 * candidate with the simulator of `caseflow simulate` in virtual time; then compared with what was
 * recorded. Pure: the recorded cases come in (db/recorded-cases.ts reads them), the report goes out.
 */
import type { Plan } from '../definitions/plan';
import type {
  BacktestCase,
  BacktestField,
  BacktestReport,
  CaseInput,
  ScriptLine,
  UnplacedEvent,
} from '../contract';
import { BACKTEST_FIELDS } from '../contract';
import { checkCaseAttributes } from '../definitions/case-input';
import { simulate } from '../workflows/engine/simulation';
import type { CaseState } from '../workflows/engine/types';
import { holderOf } from '../workflows/engine/view';
import { clockView } from '../workflows/time';
import { clockOutcome, compareOutcomes, outcomeOf, type CaseOutcome } from './compare';
import { recordedCaseIsOver, type RecordedCase } from './recorded-case';
import { describeLine, recordedEvents } from './recorded-events';

/** The flag the engine sets itself when a repeat contact joins (steps/prioritize.ts): not the opening's. */
const ENGINE_FLAGS = new Set(['repeat-contact']);

/**
 * The input the recorded case was opened with, as far as its view keeps it, with the candidate's input
 * defaults filled in as intake would have (cases projected before the view kept attributes have none, and
 * a candidate may add a field). An attribute the candidate requires and the case lacks is reported: intake
 * would have refused the case under the candidate.
 */
export function recordedInput(
  recorded: RecordedCase,
  candidate: Plan,
): { input: CaseInput; unplaced: UnplacedEvent[] } {
  const { view } = recorded;
  const flags = (view.flags ?? []).filter((f) => !ENGINE_FLAGS.has(f));
  const given = view.attributes ?? {};
  const checked = checkCaseAttributes(candidate, given);
  const input: CaseInput = {
    channel: view.channel,
    customer: view.customer,
    subject: view.subject,
    description: view.description ?? '',
    attributes: checked.ok ? checked.attributes : given,
    ...(flags.length === 0 ? {} : { flags }),
    // The candidate sends what the customer consented to, as the recorded case did (docs/privacy.md).
    ...(view.consent === undefined ? {} : { consent: view.consent }),
  };
  const unplaced = checked.ok
    ? []
    : checked.errors.map((e) => ({
        at: view.createdAt,
        event: 'open the case',
        reason: `${e.field.replace(/^body\./, '')}: ${e.message}`,
      }));
  return { input, unplaced };
}

/**
 * The candidate's outcome, read from its state as the case view would show it at `now` (toCaseView), without
 * the views of its tasks, which the comparison does not need.
 */
function candidateOutcome(plan: Plan, state: CaseState, now: number): CaseOutcome {
  return {
    category: state.category,
    department: holderOf(state),
    priority: state.priority,
    sla: Object.fromEntries(
      Object.values(state.clocks).map((c) => [c.name, clockOutcome(clockView(c, plan.calendars, now))]),
    ),
    escalations: state.escalations.length + (state.bounds?.droppedEscalations ?? 0),
    status: state.status,
  };
}

/** One recorded case through the candidate: its differences and the events the candidate could not place. */
export function backtestCase(candidate: Plan, recorded: RecordedCase): BacktestCase {
  const { view } = recorded;
  const opening = recordedInput(recorded, candidate);
  const recordedActions = recordedEvents(recorded, candidate);
  const { events } = recordedActions;
  const unplaced = [...opening.unplaced, ...recordedActions.unplaced];
  // A case still going on is compared as of its last change; a finished one runs until nothing is pending.
  const until = recordedCaseIsOver(recorded) ? undefined : Date.parse(view.updatedAt);
  const result = simulate(
    candidate,
    { caseId: view.id, input: opening.input, openedAt: view.createdAt },
    { events },
    { until },
  );
  const refused: UnplacedEvent[] = result.refusedLines.map((r) => {
    const line = events[r.line] as ScriptLine;
    const missing = line.task !== undefined && candidate.steps[line.task] === undefined;
    return {
      at: line.at ?? new Date(r.at).toISOString(),
      event: describeLine(line),
      reason: missing ? `the candidate has no step ${line.task ?? ''} (${r.reason})` : r.reason,
    };
  });
  const asOf = until ?? result.now;
  return {
    id: view.id,
    version: view.template.version,
    openedAt: view.createdAt,
    differences: compareOutcomes(
      outcomeOf(view),
      candidateOutcome(candidate, result.state, asOf),
      result.state.decisions,
    ),
    unplaced: [...unplaced, ...refused].sort((a, b) => a.at.localeCompare(b.at)),
  };
}

export interface BacktestRun {
  candidate: Plan;
  recorded: RecordedCase[];
  range: { from?: string; to?: string };
  /** The instant the run started (performance.now()), so the report's ms covers reading the cases too. */
  startedAt?: number;
}

/** The report: totals, cases per differing field, and each case that differs or has unplaced events. */
export function backtest(run: BacktestRun): BacktestReport {
  return backtestReport(
    run,
    run.recorded.map((r) => backtestCase(run.candidate, r)),
  );
}

/** The report of cases already run (in the recorded cases' order). */
export function backtestReport(run: BacktestRun, results: BacktestCase[]): BacktestReport {
  const started = run.startedAt ?? performance.now();
  const byField = Object.fromEntries(BACKTEST_FIELDS.map((f) => [f, 0])) as Record<BacktestField, number>;
  const differing: BacktestCase[] = [];
  let changed = 0;
  let withUnplacedEvents = 0;
  for (const result of results) {
    if (result.differences.length > 0) changed += 1;
    if (result.unplaced.length > 0) withUnplacedEvents += 1;
    for (const field of new Set(result.differences.map((d) => d.field))) byField[field] += 1;
    if (result.differences.length > 0 || result.unplaced.length > 0) differing.push(result);
  }
  const { candidate } = run;
  return {
    candidate: { name: candidate.name, version: candidate.version, sha256: candidate.sha256 },
    range: run.range,
    cases: results.length,
    changed,
    unchanged: results.length - changed,
    withUnplacedEvents,
    byField,
    ms: Math.round(performance.now() - started),
    differing,
  };
}
