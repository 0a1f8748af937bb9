import * as z from 'zod';
import { checkDuplicateIds } from '../check-context';
import { defined, ms } from '../compile-actions';
import { branch, duration, id } from '../schema-common';
import { branchEdges, checkBranches, compileBranches, planBranchEdges } from './branches';
import { base } from './fields';
import { defineStepKind, planEdge } from './step';

/**
 * survey: questions to the customer on a scale (1–5 unless the question says), each in one language or as
 * `{ en, zh }`; branches read the answers
 * as `survey.<question>` (and `survey.comment`), and no answer in time goes to onTimeout.
 */
export const surveyKind = defineStepKind({
  kind: 'survey',
  schema: z.strictObject({
    ...base,
    kind: z.literal('survey'),
    questions: z
      .array(
        z.strictObject({
          id: id('question'),
          text: z.union([
            z.string(),
            z
              .strictObject({ en: z.string(), zh: z.string() })
              .describe('The question in both languages; the survey page asks in the case’s language.'),
          ]),
          min: z.number().int().optional(),
          max: z.number().int().optional(),
        }),
      )
      .min(1),
    timeout: duration,
    branches: z.array(branch).min(1, { error: 'expected at least the default branch' }),
    onTimeout: id('step'),
  }),
  check(ctx, step, at) {
    checkBranches(ctx, step.branches, at, new Set([...step.questions.map((q) => q.id), 'comment']));
    step.questions.forEach((q, k) => {
      if ((q.min ?? 1) >= (q.max ?? 5)) ctx.report(at('questions', k), `question '${q.id}' needs min < max`);
    });
    checkDuplicateIds(ctx, step.questions, at('questions'), 'question');
  },
  edges: (step) => [
    ...branchEdges(step),
    { from: step.id, to: step.onTimeout, label: 'timeout', path: ['onTimeout'] },
  ],
  compile: (step) =>
    defined({
      id: step.id,
      title: step.title,
      kind: 'survey',
      questions: step.questions.map((q) => ({
        id: q.id,
        ...(typeof q.text === 'string' ? { text: q.text } : { text: q.text.en, texts: q.text }),
        min: q.min ?? 1,
        max: q.max ?? 5,
      })),
      timeoutMs: ms(step.timeout),
      branches: compileBranches(step.branches),
      onTimeout: step.onTimeout,
    }),
  planEdges: (step) => [...planBranchEdges(step), planEdge(step, step.onTimeout, 'timeout')],
  diagram: { shape: 'box', describe: (step) => step.kind },
  flow: { needsNext: false, mayLeadToItself: false, endsFlow: false },
});
