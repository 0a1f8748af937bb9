import * as z from 'zod';
import { checkCel, checkReference, oneOf } from '../check-context';
import { checkActions } from '../check-sections';
import { compileAction, defined, ms } from '../compile-actions';
import type { PlanEscalation } from '../plan';
import { actionSchema, duration, id, ID_PATTERN, when } from '../schema-common';
import { base } from './fields';
import {
  checkTaskFields,
  compileDepartment,
  compileOutcomes,
  departmentName,
  outcomeEdges,
  planOutcomeEdges,
  taskFields,
} from './human-task';
import { defineStepKind } from './step';

/** Step-level escalation rungs: after a delay on the task, or while it stays unclaimed. */
const stepEscalation = z.strictObject({
  id: id('escalation').optional(),
  after: duration,
  unclaimed: z.boolean().optional().meta({ description: 'Only while the task is not claimed.' }),
  tiers: z.array(id('tier')).optional(),
  when: when.optional(),
  actions: z.array(actionSchema).min(1, { error: 'expected at least one action' }),
});

function compileStepEscalation(
  stepId: string,
  rung: z.output<typeof stepEscalation>,
  k: number,
): PlanEscalation {
  const afterMs = ms(rung.after);
  return defined({
    id: rung.id ?? `${stepId}.escalation-${k + 1}`,
    trigger: rung.unclaimed
      ? { kind: 'task.unclaimed' as const, afterMs }
      : { kind: 'step.after' as const, afterMs },
    delayMs: 0,
    tiers: rung.tiers,
    when: rung.when,
    actions: rung.actions.map(compileAction),
  });
}

/** task: one human task for a department, at a tier, with its own escalation rungs; its outcome picks the next step. */
export const taskKind = defineStepKind({
  kind: 'task',
  schema: z.strictObject({
    ...base,
    kind: z.literal('task'),
    ...taskFields,
    tier: id('tier').optional(),
    handoff: z
      .array(id('department'))
      .optional()
      .meta({ description: 'Departments this task may be handed to.' }),
    escalations: z.array(stepEscalation).optional(),
  }),
  check(ctx, step, at) {
    checkTaskFields(ctx, step, at);
    if (step.tier !== undefined && ID_PATTERN.test(step.department)) {
      const tiers = ctx.doc.departments?.find((d) => d?.id === step.department)?.tiers;
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
  },
  edges: (step) => outcomeEdges(step),
  compile: (step) =>
    defined({
      id: step.id,
      title: step.title,
      kind: 'task',
      instructions: step.instructions,
      department: compileDepartment(step.department),
      tier: step.tier,
      outcomes: compileOutcomes(step),
      handoff: step.handoff ?? [],
      escalations: (step.escalations ?? []).map((rung, k) => compileStepEscalation(step.id, rung, k)),
    }),
  planEdges: (step) => planOutcomeEdges(step),
  diagram: {
    shape: 'box',
    describe: (step) => `task · ${departmentName(step.department)}${step.tier ? ` ${step.tier}` : ''}`,
  },
  flow: { needsNext: false, mayLeadToItself: true, endsFlow: false },
});
