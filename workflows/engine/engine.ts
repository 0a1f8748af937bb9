/**
 * The case engine: a pure state machine. `startCase` and `applyEvent` take the plan, the state and an event
 * and return the next state plus the commands the driver must carry out; `nextWakeAt` says when the driver
 * must call back with a `wake` event. No I/O, no clock, no randomness: the Temporal workflow, `caseflow
 * simulate` and the unit tests run exactly this code.
 */
import type { Plan } from '../../definitions/plan';
import type { SuggestionOutcome } from '../../contract/suggestion';
import type { CaseInput, Principal } from '../messages';
import { escalate, nextEscalationAt } from './escalate';
import { isSampled } from './quality';
import { decide, emit, nowIso, reject, RejectionError, type Run } from './run';
import { handlerOf } from './steps';
import { markFirstResponse } from './sla';
import { recordSuggestion } from './suggestion';
import { reassessOnRepeatContact } from './steps/prioritize';
import type { Transition } from './steps/step';
import {
  activeTask,
  cancelTasks,
  claimTask,
  handoffTask,
  markCompleted,
  checkCompletion,
  openTask,
  reassignTask,
  releaseTask,
} from './tasks';
import type { CaseCommand, CaseEvent, CaseState, EngineContext, EngineResult } from './types';
import { searchAttributesOf } from './view';

/** Steps entered in one engine call without waiting; more means a loop with no waiting step in it. */
const MAX_HOPS = 200;

export interface CaseOpening {
  caseId: string;
  input: CaseInput;
  openedBy: Principal;
  /** ISO instant the case was accepted. */
  openedAt: string;
  /**
   * The learned triage outcome scored at intake (issue 17), when the plan asks for one: recorded in the
   * decision log here and used by the classify step (engine/suggestion.ts).
   */
  suggestion?: SuggestionOutcome | undefined;
}

/** Opens a case: the initial state, then the flow runs from the plan's first step until something waits. */
export function startCase(plan: Plan, opening: CaseOpening, ctx: EngineContext): EngineResult {
  const state: CaseState = {
    caseId: opening.caseId,
    template: { name: plan.name, version: plan.version, sha256: plan.sha256 },
    input: opening.input,
    openedBy: opening.openedBy,
    createdAt: opening.openedAt,
    updatedAt: opening.openedAt,
    status: 'open',
    finished: false,
    tags: [],
    cursor: { kind: 'none' },
    visits: {},
    tasks: [],
    taskSeq: 0,
    vars: {},
    messages: [],
    decisions: [],
    clocks: {},
    escalations: [],
    firedRungs: [],
    revision: 0,
  };
  const run: Run = { plan, state, ctx, commands: [], by: opening.openedBy.name };
  decide(
    run,
    'case opened',
    `channel ${opening.input.channel}, template ${plan.name} v${plan.version}`,
    plan.start,
  );
  if (opening.suggestion !== undefined) recordSuggestion(run, opening.suggestion);
  return settle(run, '', () => advance(run, { kind: 'goto', next: plan.start }));
}

/** Applies one event. A refused event (invalid task action) comes back as a Rejection and changes nothing. */
export function applyEvent(plan: Plan, state: CaseState, event: CaseEvent, ctx: EngineContext): EngineResult {
  const before = JSON.stringify(state);
  // The engine works on a private copy: a rejection half-way leaves the caller's state untouched.
  const run: Run = { plan, state: JSON.parse(before) as CaseState, ctx, commands: [] };
  if ('principal' in event) run.by = event.principal.name;
  return settle(run, before, () => dispatch(run, event));
}

/**
 * The next instant the driver must send `wake` (undefined: nothing scheduled): the earliest of the current
 * step's own instant (timeouts, delays), the next escalation rung and the next clock breach.
 */
