/**
 * The case's SLA and OLA clocks, kept in step with the case after every engine call: which clocks run,
 * on which target and calendar, paused or not. The clocks themselves are plain JSON (workflows/time/clock.ts);
 * this file only decides what happens to them, so every rule about clocks lives in one place (docs/time.md):
 *
 * - `response` and `resolution` start once the case has a priority, with that priority's targets
 *   (plan.sla.targets) on that target's calendar; a later priority change re-targets them (time spent
 *   carries over).
 * - Statuses in `sla.pauseWhen` (waiting for the customer) pause every clock.
 * - The first response (markFirstResponse) stops `response`; a status that ends the work (resolved,
 *   closed, rejected, cancelled) stops every clock. A reopened case starts a new resolution clock.
 * - A department with its own calendar runs `ola:<department>` while it holds the case's work: paused while
 *   another department holds it, stopped with the resolution clock.
 */
import type { Plan } from '../../definitions/plan';
// The zod-free statuses file, not the contract's index: zod stays out of the workflow bundle.
import { isEndStatus } from '../../contract/statuses';
import {
  type SlaClock,
  dueAt,
  formatBusinessDuration,
  olaClockName,
  pauseClock,
  resumeClock,
  retargetClock,
  startClock,
  stopClock,
} from '../time';
import { decide, nowIso, type Run } from './run';
import type { CaseState, TaskRecord } from './types';

/** The pause reason a clock records while another department holds the case. */
const NOT_HOLDING = 'not holding';

/** A clock's target as the plan gives it for the case's current priority. */
export interface ClockTarget {
  targetMs: number;
  calendar: string;
}

/** Tasks that are the case's work (escalation side tasks and quality reviews are not). */
export const isCaseWork = (task: TaskRecord): boolean => task.origin === 'step' || task.origin === 'consult';

/** The newest open or claimed task of the case's work: its department holds the case. */
export function holdingTask(state: CaseState): TaskRecord | undefined {
  return state.tasks.filter((t) => isCaseWork(t) && (t.status === 'open' || t.status === 'claimed')).at(-1);
}

/** The targets of `response`, `resolution` and `ola:<department>` for the case's priority. */
export function targetsOf(plan: Plan, state: CaseState): Record<string, ClockTarget> | undefined {
  const target = state.priority === undefined ? undefined : plan.sla.targets[state.priority];
  if (target === undefined) return undefined;
  const targets: Record<string, ClockTarget> = {
    response: { targetMs: target.responseMs, calendar: target.calendar },
    resolution: { targetMs: target.resolutionMs, calendar: target.calendar },
  };
  for (const department of Object.values(plan.departments)) {
    if (department.calendar === undefined) continue;
    // OLA target: the department's own, else the case's resolution target, counted on its calendar.
    targets[olaClockName(department.id)] = {
      targetMs: department.olaMs ?? target.resolutionMs,
      calendar: department.calendar,
    };
  }
  return targets;
}

function describeStart(run: Run, clock: SlaClock): string {
  const due = dueAt(clock, run.plan.calendars);
  const when = due === undefined ? 'paused' : `due ${new Date(due).toISOString()}`;
  return `target ${formatBusinessDuration(clock.targetMs)} on ${clock.calendar}, ${when}`;
}

function start(run: Run, name: string, target: ClockTarget, pausedReason?: string): void {
  const clock = startClock(name, target.targetMs, target.calendar, run.ctx.now, pausedReason);
  run.state.clocks[name] = clock;
  decide(run, `${name} clock started`, describeStart(run, clock));
}

/** The first response (an agent claimed, completed or handed off a task, or wrote to the customer). */
export function markFirstResponse(run: Run, why: string): void {
  const { state } = run;
  if (state.respondedAt !== undefined) return;
  state.respondedAt = nowIso(run);
  const clock = state.clocks.response;
  if (clock === undefined || clock.state === 'stopped') return;
  state.clocks.response = stopClock(clock, run.ctx.now);
  decide(run, 'first response: response clock stopped', why);
}

/**
 * Brings the clocks in line with the case as it stands at `now`. Idempotent: called after every engine
 * call (and between escalation rounds), it changes nothing when nothing relevant changed.
 */
export function syncClocks(run: Run): void {
  const { state, plan } = run;
  const now = run.ctx.now;
  const ended = state.finished || isEndStatus(state.status);
  if (ended) {
    for (const [name, clock] of Object.entries(state.clocks)) {
      if (clock.state === 'stopped') continue;
      state.clocks[name] = stopClock(clock, now);
      decide(run, `${name} clock stopped`, `case ${state.status}`);
    }
    return;
  }
  const targets = targetsOf(plan, state);
  if (targets === undefined) return;
  const pausedBy = plan.sla.pauseWhen.includes(state.status) ? state.status : undefined;
  const holder = holdingTask(state)?.department;

  for (const [name, target] of Object.entries(targets)) {
    const isOla = name !== 'response' && name !== 'resolution';
    const holds = !isOla || (holder !== undefined && olaClockName(holder) === name);
    const reason = pausedBy ?? (holds ? undefined : NOT_HOLDING);
    const clock = state.clocks[name];
    if (clock === undefined || clock.state === 'stopped') {
      // A stopped response clock stays stopped; a stopped resolution (or OLA) clock means the case was
      // resolved and has been reopened since: the new work gets a new clock, and the ladder arms again.
      if (name === 'response' && (clock !== undefined || state.respondedAt !== undefined)) continue;
      if (isOla && !holds) continue;
      start(run, name, target, reason);
      continue;
    }
    let next = clock;
    if (next.targetMs !== target.targetMs || next.calendar !== target.calendar) {
      next = retargetClock(next, now, target.targetMs, target.calendar);
      decide(
        run,
        `${name} clock re-targeted`,
        `priority ${state.priority ?? '-'}: ${describeStart(run, next)}`,
      );
    }
    if (reason === undefined && next.state === 'paused') next = resumeClock(next, now);
    else if (reason !== undefined && next.state === 'running') next = pauseClock(next, now, reason);
    else if (reason !== undefined && next.state === 'paused') {
      // Paused for another reason now (e.g. waiting → not holding): record the new reason in the ledger.
      const last = next.ledger.at(-1);
      if (last?.state === 'paused' && last.reason !== reason)
        next = pauseClock(resumeClock(next, now), now, reason);
    }
    state.clocks[name] = next;
  }
}
