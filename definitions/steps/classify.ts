import * as z from 'zod';
import { defined } from '../compile-actions';
import { base, next } from './fields';
import { defineStepKind, nextEdge, planEdge } from './step';

/** classify: the template's classify rules set category, department and tags. */
export const classifyKind = defineStepKind({
  kind: 'classify',
  schema: z.strictObject({ ...base, kind: z.literal('classify'), next }),
  check: () => undefined,
  edges: (step, below) => nextEdge(step, below),
  compile: (step, below) =>
    defined({ id: step.id, title: step.title, kind: step.kind, next: step.next ?? below }),
  planEdges: (step) => [planEdge(step, step.next)],
  diagram: { shape: 'subroutine', describe: (step) => step.kind },
  flow: { needsNext: true, mayLeadToItself: false, endsFlow: false },
});
