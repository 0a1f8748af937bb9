import * as z from 'zod';
import { checkDuplicateIds, checkDuplicateValues, checkReference } from '../check-context';
import { defined } from '../compile-actions';
import { id } from '../schema-common';
import { base, next } from './fields';
import { defineStepKind, nextEdge, planEdge } from './step';

/** consult: parallel tasks for other departments; the flow goes on when all (or any) are done. */
export const consultKind = defineStepKind({
  kind: 'consult',
  schema: z.strictObject({
    ...base,
    kind: z.literal('consult'),
    join: z.enum(['all', 'any'], { error: 'expected join: all or any' }).optional(),
    tasks: z
      .array(
        z.strictObject({
          id: id('task'),
          department: id('department'),
          title: z.string(),
          instructions: z.string().optional(),
          outcomes: z.array(id('outcome')).min(1),
        }),
      )
      .min(1),
    next,
  }),
  check(ctx, step, at) {
    step.tasks.forEach((task, k) =>
      checkDuplicateValues(ctx, task.outcomes, at('tasks', k, 'outcomes'), 'outcome'),
    );
    step.tasks.forEach((task, k) =>
      checkReference(ctx, ctx.departmentIds, 'department', task.department, at('tasks', k, 'department')),
    );
    checkDuplicateIds(ctx, step.tasks, at('tasks'), 'consult task');
  },
  edges: (step, below) => nextEdge(step, below),
  compile: (step, below) =>
    defined({
      id: step.id,
      title: step.title,
      kind: 'consult',
      join: step.join ?? 'all',
      tasks: step.tasks.map((t) => defined({ ...t })),
      next: step.next ?? below,
    }),
  planEdges: (step) => [planEdge(step, step.next)],
  diagram: {
    shape: 'box',
    describe: (step) => `consult · ${step.tasks.map((t) => t.department).join(', ')} (${step.join})`,
  },
  flow: { needsNext: true, mayLeadToItself: false, endsFlow: false },
});
