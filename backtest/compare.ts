/**
 * What a recorded case came to against what the candidate made of the same input and events: category,
 * department, priority, each SLA clock (met, breached, running), the number of escalations and the final
 * status. Each difference says why from the candidate's decision log: the classify rule, the priority
 * matrix cell or override, the clock that breached and when, the rungs that fired.
 */
import type { BacktestDifference, CaseView, ClockView, Decision } from '../contract';

/** A case's outcome as the backtest compares it (from a view: the recorded one, or the candidate's). */
export interface CaseOutcome {
  category?: string;
  department?: string;
  priority?: string;
  /** Per clock name: met, breached or running. */
  sla: Record<string, string>;
  escalations: number;
  status: string;
}

/** A clock as the backtest words it. */
export function clockOutcome(clock: ClockView): string {
  if (clock.breached) return 'breached';
  return clock.stoppedAt === undefined ? 'running' : 'met';
}

export function outcomeOf(view: CaseView): CaseOutcome {
  return {
    category: view.category,
    department: view.department,
    priority: view.priority,
    sla: Object.fromEntries(view.clocks.map((c) => [c.name, clockOutcome(c)])),
    escalations: view.escalations.length + (view.escalationsDropped ?? 0),
    status: view.status,
  };
}

const shown = (value: string | undefined): string => value ?? '(none)';

/** The newest decision that passes the test (the library is ES2022: no Array.prototype.findLast). */
function findLast(decisions: Decision[], test: (d: Decision) => boolean): Decision | undefined {
  for (let i = decisions.length - 1; i >= 0; i -= 1) if (test(decisions[i]!)) return decisions[i];
  return undefined;
}

/** The newest decision whose text matches, in words ("classified as billing (rule #2: …)"). */
function lastDecision(decisions: Decision[], test: (d: Decision) => boolean): string | undefined {
  const d = findLast(decisions, test);
  return d === undefined ? undefined : `${d.what} (${d.why})`;
}

function priorityWhy(decisions: Decision[]): string {
  // The assessment (matrix cell and the rules that chose impact and urgency), then each override or raise.
  const assessed = findLast(decisions, (d) => /^priority \S+ \(impact /.test(d.what));
  const start = assessed === undefined ? 0 : decisions.indexOf(assessed);
  const lines = decisions
    .slice(start)
    .filter((d) => d === assessed || /^priority (raised|stays) /.test(d.what))
    .map((d) => `${d.what}: ${d.why}`);
  return lines.join('; ') || 'the candidate set no priority';
}

function departmentWhy(decisions: Decision[]): string {
  return (
    lastDecision(
      decisions,
      (d) =>
        /^task \S+ (opened for|handed off to|reassigned to) /.test(d.what) ||
        /^classified as .* → /.test(d.what) ||
        d.what.startsWith('task goes to '),
    ) ?? 'no decision of the candidate named a department'
  );
}

function clockWhy(decisions: Decision[], clock: string, outcome: string | undefined): string {
  if (outcome === undefined) return `the candidate starts no ${clock} clock`;
  const breach = findLast(decisions, (d) => d.what === `${clock} clock breached`);
  if (outcome === 'breached' && breach !== undefined) return `${clock} clock breached: ${breach.why}`;
  const stop = findLast(
    decisions,
    (d) =>
      d.what === `${clock} clock stopped` ||
      (clock === 'response' && d.what.includes('response clock stopped')),
  );
  if (outcome === 'met' && stop !== undefined)
    return `${stop.what} at ${stop.at} (${stop.why}), within target`;
  const started = findLast(
    decisions,
    (d) => d.what === `${clock} clock started` || d.what === `${clock} clock re-targeted`,
  );
  return started === undefined ? `${clock} clock ${outcome}` : `${clock} clock ${outcome}: ${started.why}`;
}

function escalationsWhy(decisions: Decision[]): string {
  const fired = decisions.filter((d) => /^escalation \S+: /.test(d.what)).map((d) => `${d.what} at ${d.at}`);
  return fired.length === 0 ? 'no rung of the candidate fired' : fired.join('; ');
}

function statusWhy(decisions: Decision[], status: string): string {
  return (
    lastDecision(
      decisions,
      (d) => d.what === `case ${status}` || d.what.startsWith('status ') || d.what === 'case reopened',
    ) ?? `the candidate's case is ${status}`
  );
}

/** The differences between the recorded outcome and the candidate's, each with the candidate's reason. */
export function compareOutcomes(
  recorded: CaseOutcome,
  candidate: CaseOutcome,
  decisions: Decision[],
): BacktestDifference[] {
  const out: BacktestDifference[] = [];
  const field = (
    name: BacktestDifference['field'],
    a: string | undefined,
    b: string | undefined,
    why: () => string,
  ): void => {
    if (a !== b) out.push({ field: name, recorded: shown(a), candidate: shown(b), why: why() });
  };
  field(
    'category',
    recorded.category,
    candidate.category,
    () =>
      lastDecision(decisions, (d) => d.what.startsWith('classified as ') || d.what === 'not classified') ??
      'the candidate does not classify',
  );
  field('department', recorded.department, candidate.department, () => departmentWhy(decisions));
  field('priority', recorded.priority, candidate.priority, () => priorityWhy(decisions));
  for (const clock of [...new Set([...Object.keys(recorded.sla), ...Object.keys(candidate.sla)])].sort()) {
    const a = recorded.sla[clock];
    const b = candidate.sla[clock];
    if (a === b) continue;
    out.push({
      field: 'sla',
      recorded: a === undefined ? `${clock}: none` : `${clock} ${a}`,
      candidate: b === undefined ? `${clock}: none` : `${clock} ${b}`,
      why: clockWhy(decisions, clock, b),
    });
  }
  field('escalations', String(recorded.escalations), String(candidate.escalations), () =>
    escalationsWhy(decisions),
  );
  field('status', recorded.status, candidate.status, () => statusWhy(decisions, candidate.status));
  return out;
}
