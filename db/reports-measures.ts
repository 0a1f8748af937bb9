/**
 * The measures of one case that the service reports add up (SPEC §8; definitions in docs/reports.md),
 * derived from its CaseView — the status changes, task actions and survey answers in its decision log —
 * and the SLA section of its plan. Pure: the projection activity calls it with the view and `now`.
 *
 * The engine's decision log is written in fixed phrases (workflows/engine: tasks.ts, steps/step.ts,
 * steps/survey.ts, steps/end.ts); audit/timeline-decisions.ts reads the same phrases.
 */
import type { Plan } from '../definitions/plan';
import {
  ALWAYS_OPEN_CALENDAR,
  type CalendarMap,
  dueAt,
  pauseClock,
  resumeClock,
  startClock,
  type SlaClock,
  usedMs,
} from '../workflows/time';
import { isEndStatus, type CaseStatus, type CaseView } from '../contract';

export interface CaseMeasures {
  firstResponseAt?: string;
  resolvedAt?: string;
  endedAt?: string;
  responseTargetMs?: number;
  resolutionTargetMs?: number;
  responseBusinessMs?: number;
  resolutionBusinessMs?: number;
  /** While the clock runs: when its target runs out if nothing changes (the case is re-measured on change). */
  responseDueAt?: string;
  resolutionDueAt?: string;
  /** true/false once decided (stopped in time, or late, or already past the target); absent while open. */
  responseMet?: boolean;
  resolutionMet?: boolean;
  reopenCount: number;
  escalationCount: number;
  handoffCount: number;
  firstContactResolution: boolean;
  surveySentAt?: string;
  surveyAnsweredAt?: string;
  surveyScores?: Record<string, unknown>;
}

interface StatusSpan {
  status: CaseStatus;
  from: number;
  to: number;
}

/** The case's status over time, from its opening to `now`, read from the decision log. */
export function statusSpans(view: CaseView, now: number): StatusSpan[] {
  const spans: StatusSpan[] = [];
  let status: CaseStatus = 'open';
  let from = Date.parse(view.createdAt);
  const change = (to: CaseStatus, at: number): void => {
    if (to === status) return;
    spans.push({ status, from, to: at });
    status = to;
    from = at;
  };
  for (const d of view.decisions) {
    const at = Date.parse(d.at);
    const moved = /^status \S+ → (\S+)$/.exec(d.what);
    if (moved) change(moved[1] as CaseStatus, at);
    else if (d.what === 'case reopened') change('open', at);
    else if (d.what === 'case cancelled') change('cancelled', at);
  }
  spans.push({ status, from, to: Math.max(from, now) });
  return spans;
}

/**
 * The clock the engine would have kept for a case from before its clocks: started at the case's opening
 * on `calendar`, paused over every span whose status pauses the clocks or ends the work, running over the
 * others. Built with the engine's own clock functions (workflows/time), so used time and due instants are
 * counted exactly as the engine counts them.
 */
function reconstructedClock(
  spans: StatusSpan[],
  paused: readonly string[],
  calendar: string,
  targetMs: number,
): SlaClock | undefined {
  const first = spans[0];
  if (!first) return undefined;
  const stands = (status: CaseStatus): string | undefined =>
    // Clocks stand still once the work ended (resolved included: awaiting follow-up or survey); a
    // reopening resumes them.
    paused.includes(status) || isEndStatus(status) ? status : undefined;
  const firstReason = stands(first.status);
  let clock = startClock('reconstructed', targetMs, calendar, first.from, firstReason);
  let at = first.from;
  for (const span of spans.slice(1)) {
    at = Math.max(at, span.from); // a log out of order must not make the clock run backwards
    const reason = stands(span.status);
    clock = reason === undefined ? resumeClock(clock, at) : pauseClock(clock, at, reason);
  }
  return clock;
}

interface ClockMeasure {
  businessMs?: number;
  dueAt?: string;
  met?: boolean;
}

/** One SLA clock: stopped at `stop` (first response, resolution) or still running at `now`. */
function measureClock(
  spans: StatusSpan[],
  paused: readonly string[],
  calendars: CalendarMap,
  calendar: string,
  targetMs: number,
  stop: number | undefined,
  now: number,
): ClockMeasure {
  const clock = reconstructedClock(spans, paused, calendar, targetMs);
  if (!clock) return {};
  if (stop !== undefined) {
    const businessMs = usedMs(clock, calendars, stop);
    return { businessMs, met: businessMs <= targetMs };
  }
  if (usedMs(clock, calendars, now) > targetMs) return { met: false };
  // Paused or finished without stopping: no due instant while nothing changes.
  const due = clock.state === 'running' ? dueAt(clock, calendars) : undefined;
  return due === undefined ? {} : { dueAt: new Date(due).toISOString() };
}

const AGENT_ACTION = /^task \S+ (claimed|completed: |handed off to )/;

