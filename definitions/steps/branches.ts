/**
 * What the decide and survey kinds share: ordered branches, each with a condition and a next step, the
 * last one the default.
 */
import { checkCel, checkRuleList, oneOf, type CheckContext } from '../check-context';
import { defined } from '../compile-actions';
import { surveyReferences } from '../expressions';
import type { PlanBranch } from '../plan';
import { planEdge, type FlowEdge, type PlanEdge, type StepPath } from './step';

interface BranchDocument {
  when?: string;
  default?: true;
  label?: string;
  next: string;
}

/**
 * One catch-all, last; every condition a bool. `answers` (a survey's question ids and `comment`) are the
 * only `survey.<name>` a condition may read.
 */
export function checkBranches(
  ctx: CheckContext,
  branches: readonly BranchDocument[],
  at: StepPath,
  answers?: ReadonlySet<string>,
): void {
  checkRuleList(ctx, branches, at('branches'), 'branch');
  branches.forEach((branch, k) => {
    checkCel(ctx, branch.when, at('branches', k, 'when'), 'bool');
    for (const ref of answers && branch.when ? surveyReferences(branch.when) : []) {
      if (!answers?.has(ref.name)) {
        ctx.report(
          at('branches', k, 'when'),
          `unknown survey answer '${ref.name}' (${oneOf(answers ?? [])})`,
          {
            offsetInValue: ref.offset,
          },
        );
      }
    }
  });
}

function branchLabel(branch: BranchDocument): string {
  return branch.label ?? (branch.when ? `when ${branch.when}` : 'default');
}

/** One edge per branch, labelled with its name or its condition. */
export function branchEdges(step: { id: string; branches: readonly BranchDocument[] }): FlowEdge[] {
  return step.branches.map((branch, i) => ({
    from: step.id,
    to: branch.next,
    label: branchLabel(branch),
    path: ['branches', i, 'next'],
  }));
}

export function compileBranches(branches: readonly BranchDocument[]): PlanBranch[] {
  return branches.map((b, index) => defined({ when: b.when, next: b.next, index, label: b.label }));
}

/** Edges out of compiled branches: the label, else the condition, else `default`. */
export function planBranchEdges(step: { id: string; branches: readonly PlanBranch[] }): PlanEdge[] {
  return step.branches.map((b) => planEdge(step, b.next, b.label ?? b.when ?? 'default'));
}
