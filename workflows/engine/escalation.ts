/**
 * Escalation ladders, evaluated purely: given the plan's rungs, the case's clocks, its tasks' timings,
 * what has already fired and `now`, which rungs are due, and when the next one will be. The workflow keeps
 * one timer armed until nextWakeUp and calls dueRungs when it fires (or after any event).
 *
 * A rung fires at most once per firing key (one per clock run for clock rungs, one per task for task
 * rungs), and never for work that ended before the rung's instant came. The rung's CEL `when` is not
 * evaluated here: the engine does that, and must record a due rung as fired even when `when` says no,
 * otherwise dueRungs returns it again.
 */
import type { PlanEscalation } from '../../definitions/plan';
import {
  ALWAYS_OPEN_CALENDAR_ID,
  addBusinessTime,
  type CalendarMap,
  type SlaClock,
  calendarById,
  instantWhenUsed,
} from '../time';
import { describeEscalationCause, type EscalationCause } from './escalation-cause';

export { describeEscalationCause, type EscalationCause } from './escalation-cause';

/** What escalation needs to know about a task of the case. */
export interface TaskTiming {
  id: string;
  /** The step that opened the task: that step's own rungs (stepRungs[step]) apply to it. */
  step: string;
  department: string;
  tier?: string;
  createdAt: number;
  /** Set while the task is claimed; cleared on release. */
  claimedAt?: number;
  /** When the task last became unclaimed in its current queue (release, reassignment); default createdAt. */
  unclaimedSince?: number;
  /** When it was completed or cancelled. Closed tasks may also simply be left out. */
  closedAt?: number;
  /** The calendar its `after`/unclaimed durations count on (its department's); default `24x7`. */
  calendar?: string;
}

/** Everything dueRungs and nextWakeUp look at. All instants are epoch ms. */
export interface EscalationInput {
  /** Case-level rungs (Plan.escalations). */
  rungs: readonly PlanEscalation[];
  /** Step-level rungs by step id (PlanTaskStep.escalations). */
  stepRungs?: Readonly<Record<string, readonly PlanEscalation[]>>;
  /** The case's clocks by name (`response`, `resolution`, …). */
  clocks: Readonly<Record<string, SlaClock | undefined>>;
  calendars: CalendarMap;
  tasks: readonly TaskTiming[];
  /** Who holds the case now: clock rungs' `departments`/`tiers` filters match against it. */
  holder?: { department?: string; tier?: string };
  /** Firing keys already recorded (RungFiring.key). */
  fired: ReadonlySet<string> | readonly string[];
  now: number;
}

/** A rung whose instant has come (or, in nextWakeUp, will come). */
export interface RungFiring {
  /** Unique per firing; record it so the rung never fires again for the same clock run or task. */
  key: string;
  rung: PlanEscalation;
  /** `case` for Plan.escalations, else the step id whose rungs it came from. */
  scope: string;
  /** The instant it became due (trigger instant plus delay). */
  at: number;
  cause: EscalationCause;
  /** A readable cause for EscalationView.cause, e.g. "resolution clock at 80%". */
  description: string;
}

interface Candidate extends RungFiring {
  /** The work it escalates ended (clock stopped, task closed or claimed) at this instant. */
  endedAt?: number;
  /** The departments/tiers filters match the holder or task now. */
  applies: boolean;
}

function matches(rung: PlanEscalation, department: string | undefined, tier: string | undefined): boolean {
  if (rung.departments && (department === undefined || !rung.departments.includes(department))) return false;
  if (rung.tiers && (tier === undefined || !rung.tiers.includes(tier))) return false;
  return true;
}

function clockCandidate(input: EscalationInput, rung: PlanEscalation, scope: string): Candidate | undefined {
  const { trigger } = rung;
  if (trigger.kind !== 'clock.at' && trigger.kind !== 'clock.breached') return undefined;
  const clock = input.clocks[trigger.clock];
  if (!clock) return undefined;
  const percent = trigger.kind === 'clock.at' ? trigger.percent : 100;
  // The delay is measured on the clock itself: it runs on the clock's calendar and stops while it is paused.
  const threshold = Math.ceil((clock.targetMs * percent) / 100) + rung.delayMs;
  const at = instantWhenUsed(clock, input.calendars, threshold);
  if (at === undefined) return undefined;
  const cause: EscalationCause =
    trigger.kind === 'clock.at'
      ? {
          kind: 'clock.at',
          clock: clock.name,
          percent,
          clockStartedAt: clock.startedAt,
          delayMs: rung.delayMs,
        }
      : {
          kind: 'clock.breached',
          clock: clock.name,
          targetMs: clock.targetMs,
          clockStartedAt: clock.startedAt,
          delayMs: rung.delayMs,
        };
  return {
    key: `${rung.id}|clock:${clock.name}@${clock.startedAt}`,
    rung,
    scope,
    at,
    cause,
    description: describeEscalationCause(cause),
    ...(clock.stoppedAt === undefined ? {} : { endedAt: clock.stoppedAt }),
    applies: matches(rung, input.holder?.department, input.holder?.tier),
  };
}

