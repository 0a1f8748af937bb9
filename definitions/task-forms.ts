/**
 * What a task asks for when it is completed (SPEC §10): per outcome, the form fields its step declares,
 * read from the compiled plan. The API shows them on tasks (`forms` on `GET /tasks/{id}` and in lists), so a
 * client or the console can draw the form instead of learning it from a 422; the engine checks the same
 * fields when the task completes (definitions/field-values.ts). The shape of a form is the case contract's
 * (contract/task-forms.ts).
 */
import type { TaskFormField, TaskForms } from '../contract/task-forms';
import type { Plan, PlanFormField, PlanOutcome, PlanStep } from './plan';

export type { TaskFormField, TaskForms };

/** The fields of one outcome's form. */
export function formFields(form: Record<string, PlanFormField>): TaskFormField[] {
  return Object.entries(form).map(([name, field]) => ({
    name,
    type: field.type,
    required: field.required,
    ...(field.title !== undefined ? { title: field.title } : {}),
    ...(field.description !== undefined ? { description: field.description } : {}),
    ...(field.values !== undefined ? { options: [...field.values] } : {}),
  }));
}

/** The forms of a step's outcomes (a `task` or `follow-up` step), leaving out outcomes without fields. */
export function outcomeForms(outcomes: Record<string, PlanOutcome>, offered?: readonly string[]): TaskForms {
  const forms: TaskForms = {};
  for (const [id, outcome] of Object.entries(outcomes)) {
    if (offered !== undefined && !offered.includes(id)) continue;
    const fields = formFields(outcome.form);
    if (fields.length > 0) forms[id] = fields;
  }
  return forms;
}

/**
 * The forms of a task at `step` of `plan`. Only steps whose outcomes are declared with forms have any;
 * consult, quality-review and escalation tasks (whose step is the consult step, the last step or
 * `escalation:<rung>`) take their outcomes without a declared form, so they have none. `offered` (the
 * task's outcomes) keeps the answer to the outcomes the task really offers.
 */
export function taskForms(plan: Plan, step: string, offered?: readonly string[]): TaskForms {
  const planStep: PlanStep | undefined = Object.hasOwn(plan.steps, step) ? plan.steps[step] : undefined;
  if (planStep === undefined || !('outcomes' in planStep)) return {};
  return outcomeForms(planStep.outcomes, offered);
}
