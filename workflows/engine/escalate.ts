/**
 * Escalation ladders in the engine: after every engine call the rungs that have come due fire — each
 * exactly once, recorded with its cause — and their actions run (notify, reassign, raise, task). Which
 * rungs are due and when the next one will be is decided by escalation.ts from the clocks and task timings;
 * this file feeds it the case and carries out what it answers. Clock breaches are also noted once in the
 * decision log, so the timeline shows the instant a target was missed even when no rung is attached.
 */
import type { Plan, PlanAction, PlanEscalation } from '../../definitions/plan';
import { dueAt as clockDueAt } from '../time';
import { dueRungs, nextWakeUp, type EscalationInput, type RungFiring, type TaskTiming } from './escalation';
import { decide, holds, nowIso, type Run } from './run';
import { syncClocks, holdingTask, isCaseWork } from './sla';
import { notify } from './steps/notify';
import { openTask } from './tasks';
import type { CaseState, TaskRecord } from './types';

/** Rounds of firing per engine call: actions (raise, task) can make more rungs due at the same instant. */
const MAX_ROUNDS = 20;

const ms = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : Date.parse(iso));

function timingOf(plan: Plan, task: TaskRecord): TaskTiming {
  const calendar = plan.departments[task.department]?.calendar;
  const timing: TaskTiming = {
    id: task.id,
    step: task.step,
    department: task.department,
    createdAt: Date.parse(task.createdAt),
  };
  if (task.tier !== undefined) timing.tier = task.tier;
  const claimedAt = ms(task.claimedAt);
  const unclaimedSince = ms(task.unclaimedSince);
  const closedAt = ms(task.closedAt);
  if (claimedAt !== undefined) timing.claimedAt = claimedAt;
  if (unclaimedSince !== undefined) timing.unclaimedSince = unclaimedSince;
  if (closedAt !== undefined) timing.closedAt = closedAt;
  if (calendar !== undefined) timing.calendar = calendar;
  return timing;
}

/** Step-level rungs by step id (task steps' own `escalations`). */
function stepRungsOf(plan: Plan): Record<string, PlanEscalation[]> {
  const out: Record<string, PlanEscalation[]> = {};
  for (const step of Object.values(plan.steps))
    if (step.kind === 'task' && step.escalations.length > 0) out[step.id] = step.escalations;
  return out;
}

/** What escalation.ts needs to know about the case at `now`. */
export function escalationInput(plan: Plan, state: CaseState, now: number): EscalationInput {
  const holding = holdingTask(state);
  return {
    rungs: plan.escalations,
    stepRungs: stepRungsOf(plan),
    clocks: state.clocks,
    calendars: plan.calendars,
    // Only the case's own work escalates: not quality reviews, not tasks escalations opened.
    tasks: state.tasks.filter(isCaseWork).map((task) => timingOf(plan, task)),
    holder: { department: holding?.department ?? state.department, tier: holding?.tier },
    fired: state.firedRungs,
    now,
  };
}

const breachKey = (name: string, startedAt: number): string => `breach|clock:${name}@${startedAt}`;

/** Clocks whose target ran out by `now` and whose breach is not yet in the decision log. */
function noteBreaches(run: Run): void {
  const { state, plan } = run;
  for (const clock of Object.values(state.clocks)) {
    if (clock.state === 'stopped') continue;
    const due = clockDueAt(clock, plan.calendars);
    const key = breachKey(clock.name, clock.startedAt);
    if (due === undefined || due > run.ctx.now || state.firedRungs.includes(key)) continue;
    state.firedRungs.push(key);
    decide(run, `${clock.name} clock breached`, `target used up at ${new Date(due).toISOString()}`);
  }
}

/** The next instant a clock not yet noted as breached will be (for nextWakeAt). */
function nextBreach(plan: Plan, state: CaseState): number | undefined {
  let next: number | undefined;
  for (const clock of Object.values(state.clocks)) {
    if (clock.state !== 'running' || state.firedRungs.includes(breachKey(clock.name, clock.startedAt)))
      continue;
    const due = clockDueAt(clock, plan.calendars);
    if (due !== undefined && (next === undefined || due < next)) next = due;
  }
  return next;
}

/**
 * The next instant an escalation or a breach is due, as the case stands (after its last change, so every
 * rung due until then has fired already).
 */
export function nextEscalationAt(plan: Plan, state: CaseState): number | undefined {
  if (state.finished) return undefined;
  const now = Date.parse(state.updatedAt);
  const instants = [nextWakeUp(escalationInput(plan, state, now)), nextBreach(plan, state)];
  const due = instants.filter((t): t is number => t !== undefined);
  return due.length === 0 ? undefined : Math.min(...due);
}

/** The work a rung acts on: its own task (task rungs), else the task holding the case. */
function workOf(run: Run, firing: RungFiring): TaskRecord | undefined {
  const { cause } = firing;
  if (cause.kind === 'task.unclaimed' || cause.kind === 'step.after') {
    const task = run.state.tasks.find((t) => t.id === cause.taskId);
    return task && (task.status === 'open' || task.status === 'claimed') ? task : undefined;
  }
  return holdingTask(run.state);
}