function taskCandidate(
  input: EscalationInput,
  rung: PlanEscalation,
  scope: string,
  task: TaskTiming,
): Candidate | undefined {
  const { trigger } = rung;
  if (trigger.kind !== 'task.unclaimed' && trigger.kind !== 'step.after') return undefined;
  const calendar = calendarById(input.calendars, task.calendar ?? ALWAYS_OPEN_CALENDAR_ID);
  const since = trigger.kind === 'task.unclaimed' ? (task.unclaimedSince ?? task.createdAt) : task.createdAt;
  const at = addBusinessTime(calendar, since, trigger.afterMs + rung.delayMs);
  // Claiming ends "unclaimed"; closing ends both.
  const ends = [task.closedAt, trigger.kind === 'task.unclaimed' ? task.claimedAt : undefined].filter(
    (t): t is number => t !== undefined,
  );
  const cause: EscalationCause = {
    kind: trigger.kind,
    taskId: task.id,
    step: task.step,
    department: task.department,
    ...(task.tier === undefined ? {} : { tier: task.tier }),
    afterMs: trigger.afterMs,
    delayMs: rung.delayMs,
  };
  return {
    key: `${rung.id}|task:${task.id}`,
    rung,
    scope,
    at,
    cause,
    description: describeEscalationCause(cause),
    ...(ends.length ? { endedAt: Math.min(...ends) } : {}),
    applies: matches(rung, task.department, task.tier),
  };
}

/** Every rung instance of the case, in plan order: case rungs first, then each task's step rungs. */
function candidates(input: EscalationInput): Candidate[] {
  const out: Candidate[] = [];
  const add = (c: Candidate | undefined): void => {
    if (c) out.push(c);
  };
  for (const rung of input.rungs) {
    add(clockCandidate(input, rung, 'case'));
    for (const task of input.tasks) add(taskCandidate(input, rung, 'case', task));
  }
  const stepsWithOpenTasks = new Set(input.tasks.filter((t) => t.closedAt === undefined).map((t) => t.step));
  for (const [step, rungs] of Object.entries(input.stepRungs ?? {})) {
    for (const rung of rungs) {
      // A step's clock rungs watch the case clocks only while that step has open work.
      if (stepsWithOpenTasks.has(step)) add(clockCandidate(input, rung, step));
      for (const task of input.tasks) if (task.step === step) add(taskCandidate(input, rung, step, task));
    }
  }
  return out;
}

/** Candidates that can still fire: not fired, filters match, and the work had not ended by their instant. */
function live(input: EscalationInput): Candidate[] {
  const fired = new Set(input.fired);
  return candidates(input).filter(
    (c) => c.applies && !fired.has(c.key) && (c.endedAt === undefined || c.at < c.endedAt),
  );
}

function toFiring({ key, rung, scope, at, cause, description }: Candidate): RungFiring {
  return { key, rung, scope, at, cause, description };
}

/**
 * The rungs due at `now` that have not fired yet, earliest first (plan order breaks ties). A rung whose
 * instant came before its work ended is still due after the fact (it was missed, e.g. while the worker
 * was down); one whose work ended first — or at the very instant — is cancelled. The caller records every
 * returned key in `fired`. Apply the event at `now` first, then call this.
 */
export function dueRungs(input: EscalationInput): RungFiring[] {
  return live(input)
    .filter((c) => c.at <= input.now)
    .map((c, index) => ({ c, index }))
    .sort((a, b) => a.c.at - b.c.at || a.index - b.index)
    .map(({ c }) => toFiring(c));
}

/**
 * The earliest instant after `now` at which a rung will be due as things stand, or undefined. Recompute
 * after every event (a pause, claim, retarget or handoff moves it) and keep one timer armed until then.
 */
export function nextWakeUp(input: EscalationInput): number | undefined {
  let next: number | undefined;
  for (const c of live(input)) if (c.at > input.now && (next === undefined || c.at < next)) next = c.at;
  return next;
}

/** The pending rungs after `now`, earliest first: for views and simulate ("what happens next"). */
export function upcomingRungs(input: EscalationInput): RungFiring[] {
  return live(input)
    .filter((c) => c.at > input.now)
    .sort((a, b) => a.at - b.at)
    .map(toFiring);
}
