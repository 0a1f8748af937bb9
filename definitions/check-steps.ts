/**
 * Semantic checks of the flow: each step by the rules of its kind (definitions/steps/), references between
 * steps, and the graph as a whole (every step reachable from the first, every reachable step with some way
 * to an `end`).
 */
import { checkDuplicateIds, checkReference, type CheckContext } from './check-context';
import { leadsToEnd, reachable, implicitNext } from './graph';
import type { DocumentPath } from './load';
import type { StepKind } from './plan';
import { definitionOf } from './steps';
import type { FlowEdge } from './steps/step';

export function checkSteps(ctx: CheckContext): void {
  const steps = ctx.doc.steps;
  if (!steps) return;
  checkDuplicateIds(ctx, steps, ['steps'], 'step');
  const edges = new Map<string, FlowEdge[]>();
  let brokenReference = false;
  steps.forEach((step, i) => {
    if (!step) return;
    const at = (...rest: Array<string | number>): DocumentPath => ['steps', i, ...rest];
    const kind = definitionOf(step.kind);
    kind.check(ctx, step, at);
    const out = kind.edges(step, implicitNext(steps, i) ?? ctx.stepIdAt(i + 1));
    for (const edge of out) {
      if (edge.path) checkReference(ctx, ctx.stepIds, 'step', edge.to, at(...edge.path));
      if (ctx.stepIds && !ctx.stepIds.has(edge.to)) brokenReference = true;
      if (edge.to === step.id && !kind.flow.mayLeadToItself) {
        ctx.report(edge.path ? at(...edge.path) : at('id'), `step '${step.id}' leads to itself`);
      }
    }
    if (kind.flow.needsNext && out.every((edge) => edge.label === 'failure' || edge.label === 'timeout')) {
      ctx.report(
        at('id'),
        `step '${step.id}' is the last one: expected 'next: <step>' or an end step below it`,
      );
    }
    if (!edges.has(step.id)) edges.set(step.id, out);
  });
  // The graph-wide checks need every step and every edge: with one unreadable step or unknown target
  // they would only add a cascade of consequences of the error already reported.
  const first = steps[0];
  if (!first || brokenReference || steps.some((s) => s === undefined)) return;
  const endsFlow = (step: { kind: StepKind }) => definitionOf(step.kind).flow.endsFlow;
  if (endsFlow(first)) ctx.report(['steps', 0], 'the flow starts with an end step: expected work before it');
  const reached = reachable(first.id, edges);
  const ends = steps.filter((s) => s !== undefined && endsFlow(s)).map((s) => s?.id ?? '');
  if (ends.length === 0) {
    ctx.report(['steps'], `expected at least one step of kind 'end'`, { key: true });
    return;
  }
  const finishing = leadsToEnd(ends, edges);
  const reported = new Set<string>();
  steps.forEach((step, i) => {
    if (!step || reported.has(step.id)) return;
    reported.add(step.id);
    if (!reached.has(step.id)) {
      ctx.report(['steps', i, 'id'], `step '${step.id}' is unreachable: no step leads to it`);
    } else if (!finishing.has(step.id)) {
      ctx.report(
        ['steps', i, 'id'],
        `no way to an end step from '${step.id}': every path loops without finishing`,
      );
    }
  });
}
