import * as z from 'zod';
import { defined } from '../compile-actions';
import { branch } from '../schema-common';
import { branchEdges, checkBranches, compileBranches, planBranchEdges } from './branches';
import { base } from './fields';
import { defineStepKind } from './step';

/** decide: the first branch whose `when` holds picks the next step; the last branch is the default. */
export const decideKind = defineStepKind({
  kind: 'decide',
  schema: z.strictObject({
    ...base,
    kind: z.literal('decide'),
    branches: z.array(branch).min(1, { error: 'expected at least the default branch' }),
  }),
  check: (ctx, step, at) => checkBranches(ctx, step.branches, at),
  edges: (step) => branchEdges(step),
  compile: (step) =>
    defined({ id: step.id, title: step.title, kind: 'decide', branches: compileBranches(step.branches) }),
  planEdges: (step) => planBranchEdges(step),
  diagram: { shape: 'rhombus', describe: (step) => step.kind },
  flow: { needsNext: false, mayLeadToItself: false, endsFlow: false },
});