export function caseMeasures(view: CaseView, plan: Plan | undefined, now: number): CaseMeasures {
  const decisions = view.decisions;
  const spans = statusSpans(view, now);
  // The engine's SLA clocks say when the first response was; older cases (before the clocks) fall back
  // to the first agent action in the log.
  const firstResponse =
    decisions.find((d) => d.what === 'first response: response clock stopped') ??
    decisions.find(
      (d) => d.by !== undefined && (AGENT_ACTION.test(d.what) || d.what === 'message from agent'),
    );
  // Resolved: the last time the case became resolved, unless it has been reopened since.
  const last = spans[spans.length - 1];
  const resolvedSpan = [...spans].reverse().find((s) => s.status === 'resolved');
  const reopenedAfter =
    resolvedSpan && spans.some((s) => s.from > resolvedSpan.from && !isEndStatus(s.status));
  const resolvedAt = resolvedSpan && !reopenedAfter ? resolvedSpan.from : undefined;
  const ended = [...decisions]
    .reverse()
    .find((d) => /^case (resolved|closed|rejected|cancelled)$/.test(d.what));
  const count = (test: (what: string) => boolean): number => decisions.filter((d) => test(d.what)).length;
  const reopenCount = count((w) => w === 'case reopened');
  const handoffCount = count((w) => /^task \S+ handed off to /.test(w));
  const firstTask = /^task (\S+) opened for /.exec(
    decisions.find((d) => /^task \S+ opened for /.test(d.what))?.what ?? '',
  )?.[1];
  const firstContactResolution =
    resolvedAt !== undefined &&
    firstTask !== undefined &&
    decisions.some((d) => d.what === `task ${firstTask} completed: resolved`) &&
    handoffCount === 0 &&
    reopenCount === 0;
  const sent = decisions.find((d) => d.what === 'survey link sent');
  const answered = [...decisions].reverse().find((d) => d.what === 'survey answered');

  const measures: CaseMeasures = {
    ...(firstResponse ? { firstResponseAt: firstResponse.at } : {}),
    ...(resolvedAt !== undefined ? { resolvedAt: new Date(resolvedAt).toISOString() } : {}),
    ...(ended ? { endedAt: ended.at } : {}),
    reopenCount,
    escalationCount: view.escalations.length + count((w) => /^task \S+ completed: escalate$/.test(w)),
    handoffCount,
    firstContactResolution,
    ...(sent ? { surveySentAt: sent.at } : {}),
    ...(answered ? { surveyAnsweredAt: answered.at, surveyScores: parseScores(answered.why) } : {}),
  };
  const target = view.priority === undefined ? undefined : plan?.sla.targets[view.priority];
  if (!plan || !target || !last) return measures;
  // A calendar the plan lacks (older plans) counts round the clock.
  const calendars: CalendarMap = {
    [target.calendar]: plan.calendars[target.calendar] ?? ALWAYS_OPEN_CALENDAR,
  };
  const measure = (targetMs: number, stop: number | undefined): ClockMeasure =>
    measureClock(spans, plan.sla.pauseWhen, calendars, target.calendar, targetMs, stop, now);
  const response =
    fromEngineClock(view, 'response', firstResponse !== undefined) ??
    measure(target.responseMs, firstResponse && Date.parse(firstResponse.at));
  const resolution =
    fromEngineClock(view, 'resolution', resolvedAt !== undefined) ?? measure(target.resolutionMs, resolvedAt);
  return {
    ...measures,
    responseTargetMs: target.responseMs,
    resolutionTargetMs: target.resolutionMs,
    ...(response.businessMs !== undefined ? { responseBusinessMs: response.businessMs } : {}),
    ...(resolution.businessMs !== undefined ? { resolutionBusinessMs: resolution.businessMs } : {}),
    ...(response.dueAt ? { responseDueAt: response.dueAt } : {}),
    ...(resolution.dueAt ? { resolutionDueAt: resolution.dueAt } : {}),
    ...(response.met !== undefined ? { responseMet: response.met } : {}),
    ...(resolution.met !== undefined ? { resolutionMet: resolution.met } : {}),
  };
}

/**
 * A clock the engine keeps (CaseView.clocks): exact, with priority changes and pauses in its ledger.
 * `reached` says whether the case has responded / is resolved now; a clock stopped otherwise (a case
 * closed without resolution) counts only if it had already breached.
 */
function fromEngineClock(view: CaseView, name: string, reached: boolean): ClockMeasure | undefined {
  const clock = view.clocks.find((c) => c.name === name);
  if (!clock) return undefined;
  if (reached && clock.stoppedAt !== undefined) return { businessMs: clock.usedMs, met: !clock.breached };
  if (clock.breached) return { met: false };
  if (clock.stoppedAt !== undefined || clock.paused || clock.dueAt === undefined) return {};
  return { dueAt: clock.dueAt };
}

/** The engine writes the answers as JSON in the decision's `why`. */
function parseScores(why: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(why) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
