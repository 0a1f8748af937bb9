import * as z from 'zod';
import { END_STATUSES } from '../../contract/statuses';
import { defined } from '../compile-actions';
import { base } from './fields';
import { defineStepKind } from './step';

/** end: the case takes its final status and the flow is over. */
export const endKind = defineStepKind({
  kind: 'end',
  schema: z.strictObject({
    ...base,
    kind: z.literal('end'),
    status: z.enum(END_STATUSES, {
      error: 'expected status: resolved, closed, rejected or cancelled',
    }),
  }),
  check: () => undefined,
  edges: () => [],
  compile: (step) => defined({ id: step.id, title: step.title, kind: 'end', status: step.status }),
  planEdges: () => [],
  diagram: { shape: 'double-circle', describe: (step) => `end · ${step.status}` },
  flow: { needsNext: false, mayLeadToItself: false, endsFlow: true },
});