/** reassign: to a department (its first tier unless one is named) and/or a tier (`next`: the next one). */
function reassign(run: Run, firing: RungFiring, action: Extract<PlanAction, { kind: 'reassign' }>): string {
  const task = workOf(run, firing);
  if (task === undefined) return 'reassign: no open work';
  const department = action.department ?? task.department;
  const tiers = run.plan.departments[department]?.tiers ?? [];
  let tier: string | undefined;
  if (action.tier === 'next') {
    const index = task.tier === undefined ? -1 : tiers.indexOf(task.tier);
    tier = tiers[index + 1];
    if (tier === undefined && action.department === undefined)
      return `reassign ${task.id}: ${department} has no tier after ${task.tier ?? 'none'}`;
  } else tier = action.tier ?? (action.department === undefined ? task.tier : tiers[0]);
  if (department !== task.department) task.coordinator = task.coordinator ?? task.department;
  task.department = department;
  task.tier = tier;
  // Escalated work goes back into the (new) queue unclaimed, so the unclaimed ladder watches it again.
  task.status = 'open';
  task.assignee = undefined;
  task.claimedAt = undefined;
  task.updatedAt = nowIso(run);
  task.unclaimedSince = task.updatedAt;
  const queue = tier === undefined ? department : `${department}/${tier}`;
  decide(run, `task ${task.id} reassigned to ${queue}`, `escalation ${firing.rung.id}`, task.step);
  return `reassign ${task.id} to ${queue}`;
}

function raise(run: Run, firing: RungFiring, levels: number): string {
  const { state, plan } = run;
  const order = plan.priority.order;
  const rank = order.indexOf(state.priority ?? '');
  if (rank < 0) return 'raise: the case has no priority yet';
  const raised = order[Math.max(0, rank - levels)] ?? order[0];
  if (raised === state.priority) return `raise: ${raised} is already the most urgent`;
  decide(run, `priority raised ${state.priority ?? ''} → ${raised ?? ''}`, `escalation ${firing.rung.id}`);
  state.priority = raised;
  // The clocks take the new targets at once (time spent carries over): before any further rung is weighed.
  syncClocks(run);
  return `raise ${order[rank] ?? ''} → ${raised ?? ''}`;
}

function act(run: Run, firing: RungFiring, action: PlanAction): string {
  switch (action.kind) {
    case 'notify': {
      const sent = notify(run, `escalation:${firing.rung.id}`, action, {
        where: `escalation ${firing.rung.id}`,
        data: { escalation: firing.rung.id, cause: firing.description },
      });
      const to = action.to.kind === 'department' ? action.to.department : action.to.kind;
      // A customer without consent for any of its channels is not notified (the decision says so).
      if (sent === undefined) return `notify ${to}: not sent, no consent`;
      return `notify ${to} by ${sent.channel}${sent.fallback ? ` (fallback ${sent.fallback})` : ''}`;
    }
    case 'reassign':
      return reassign(run, firing, action);
    case 'raise':
      return raise(run, firing, action.levels);
    case 'task': {
      // Its step is the rung (`escalation:<rung>`): it belongs to no step of the flow and moves none.
      const task = openTask(run, {
        step: `escalation:${firing.rung.id}`,
        origin: 'escalation',
        department: action.department,
        tier: run.plan.departments[action.department]?.tiers[0],
        title: action.title,
        instructions: action.instructions,
        outcomes: action.outcomes,
      });
      return `task ${task.id} for ${action.department}`;
    }
    default: {
      const unknownAction: never = action;
      return String(unknownAction);
    }
  }
}

function fire(run: Run, firing: RungFiring): void {
  const { state } = run;
  state.firedRungs.push(firing.key);
  if (!holds(run, firing.rung.when, `escalation ${firing.rung.id}`)) {
    decide(run, `escalation ${firing.rung.id} skipped`, `${firing.description}: condition false`);
    return;
  }
  const actions = firing.rung.actions.map((action) => act(run, firing, action));
  state.escalations.push({
    rung: firing.rung.id,
    key: firing.key,
    scope: firing.scope,
    firedAt: nowIso(run),
    dueAt: new Date(firing.at).toISOString(),
    cause: firing.cause,
    description: firing.description,
    actions,
  });
  decide(run, `escalation ${firing.rung.id}: ${firing.description}`, actions.join('; ') || 'no actions');
}

/**
 * Clocks in line, then every rung due at `now` fires (plan order at equal instants), and breaches are
 * noted. Repeated while actions make more rungs due (a raise shortens the targets).
 */
export function escalate(run: Run): void {
  syncClocks(run);
  if (run.state.finished) return;
  // Rungs fire because of a clock or a timer, not because of whoever's event happened to come first: their
  // decisions carry no principal (the timeline then names the clock or rule as the cause).
  const by = run.by;
  run.by = undefined;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const due = dueRungs(escalationInput(run.plan, run.state, run.ctx.now));
    if (due.length === 0) break;
    for (const firing of due) if (!run.state.firedRungs.includes(firing.key)) fire(run, firing);
    syncClocks(run);
  }
  noteBreaches(run);
  run.by = by;
}