export function nextWakeAt(plan: Plan, state: CaseState): number | undefined {
  if (state.finished || state.step === undefined) return undefined;
  const step = plan.steps[state.step];
  const instants = [
    step === undefined ? undefined : handlerOf(step).wakeAt(step, state),
    nextEscalationAt(plan, state),
  ].filter((t): t is number => t !== undefined);
  return instants.length === 0 ? undefined : Math.min(...instants);
}

/**
 * Runs the change, then bookkeeping: revision, projection and search attributes when anything changed.
 * Exported for the other whole-case moves (migrate.ts).
 */
export function settle(run: Run, before: string, change: () => void): EngineResult {
  try {
    change();
    // Whatever happened, the clocks follow the case and every rung due by now fires (apply, then escalate).
    escalate(run);
  } catch (error) {
    if (error instanceof RejectionError) return { ok: false, rejection: error.rejection };
    throw error;
  }
  const { state } = run;
  if (JSON.stringify(state) === before && run.commands.length === 0) return { ok: true, state, commands: [] };
  state.revision += 1;
  state.updatedAt = nowIso(run);
  // Order matters to the driver: the projection first, `complete-case` last, so a workflow never ends
  // with a stale inbox.
  const commands: CaseCommand[] = [{ kind: 'project', revision: state.revision }];
  const attributes = searchAttributesOf(state);
  if (JSON.stringify(attributes) !== JSON.stringify(state.searchAttributes)) {
    state.searchAttributes = attributes;
    commands.push({ kind: 'upsert-search-attributes', attributes });
  }
  commands.push(...run.commands.filter((c) => c.kind !== 'complete-case'));
  commands.push(...run.commands.filter((c) => c.kind === 'complete-case'));
  return { ok: true, state, commands };
}

function dispatch(run: Run, event: CaseEvent): void {
  const { state } = run;
  switch (event.kind) {
    case 'task.claim':
      claimTask(run, event);
      return respondedBy(run, event.taskId, 'claimed');
    case 'task.release':
      return releaseTask(run, event.taskId, event.principal);
    case 'task.handoff':
      respondedBy(run, event.taskId, 'handed off');
      return handoffTask(run, event);
    case 'task.reassign':
      return reassignTask(run, event);
    case 'case.cancel':
      return cancelCase(run, event.reason);
    case 'task.complete': {
      const task = activeTask(run, event.taskId);
      if (task.origin === 'quality') return completeReview(run, event);
      if (task.origin === 'escalation') return completeSideTask(run, event);
      respondedBy(run, task.id, `completed: ${event.outcome}`);
      if (offer(run, event)) return;
      return reject('Conflict', `task ${task.id} does not belong to the current step ${state.step ?? ''}`);
    }
    case 'survey.submit':
      if (state.finished || !offer(run, event))
        reject('Conflict', 'the case is not waiting for survey answers');
      return;
    case 'customer.message':
      state.messages.push({ at: nowIso(run), from: event.from, text: event.text, by: event.principal.name });
      // A sealed text comes with its excerpt sealed apart: a slice of the token would open to nothing.
      decide(run, `message from ${event.from}`, event.excerpt ?? event.text.slice(0, 80));
      if (event.from === 'agent') markFirstResponse(run, `message from agent ${event.principal.name}`);
      offer(run, event);
      return;
    case 'customer.contact':
      state.messages.push({
        at: nowIso(run),
        from: 'customer',
        text: event.input.subject,
        by: event.principal.name,
      });
      decide(run, 'repeat contact joined the case', `${event.input.channel}: ${event.input.subject}`);
      reassessOnRepeatContact(run);
      if (run.plan.continuity.preferLastHandler && state.lastHandler !== undefined) {
        state.preferAssignee = state.lastHandler;
        // Only for a task of a department the last handler is an agent of (openTask); unknown is none.
        state.preferAssigneeDepartments =
          event.legacy === true ? undefined : (state.lastHandlerDepartments ?? []);
      }
      offer(run, event);
      return;
    case 'signal':
      if (!offer(run, event)) decide(run, `signal ${event.name} noted`, 'no step waits for it');
      return;
    case 'survey.link-issued':
    case 'call.succeeded':
    case 'call.failed':
    case 'wake':
      // Results for a step already left (e.g. after a cancel) are stale and change nothing.
      offer(run, event);
      return;
    default: {
      const unknownEvent: never = event;
      throw new Error(`unknown event ${JSON.stringify(unknownEvent)}`);
    }
  }
}

