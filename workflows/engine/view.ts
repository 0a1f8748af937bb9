/**
 * The views the outside world reads: CaseView (caseState query, update results, projections) and the
 * search attributes. Derived from the state on demand so they can never disagree with it.
 */
import type { Plan } from '../../definitions/plan';
import type { CaseView, TaskView } from '../messages';
import type { CaseSearchAttributes, CaseState, TaskRecord } from './types';

/**
 * The department holding the case now: that of its newest active task, else the department classification
 * gave it. (`case.department` in expressions stays the classification's department.)
 */
export function holderOf(state: CaseState): string | undefined {
  const active = state.tasks.filter((t) => t.status === 'open' || t.status === 'claimed');
  return active[active.length - 1]?.department ?? state.department;
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
    outcomes: task.outcomes,
    form: task.form,
    createdAt: task.createdAt,
    updatedAt: task.updatedAt,
  };
}

export function toCaseView(plan: Plan, state: CaseState): CaseView {
  return {
    id: state.caseId,
    status: state.status,
    template: state.template,
    channel: state.input.channel,
    customer: state.input.customer,
    subject: state.input.subject,
    category: state.category,
    department: holderOf(state),
    priority: state.priority,
    tags: state.tags,
    step: state.step,
    tasks: state.tasks.map((task) => toTaskView(plan, state, task)),
    clocks: [],
    escalations: [],
    vars: state.vars,
    decisions: state.decisions,
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
