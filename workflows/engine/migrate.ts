/**
 * Moving an open case to another version of its template (issue 15, docs/migration.md). Pure, like the rest
 * of the engine: `checkMigration` answers what a move would do (the dry run) and changes nothing;
 * `migrateCase` does it and returns the next state and commands as any engine call does. Both run the same
 * planning (planMigration), so what the dry run promised is what the move does, and a refused move changes
 * nothing.
 *
 * The rules, and why each exists, are in docs/migration.md. In short: the current step keeps its place when
 * its counterpart in the target is of the same kind and can take over its open tasks (their outcomes and
 * forms still offered), or is entered afresh when the mapping lists it in `reenter`; clocks keep their
 * ledger and take the target's targets; anything the target cannot carry refuses the move with a reason.
 */
import type { CaseMigration, StepMap } from '../../contract';
import type { Plan, PlanFormField, PlanOutcome, PlanStep } from '../../definitions/plan';
import type { Principal } from '../messages';
import { formatBusinessDuration, retargetClock, usedMs, type SlaClock } from '../time';
import { advance, settle } from './engine';
import { decide, reject, RejectionError, type Run } from './run';
import { targetsOf } from './sla';
import { cancelTasks } from './tasks';
import type { CaseState, EngineContext, EngineResult, Rejection, TaskRecord } from './types';

/** How steps move: renamed ones (`stepMap`) and the ones entered afresh (`reenter`, by old step id). */
export interface MigrationMapping {
  stepMap?: StepMap;
  reenter?: string[];
}

/** What a move will do, decided before anything changes. */
interface Move {
  /** The case's current step in its version, and its counterpart in the target. */
  step: string;
  target: string;
  reenter: boolean;
  /** Open tasks of the current step that stay (keep) or are cancelled (re-enter). */
  tasks: TaskRecord[];
  /** Clocks whose target changes, with the target they take. */
  retarget: Array<{ clock: SlaClock; targetMs: number; calendar: string }>;
  changes: string[];
}

type Planned = { ok: true; move: Move } | { ok: false; rejection: Rejection };

const isOpen = (task: TaskRecord): boolean => task.status === 'open' || task.status === 'claimed';

/** The dry run: what moving the case to `to` would do, or why it cannot move. Changes nothing. */
export function checkMigration(
  from: Plan,
  to: Plan,
  state: CaseState,
  mapping: MigrationMapping,
): CaseMigration {
  const here = { version: state.template.version, step: state.step ?? '' };
  const planned = planMigration(from, to, state, mapping);
  if (!planned.ok)
    return {
      id: state.caseId,
      from: here,
      to: { version: to.version, step: mapping.stepMap?.[here.step] ?? here.step },
      ok: false,
      reason: planned.rejection.message,
    };
  const { move } = planned;
  return {
    id: state.caseId,
    from: here,
    to: { version: to.version, step: move.target },
    ok: true,
    changes: move.changes,
  };
}

/**
 * Moves the case to `to`: the template reference, the current step (kept or re-entered), its open tasks,
 * the clocks' targets; then the usual bookkeeping (revision, projection, search attributes: the version is
 * one) and the clock and escalation pass, so a shorter target already used up breaches at once.
 */
export function migrateCase(
  from: Plan,
  to: Plan,
  state: CaseState,
  mapping: MigrationMapping,
  principal: Principal,
  ctx: EngineContext,
): EngineResult {
  const planned = planMigration(from, to, state, mapping);
  if (!planned.ok) return planned;
  const before = JSON.stringify(state);
  const run: Run = {
    plan: to,
    state: JSON.parse(before) as CaseState,
    ctx,
    commands: [],
    by: principal.name,
  };
  return settle(run, before, () => apply(run, planned.move));
}

function apply(run: Run, move: Move): void {
  const { state, plan: to } = run;
  const fromVersion = state.template.version;
  state.template = { name: to.name, version: to.version, sha256: to.sha256 };
  decide(run, `case migrated v${fromVersion} → v${to.version}`, move.changes.join('; '), move.target);
  const why = `case migrated to v${to.version}`;
  for (const { clock, targetMs, calendar } of move.retarget) {
    state.clocks[clock.name] = retargetClock(clock, run.ctx.now, targetMs, calendar);
    decide(
      run,
      `${clock.name} clock re-targeted`,
      `migrated to v${to.version}: ${formatBusinessDuration(targetMs)} on ${calendar} ` +
        `(was ${formatBusinessDuration(clock.targetMs)} on ${clock.calendar})`,
    );
  }
  if (move.reenter) {
    const ids = new Set(move.tasks.map((t) => t.id));
    cancelTasks(run, why, (t) => ids.has(t.id));
    advance(run, { kind: 'goto', next: move.target });
    return;
  }
  const step = to.steps[move.target];
  if (step === undefined) throw new Error(`step ${move.target} is not in the plan`);
  for (const kept of move.tasks) {
    const task = state.tasks.find((t) => t.id === kept.id);
    if (task !== undefined) Object.assign(task, offeredBy(step, task));
  }
  if (move.target !== move.step) {
    const visits = state.visits[move.step];
    // Idempotency keys count visits per step id: the renamed step goes on counting, never reusing a key.
    if (visits !== undefined) state.visits[move.target] = Math.max(state.visits[move.target] ?? 0, visits);
    // A consult's answers so far live under its step id; its join reads them there.
    if (state.vars[move.step] !== undefined && state.vars[move.target] === undefined)
      state.vars[move.target] = state.vars[move.step];
  }
  state.step = move.target;
}

