/**
 * Semantic checks of the flow: references between steps, per-kind rules, and the graph as a whole (every
 * step reachable from the first, every reachable step with some way to an `end`).
 */
import { checkActions } from './check-sections';
import {
  checkCel,
  checkDuplicateIds,
  checkDuplicateValues,
  checkReference,
  checkRuleList,
  oneOf,
  type CheckContext,
} from './check-context';
import { surveyReferences } from './expressions';
import { leadsToEnd, reachable, stepEdges, implicitNext, type FlowEdge } from './graph';
import type { DocumentPath } from './load';
import { ID_PATTERN } from './schema-common';
import type { StepDocument } from './schema-steps';

/** A fixed department id must exist; anything else is an expression that must yield a string. */
function checkDepartmentRef(ctx: CheckContext, value: string, path: DocumentPath): void {
  if (ID_PATTERN.test(value)) checkReference(ctx, ctx.departmentIds, 'department', value, path);
  else checkCel(ctx, value, path, 'string');
}

function tiersOf(ctx: CheckContext, department: string): string[] | undefined {
  return ctx.doc.departments?.find((d) => d?.id === department)?.tiers;
}

function checkStep(
  ctx: CheckContext,
  step: StepDocument,
  at: (...rest: Array<string | number>) => DocumentPath,
): void {
  switch (step.kind) {
    case 'task':
    case 'follow-up': {
      checkDepartmentRef(ctx, step.department, at('department'));
      if (Object.keys(step.outcomes).length === 0)
        ctx.report(at('outcomes'), 'expected at least one outcome');
      if (step.kind === 'follow-up') {
        checkReference(ctx, ctx.calendarIds, 'calendar', step.calendar, at('calendar'));
        return;
      }
      if (step.tier !== undefined && ID_PATTERN.test(step.department)) {
        const tiers = tiersOf(ctx, step.department);
        if (tiers && !tiers.includes(step.tier)) {
          ctx.report(at('tier'), `unknown tier '${step.tier}' of ${step.department} (${oneOf(tiers)})`);
        }
      }
      (step.handoff ?? []).forEach((d, k) =>
        checkReference(ctx, ctx.departmentIds, 'department', d, at('handoff', k)),
      );
      (step.escalations ?? []).forEach((rung, k) => {
        checkCel(ctx, rung.when, at('escalations', k, 'when'), 'bool');
        checkActions(ctx, rung.actions, at('escalations', k, 'actions'));
      });
      return;
    }
    case 'consult':
      step.tasks.forEach((task, k) =>
        checkDuplicateValues(ctx, task.outcomes, at('tasks', k, 'outcomes'), 'outcome'),
      );
      step.tasks.forEach((task, k) =>
        checkReference(ctx, ctx.departmentIds, 'department', task.department, at('tasks', k, 'department')),
      );
      checkDuplicateIds(ctx, step.tasks, at('tasks'), 'consult task');
      return;
    case 'wait': {
      const waitsForEvent = step.for === 'customer-reply' || 'signal' in step.for;
      if (!waitsForEvent && (step.timeout || step.onTimeout)) {
        ctx.report(
          at(step.timeout ? 'timeout' : 'onTimeout'),
          'a timeout only applies to waiting for customer-reply or a signal',
        );
      } else if (step.timeout && !step.onTimeout) {
        ctx.report(at('timeout'), `expected 'onTimeout: <step>' to say where a timeout leads`);
      } else if (step.onTimeout && !step.timeout) {
        ctx.report(at('onTimeout'), `expected 'timeout: <duration>' to say when the wait gives up`);
      }
      if (typeof step.for === 'object' && 'until' in step.for)
        checkCel(ctx, step.for.until, at('for', 'until'), 'timestamp');
      if (typeof step.for === 'object' && 'duration' in step.for) {
        checkReference(ctx, ctx.calendarIds, 'calendar', step.for.calendar, at('for', 'calendar'));
      }
      return;
    }
    case 'decide':
    case 'survey': {
      checkRuleList(ctx, step.branches, at('branches'), 'branch');
      const answers =
        step.kind === 'survey' ? new Set([...step.questions.map((q) => q.id), 'comment']) : undefined;
      step.branches.forEach((branch, k) => {
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
      if (step.kind === 'survey') {
        step.questions.forEach((q, k) => {
          if ((q.min ?? 1) >= (q.max ?? 5))
            ctx.report(at('questions', k), `question '${q.id}' needs min < max`);
        });
        checkDuplicateIds(ctx, step.questions, at('questions'), 'question');
      }
      return;
    }
    case 'notify': {
      const reserved = ['customer', 'holder', 'assignee'];
      if (!reserved.includes(step.to) && ctx.departmentIds && !ctx.departmentIds.has(step.to)) {
        ctx.report(
          at('to'),
          `unknown recipient '${step.to}' (expected customer, holder, assignee or a department id)`,
        );
      }
      return;
    }
    case 'classify':
    case 'prioritize':
    case 'call':
    case 'end':
      return;
    default: {
      const unknownStep: never = step;
      return unknownStep;
    }
  }
}

export function checkSteps(ctx: CheckContext): void {
  const steps = ctx.doc.steps;
  if (!steps) return;
  checkDuplicateIds(ctx, steps, ['steps'], 'step');
  const edges = new Map<string, FlowEdge[]>();
  let brokenReference = false;
  steps.forEach((step, i) => {
    if (!step) return;
    const at = (...rest: Array<string | number>): DocumentPath => ['steps', i, ...rest];
    checkStep(ctx, step, at);
    const out = stepEdges(step, implicitNext(steps, i) ?? ctx.stepIdAt(i + 1));
    for (const edge of out) {
      if (edge.path) checkReference(ctx, ctx.stepIds, 'step', edge.to, at(...edge.path));
      if (ctx.stepIds && !ctx.stepIds.has(edge.to)) brokenReference = true;
      if (edge.to === step.id && step.kind !== 'task' && step.kind !== 'follow-up') {
        ctx.report(edge.path ? at(...edge.path) : at('id'), `step '${step.id}' leads to itself`);
      }
    }
    const needsNext = ['classify', 'prioritize', 'consult', 'notify', 'call', 'wait'].includes(step.kind);
    if (needsNext && out.every((edge) => edge.label === 'failure' || edge.label === 'timeout')) {
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
  if (first.kind === 'end')
    ctx.report(['steps', 0], 'the flow starts with an end step: expected work before it');
  const reached = reachable(first.id, edges);
  const ends = steps.filter((s) => s?.kind === 'end').map((s) => s?.id ?? '');
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
