import * as z from 'zod';
import { checkReference } from '../check-context';
import { defined, ms } from '../compile-actions';
import { duration, id } from '../schema-common';
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

/** follow-up: a task opened after a delay on a calendar (e.g. a call back two business days later). */
export const followUpKind = defineStepKind({
  kind: 'follow-up',
  schema: z.strictObject({
    ...base,
    kind: z.literal('follow-up'),
    after: duration,
    calendar: id('calendar').optional(),
    ...taskFields,
  }),
  check(ctx, step, at) {
    checkTaskFields(ctx, step, at);
    checkReference(ctx, ctx.calendarIds, 'calendar', step.calendar, at('calendar'));
  },
  edges: (step) => outcomeEdges(step),
  compile: (step) =>
    defined({
      id: step.id,
      title: step.title,
      kind: 'follow-up',
      afterMs: ms(step.after),
      calendar: step.calendar ?? '24x7',
      department: compileDepartment(step.department),
      instructions: step.instructions,
      outcomes: compileOutcomes(step),
    }),
  planEdges: (step) => planOutcomeEdges(step),
  diagram: { shape: 'box', describe: (step) => `follow-up · ${departmentName(step.department)}` },
  flow: { needsNext: false, mayLeadToItself: true, endsFlow: false },
});