/** What a kept task takes from its step in the target: its step id, title, instructions and outcomes. */
function offeredBy(step: PlanStep, task: TaskRecord): Partial<TaskRecord> {
  if (step.kind === 'consult') {
    const entry = step.tasks.find((e) => e.id === task.entry);
    return entry === undefined
      ? { step: step.id }
      : { step: step.id, title: entry.title, instructions: entry.instructions, outcomes: entry.outcomes };
  }
  if (step.kind === 'task' || step.kind === 'follow-up')
    return {
      step: step.id,
      title: step.title,
      instructions: step.instructions,
      outcomes: Object.keys(step.outcomes),
    };
  return { step: step.id };
}

/** Decides the move, or the first reason it cannot be made. Reads only. */
function planMigration(from: Plan, to: Plan, state: CaseState, mapping: MigrationMapping): Planned {
  try {
    return { ok: true, move: plan(from, to, state, mapping) };
  } catch (error) {
    if (error instanceof RejectionError) return { ok: false, rejection: error.rejection };
    throw error;
  }
}

function plan(from: Plan, to: Plan, state: CaseState, mapping: MigrationMapping): Move {
  const v = (p: Plan): string => `v${p.version}`;
  if (state.finished) reject('Conflict', `the case is ${state.status}`);
  if (to.name !== state.template.name)
    reject('Conflict', `the case runs template ${state.template.name}, not ${to.name}`);
  if (to.version === state.template.version) reject('Conflict', `the case already runs v${to.version}`);
  const stepMap = mapping.stepMap ?? {};
  for (const [old, next] of Object.entries(stepMap)) {
    if (from.steps[old] === undefined)
      reject('Invalid', `stepMap: ${old} is not a step of ${from.name} ${v(from)}`, `stepMap.${old}`);
    if (to.steps[next] === undefined)
      reject('Invalid', `stepMap.${old}: ${next} is not a step of ${to.name} ${v(to)}`, `stepMap.${old}`);
  }
  for (const old of mapping.reenter ?? [])
    if (from.steps[old] === undefined)
      reject('Invalid', `reenter: ${old} is not a step of ${from.name} ${v(from)}`, 'reenter');
  const stepId = state.step;
  const current = stepId === undefined ? undefined : from.steps[stepId];
  if (stepId === undefined || current === undefined)
    return reject('Conflict', 'the case has no current step');
  const targetId = stepMap[stepId] ?? stepId;
  const target = to.steps[targetId];
  if (target === undefined)
    return reject(
      'Conflict',
      `step ${stepId} has no counterpart in ${v(to)}: map it to a step of ${v(to)} in stepMap`,
    );
  if (state.cursor.kind === 'call')
    reject('Conflict', `a call is in flight at step ${stepId}; try again when it answers`);
  checkCaseFits(to, state);
  const retarget = clockMoves(from, to, state);
  const reenter = (mapping.reenter ?? []).includes(stepId);
  const stepTasks = state.tasks.filter((t) => isOpen(t) && t.step === stepId && t.origin !== 'escalation');
  const changes: string[] = [];
  if (reenter) {
    changes.push(`step ${targetId} entered afresh (was ${stepId})`);
    for (const task of stepTasks) changes.push(`task ${task.id} cancelled`);
  } else {
    checkKeepable(current, target, state, to);
    for (const task of stepTasks) checkKeptTask(task, from.steps[task.step], target, to);
    changes.push(targetId === stepId ? `step ${stepId} kept` : `step ${stepId} kept as ${targetId}`);
    for (const task of stepTasks)
      changes.push(
        `task ${task.id} kept${task.assignee === undefined ? '' : ` (claimed by ${task.assignee})`}`,
      );
  }
  for (const { clock, targetMs } of retarget)
    changes.push(
      `${clock.name} clock re-targeted ${formatBusinessDuration(clock.targetMs)} → ${formatBusinessDuration(targetMs)}`,
    );
  return { step: stepId, target: targetId, reenter, tasks: stepTasks, retarget, changes };
}

/** The case's own attributes must mean something in the target: priority, departments of its work. */
function checkCaseFits(to: Plan, state: CaseState): void {
  const v = `v${to.version}`;
  if (state.priority !== undefined && !to.priority.order.includes(state.priority))
    reject(
      'Conflict',
      `priority ${state.priority} is not a priority of ${v} (${to.priority.order.join(', ')})`,
    );
  if (state.department !== undefined && to.departments[state.department] === undefined)
    reject('Conflict', `department ${state.department}, which holds the case, is not a department of ${v}`);
  for (const task of state.tasks)
    if (isOpen(task) && to.departments[task.department] === undefined)
      reject('Conflict', `task ${task.id}: department ${task.department} is not a department of ${v}`);
}

