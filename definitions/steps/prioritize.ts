import * as z from 'zod';
import { defined } from '../compile-actions';
import { base, next } from './fields';
import { defineStepKind, nextEdge, planEdge } from './step';

/** prioritize: the template's impact × urgency matrix and overrides set the priority. */
export const prioritizeKind = defineStepKind({
  kind: 'prioritize',
  schema: z.strictObject({ ...base, kind: z.literal('prioritize'), next }),
  check: () => undefined,
  edges: (step, below) => nextEdge(step, below),
  compile: (step, below) =>
    defined({ id: step.id, title: step.title, kind: step.kind, next: step.next ?? below }),
  planEdges: (step) => [planEdge(step, step.next)],
  diagram: { shape: 'subroutine', describe: (step) => step.kind },
  flow: { needsNext: true, mayLeadToItself: false, endsFlow: false },
});