/** Offers the event to the current step; true when the step took it. */
function offer(run: Run, event: CaseEvent): boolean {
  const { state, plan } = run;
  if (state.finished || state.step === undefined) return false;
  const step = plan.steps[state.step];
  if (step === undefined) return false;
  const transition = handlerOf(step).onEvent(step, run, event);
  if (transition === undefined) return false;
  advance(run, transition);
  return true;
}

/** Follows `goto`s until a step waits or the flow finishes (also how a migration re-enters a step). */
export function advance(run: Run, first: Transition): void {
  let transition = first;
  for (let hops = 0; transition.kind === 'goto'; hops += 1) {
    if (hops >= MAX_HOPS)
      throw new Error(`more than ${MAX_HOPS} steps without waiting: a loop in the template?`);
    const step = run.plan.steps[transition.next];
    if (step === undefined) throw new Error(`step ${transition.next} is not in the plan`);
    run.state.step = step.id;
    run.state.cursor = { kind: 'none' };
    transition = handlerOf(step).enter(step, run);
  }
  if (transition.kind === 'finish') finish(run);
}

/** After `end`: either a quality review task (sampled cases) or the case is over. */
function finish(run: Run): void {
  const { state, plan } = run;
  const quality = plan.quality;
  if (
    quality !== undefined &&
    (state.status === 'resolved' || state.status === 'closed') &&
    isSampled(state.caseId, quality)
  ) {
    const task = openTask(run, {
      step: state.step ?? 'quality',
      origin: 'quality',
      department: quality.department,
      title: quality.title,
      outcomes: quality.outcomes,
    });
    state.cursor = { kind: 'review', taskId: task.id };
    decide(run, 'sampled for quality review', `hash of the case id falls in ${quality.samplePercent}%`);
    return;
  }
  close(run);
}

function close(run: Run): void {
  run.state.finished = true;
  run.state.cursor = { kind: 'done' };
  emit(run, { kind: 'complete-case', status: run.state.status });
}

function completeReview(run: Run, event: Extract<CaseEvent, { kind: 'task.complete' }>): void {
  const task = checkCompletion(run, event);
  markCompleted(run, task, event.outcome, event.principal, event.form, event.note);
  run.state.vars.quality = { outcome: event.outcome, ...(event.form ?? {}) };
  close(run);
}

/**
 * What counts as the first response (stops the response clock; docs/time.md): an agent claims, completes or
 * hands off a task of the case's work, or writes to the customer — the same rule the SLA report uses.
 */
function respondedBy(run: Run, taskId: string, what: string): void {
  const task = run.state.tasks.find((t) => t.id === taskId);
  if (task === undefined || (task.origin !== 'step' && task.origin !== 'consult')) return;
  markFirstResponse(run, `task ${taskId} ${what} by ${run.by ?? 'someone'}`);
}

/** A task an escalation opened (e.g. a management review): done when completed; the flow goes on as it was. */
function completeSideTask(run: Run, event: Extract<CaseEvent, { kind: 'task.complete' }>): void {
  const task = checkCompletion(run, event);
  markCompleted(run, task, event.outcome, event.principal, event.form, event.note);
}

function cancelCase(run: Run, reason: string): void {
  if (run.state.finished) reject('Conflict', `case ${run.state.caseId} is already ${run.state.status}`);
  cancelTasks(run, `case cancelled: ${reason}`);
  run.state.status = 'cancelled';
  decide(run, 'case cancelled', reason);
  close(run);
}