/**
 * Every clock still going takes the target's target for the case's priority; one whose target is gone
 * refuses the move (a clock with no target cannot be read or escalate). Time already counted must count
 * the same on the target's calendars, else the move would rewrite a clock's past.
 */
function clockMoves(from: Plan, to: Plan, state: CaseState): Move['retarget'] {
  const v = `v${to.version}`;
  const going = Object.values(state.clocks).filter((c) => c.state !== 'stopped');
  const targets = targetsOf(to, state);
  const moves: Move['retarget'] = [];
  for (const clock of going) {
    const target = targets?.[clock.name];
    if (target === undefined) {
      const why = clock.name.startsWith('ola:')
        ? `department ${clock.name.slice(4)} has no calendar of its own in ${v}`
        : `priority ${state.priority ?? '(none)'} has no sla.targets entry in ${v}`;
      reject('Conflict', `the ${clock.name} clock has no target in ${v}: ${why}`);
    }
    if (target === undefined) continue;
    const now = Date.parse(state.updatedAt);
    const counted = (plan: Plan): number | string => {
      try {
        return usedMs(clock, plan.calendars, now);
      } catch {
        return 'a calendar it counted on is gone';
      }
    };
    const before = counted(from);
    const after = counted(to);
    if (before !== after)
      reject(
        'Conflict',
        `the ${clock.name} clock would count its past differently in ${v}: ` +
          (typeof after === 'string' ? after : 'a calendar it counted on changed'),
      );
    if (target.targetMs !== clock.targetMs || target.calendar !== clock.calendar)
      moves.push({ clock, targetMs: target.targetMs, calendar: target.calendar });
  }
  return moves;
}

/** The step keeps its place only as a step of the same kind waiting for the same thing. */
function checkKeepable(current: PlanStep, target: PlanStep, state: CaseState, to: Plan): void {
  const v = `v${to.version}`;
  const listIt = `list ${current.id} in reenter to enter ${target.id} afresh`;
  if (current.kind !== target.kind)
    reject(
      'Conflict',
      `step ${current.id} is a ${current.kind} step and ${target.id} in ${v} a ${target.kind} step: ${listIt}`,
    );
  if (current.kind === 'wait' && target.kind === 'wait' && current.for.kind !== target.for.kind)
    reject(
      'Conflict',
      `step ${current.id} waits for ${current.for.kind} and ${target.id} in ${v} for ${target.for.kind}: ${listIt}`,
    );
  // A survey link names its step: links already sent would no longer be accepted under another id.
  if (current.kind === 'survey' && state.cursor.kind === 'survey' && current.id !== target.id)
    reject(
      'Conflict',
      `survey step ${current.id} is renamed ${target.id}: links already sent name it; ${listIt}`,
    );
}

/** A kept task must stay completable as it was offered: its outcomes there, no new demand on its form. */
function checkKeptTask(task: TaskRecord, was: PlanStep | undefined, target: PlanStep, to: Plan): void {
  const v = `v${to.version}`;
  if (target.kind === 'consult') {
    const entry = target.tasks.find((e) => e.id === task.entry);
    if (entry === undefined)
      reject('Conflict', `task ${task.id}: consult entry '${task.entry ?? ''}' is gone in ${v}`);
    for (const outcome of task.outcomes)
      if (!entry?.outcomes.includes(outcome))
        reject('Conflict', `task ${task.id}: outcome '${outcome}' is gone in ${v}`);
    return;
  }
  if (target.kind !== 'task' && target.kind !== 'follow-up') return;
  const before: Record<string, PlanOutcome> =
    was !== undefined && (was.kind === 'task' || was.kind === 'follow-up') ? was.outcomes : {};
  for (const outcome of task.outcomes) {
    const now = target.outcomes[outcome];
    if (now === undefined) return reject('Conflict', `task ${task.id}: outcome '${outcome}' is gone in ${v}`);
    const problem = formChange(before[outcome]?.form ?? {}, now.form);
    if (problem !== undefined)
      reject('Conflict', `task ${task.id}: outcome '${outcome}': form field ${problem} in ${v}`);
  }
}

/** How the target's form asks more than the form the task was offered, if it does. */
function formChange(
  was: Record<string, PlanFormField>,
  now: Record<string, PlanFormField>,
): string | undefined {
  for (const [name, field] of Object.entries(now)) {
    const old = was[name];
    if (field.required && old?.required !== true) return `'${name}' is now required`;
    if (old === undefined) continue;
    if (old.type !== field.type) return `'${name}' changed type (${old.type} → ${field.type})`;
    const dropped = (old.values ?? []).filter((value) => !(field.values ?? []).includes(value));
    if (field.values !== undefined && dropped.length > 0)
      return `'${name}' no longer accepts ${dropped.map((d) => `'${d}'`).join(', ')}`;
  }
  return undefined;
}
