/**
 * Task forms (SPEC §10): what a task asks for, from the compiled plan of its case's template version. The
 * case projection names the version and a process-wide cache holds each published plan
 * (db/template-plans.ts), so a page of tasks costs one more indexed query, not one per task.
 */
import type { Pool } from 'pg';
import { caseTemplates, templatePlan } from '../db/template-plans';
import { taskForms, type TaskForms } from '../definitions/task-forms';
import type { TaskView } from '../workflows/messages';

/** A task with its `forms` (outcome → fields), when its template version is known. */
export type TaskWithForms = TaskView & { forms?: TaskForms };

/**
 * The tasks with their `forms` (outcome → fields, only outcomes that have a form). A task whose case or
 * template version the registry does not know (not projected yet, or started from an unpublished plan)
 * goes out without `forms` rather than with a wrong empty one.
 */
export async function withForms(pool: Pool, tasks: readonly TaskView[]): Promise<TaskWithForms[]> {
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
