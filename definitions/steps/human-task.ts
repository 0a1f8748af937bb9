/**
 * What the task and follow-up kinds share: a human task for a department, whose outcomes each lead to a
 * next step and may ask for a form.
 */
import * as z from 'zod';
import { checkCel, checkReference, type CheckContext } from '../check-context';
import { defined } from '../compile-actions';
import type { DepartmentRef, PlanOutcome } from '../plan';
import { departmentRef, form, ID_PATTERN, outcomes } from '../schema-common';
import { planEdge, type FlowEdge, type PlanEdge, type StepPath } from './step';

/** The members of a human task's shape. */
export const taskFields = {
  title: z.string({ error: 'expected the task title' }),
  instructions: z.string().optional(),
  department: departmentRef,
  outcomes,
  form: form.optional().meta({ description: 'Form fields asked for on every outcome.' }),
};

type TaskFieldsDocument = z.output<z.ZodObject<typeof taskFields>>;

/** The department and the outcomes: a fixed department must exist, an expression must yield a string. */
export function checkTaskFields(
  ctx: CheckContext,
  step: Pick<TaskFieldsDocument, 'department' | 'outcomes'>,
  at: StepPath,
): void {
  if (ID_PATTERN.test(step.department))
    checkReference(ctx, ctx.departmentIds, 'department', step.department, at('department'));
  else checkCel(ctx, step.department, at('department'), 'string');
  if (Object.keys(step.outcomes).length === 0) ctx.report(at('outcomes'), 'expected at least one outcome');
}

/** One edge per outcome, labelled with its id. */
export function outcomeEdges(step: { id: string } & Pick<TaskFieldsDocument, 'outcomes'>): FlowEdge[] {
  return Object.entries(step.outcomes).map(([outcome, target]) => ({
    from: step.id,
    to: typeof target === 'string' ? target : target.next,
    label: outcome,
    path: typeof target === 'string' ? ['outcomes', outcome] : ['outcomes', outcome, 'next'],
  }));
}

export function compileDepartment(ref: string): DepartmentRef {
  return ID_PATTERN.test(ref) ? { kind: 'fixed', department: ref } : { kind: 'expr', expr: ref };
}

/** Each outcome with its next step and its form (the step's form, then the outcome's own fields). */
export function compileOutcomes(
  step: Pick<TaskFieldsDocument, 'outcomes' | 'form'>,
): Record<string, PlanOutcome> {
  const out: Record<string, PlanOutcome> = {};
  for (const [id, target] of Object.entries(step.outcomes)) {
    const detail = typeof target === 'string' ? { next: target } : target;
    const fields = Object.fromEntries(
      Object.entries({ ...step.form, ...detail.form }).map(([name, f]) => [
        name,
        defined({ ...f, required: f.required ?? false }),
      ]),
    );
    out[id] = defined({ id, title: detail.title, next: detail.next, form: fields });
  }
  return out;
}

/** Edges out of a compiled task: one per outcome. */
export function planOutcomeEdges(step: { id: string; outcomes: Record<string, PlanOutcome> }): PlanEdge[] {
  return Object.values(step.outcomes).map((o) => planEdge(step, o.next, o.id));
}

/** The department as the diagram names it: its id, or the expression that picks it. */
export function departmentName(ref: DepartmentRef): string {
  return ref.kind === 'fixed' ? ref.department : ref.expr;
}
