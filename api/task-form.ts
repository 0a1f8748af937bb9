/**
 * Task forms at the API: what a task asks for, and the body that completes it.
 *
 * `forms` on a task (SPEC §10) come from the compiled plan of its case's template version: the case
 * projection names the version and a process-wide cache holds each published plan (db/template-plans.ts),
 * so a page of tasks costs one more indexed query, not one per task.
 *
 * The body of a task completion: zod builds a record afresh and leaves a `__proto__` key out (assigning it
 * would set the new object's prototype), so such a key would vanish silently instead of being refused like
 * every other key that is not a field of the outcome — which the engine does (definitions/field-values.ts).
 * A key the parsed form lost is refused here in the engine's words: 422, naming the field.
 */
import type { Request } from 'express';
import type { Pool } from 'pg';
import type { z } from 'zod';
import { caseTemplates, templatePlan } from '../db/template-plans';
import { taskForms, type TaskForms } from '../definitions/task-forms';
import type { TaskView } from '../workflows/messages';
import { HttpProblem } from './problem';
import { completeTaskBody } from './schemas';
import { parse } from './validate';

/**
 * The tasks with their `forms` (outcome → fields, only outcomes that have a form). A task whose case or
 * template version the registry does not know (not projected yet, or started from an unpublished plan)
 * goes out without `forms` rather than with a wrong empty one.
 */
export async function withForms(
  pool: Pool,
  tasks: readonly TaskView[],
): Promise<Array<TaskView & { forms?: TaskForms }>> {
  const templates = await caseTemplates(
    pool,
    tasks.map((t) => t.caseId),
  );
  return Promise.all(
    tasks.map(async (task) => {
      const ref = templates.get(task.caseId);
      const plan = ref && (await templatePlan(pool, ref));
      return plan ? { ...task, forms: taskForms(plan, task.step, task.outcomes) } : task;
    }),
  );
}

export function completionBody(req: Request): z.infer<typeof completeTaskBody> {
  const body = parse(completeTaskBody, req, 'body');
  const raw = (req.body as { form?: unknown }).form;
  const parsed = body.form ?? {};
  const lost =
    raw && typeof raw === 'object' ? Object.keys(raw).filter((k) => !Object.hasOwn(parsed, k)) : [];
  if (lost.length > 0) {
    throw new HttpProblem(
      422,
      'Unprocessable Content',
      `form: ${lost.map((name) => `${name}: not a field of this outcome`).join('; ')}`,
      {
        errors: lost.map((name) => ({ field: `body.form.${name}`, message: 'not a field of this outcome' })),
      },
    );
  }
  return body;
}
