/**
 * The views the outside world reads: CaseView (caseState query, update results, projections) and the
 * search attributes. Derived from the state on demand so they can never disagree with it.
 */
import type { Plan } from '../../definitions/plan';
import type { CaseView, ClockView, EscalationView, TaskView } from '../messages';
import { clockView, dueAt, olaClockName, type SlaClock } from '../time';
import type { CaseSearchAttributes, CaseState, EscalationRecord, TaskRecord } from './types';

/**
 * The department holding the case now: that of its newest active task, else the department classification
 * gave it. (`case.department` in expressions stays the classification's department.)
 */
export function holderOf(state: CaseState): string | undefined {
  // A side task an escalation opened (e.g. a management review) does not move the case.
  const active = state.tasks.filter(
    (t) => t.origin !== 'escalation' && (t.status === 'open' || t.status === 'claimed'),
  );
  return active[active.length - 1]?.department ?? state.department;
}

/**
 * The clock that governs a task's due time: the response clock until the first response, then the OLA
 * clock of the task's department when it runs one, else the resolution clock.
 */
export function governingClock(state: CaseState, task: TaskRecord): SlaClock | undefined {
  const { response, resolution } = state.clocks;
  if (response !== undefined && response.state !== 'stopped') return response;
  const ola = state.clocks[olaClockName(task.department)];
  if (ola !== undefined && ola.state !== 'stopped') return ola;
  return resolution;
}

function taskDueAt(plan: Plan, state: CaseState, task: TaskRecord): string | undefined {
  if (task.origin === 'quality' || (task.status !== 'open' && task.status !== 'claimed')) return undefined;
  const clock = governingClock(state, task);
  const due = clock === undefined || clock.state === 'stopped' ? undefined : dueAt(clock, plan.calendars);
  return due === undefined ? undefined : new Date(due).toISOString();
}

function toEscalationView(record: EscalationRecord): EscalationView {
  const { cause } = record;
  return {
    id: record.rung,
    firedAt: record.firedAt,
    cause: record.description,
    actions: record.actions,
    dueAt: record.dueAt,
    scope: record.scope,
    trigger: cause.kind,
    ...(cause.kind === 'clock.at' || cause.kind === 'clock.breached'
      ? { clock: cause.clock }
      : { taskId: cause.taskId }),
  };
}

export function toTaskView(plan: Plan, state: CaseState, task: TaskRecord): TaskView {
  const rank = state.priority === undefined ? -1 : plan.priority.order.indexOf(state.priority);
  return {
    id: task.id,
    caseId: state.caseId,
    department: task.department,
    coordinator: task.coordinator,
    tier: task.tier,
    step: task.step,
    title: task.title,
    instructions: task.instructions,
    status: task.status,
    assignee: task.assignee,
    priority: state.priority,
    priorityRank: rank < 0 ? undefined : rank,
    dueAt: taskDueAt(plan, state, task),
    outcomes: task.outcomes,
    form: task.form,
    createdAt: task.createdAt,
    updatedAt: task.updatedAt,
  };
}

/**
 * The case as the API shows it. `now` is the instant the clocks are read at (used and remaining time,
 * breached): the query passes workflow time; projections and update results default to the last change.
 */
export function toCaseView(plan: Plan, state: CaseState, now = Date.parse(state.updatedAt)): CaseView {
  const clocks: ClockView[] = Object.values(state.clocks).map((clock) =>
    clockView(clock, plan.calendars, now),
  );
  return {
    id: state.caseId,
    status: state.status,
    template: state.template,
    channel: state.input.channel,
    customer: state.input.customer,
    subject: state.input.subject,
    // The rest of the input too, so a backtest can open the recorded case again (backtest/).
    description: state.input.description,
    attributes: state.input.attributes,
    ...(state.input.flags === undefined ? {} : { flags: state.input.flags }),
    ...(state.input.consent === undefined ? {} : { consent: state.input.consent }),
    category: state.category,
    department: holderOf(state),
    ...(state.suggestion === undefined ? {} : { suggestion: state.suggestion }),
    priority: state.priority,
    tags: state.tags,
    step: state.step,
    tasks: state.tasks.map((task) => toTaskView(plan, state, task)),
    clocks,
    escalations: state.escalations.map(toEscalationView),
    vars: state.vars,
    decisions: state.decisions,
    ...(state.bounds === undefined
      ? {}
      : {
          decisionsDropped: state.bounds.droppedDecisions,
          escalationsDropped: state.bounds.droppedEscalations,
          messageCount: state.bounds.messages,
          ...(state.bounds.lastCustomerMessageAt === undefined
            ? {}
            : { lastCustomerMessageAt: state.bounds.lastCustomerMessageAt }),
        }),
    ...(state.cursor.kind === 'survey' && !state.finished && state.step !== undefined
      ? {
          awaitingSurvey: {
            stepId: state.step,
            surveyKey: state.cursor.key,
            expiresAt: new Date(state.cursor.deadline).toISOString(),
          },
        }
      : {}),
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    revision: state.revision,
  };
}

export function searchAttributesOf(state: CaseState): CaseSearchAttributes {
  return {
    status: state.status,
    priority: state.priority,
    category: state.category,
    department: holderOf(state),
    template: state.template.name,
    version: state.template.version,
    customer: state.input.customer.id,
  };
}
