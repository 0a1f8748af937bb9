/**
 * POST /triage/model and GET /triage/model (issue 17, SPEC §12, docs/triage.md): train the learned triage
 * model on recorded cases now, and read the newest model's evaluation. Thin: parse, authorise, call
 * triage/, answer.
 *
 * A model with too few cases for every department is still stored and answered with 200 and `suggests:
 * false` (each department named in `refused` with its count): training worked and its evaluation is worth
 * reading; it is the suggestions that are withheld. Only when there is no labelled case at all is the
 * answer a 422: there is nothing to train or evaluate.
 */
import { Router } from 'express';
import { actionRoles } from '../../access/policy';
import {
  triageModelAnswerSchema,
  triageModelQuerySchema,
  triageTrainBodySchema,
  type TriageModelAnswer,
} from '../../contract';
import { latestTriageModel, type StoredTriageModel } from '../../db/triage-models';
import { DEFAULT_TRIAGE_TEMPLATE, NothingToLearn, trainTriageModel } from '../../triage/train';
import { authorise } from '../auth';
import type { ApiContext } from '../context';
import { describe } from '../openapi/describe';
import { HttpProblem } from '../problem';
import { parse } from '../validate';
import { suggestsAtAll } from '../../triage/model';

const trainDoc = describe({
  summary: 'Train the triage model now',
  description:
    'Learns department and category from the subject and description of the recorded cases of a template ' +
    '(where a person sent each case, and its final category), stores the model as the next version and ' +
    "answers its evaluation on held-out cases next to the template's own classify rules. A model with " +
    'fewer than 50 cases for a department never suggests that department (`refused`); with too few for ' +
    'every one, `suggests` is false. 422 when no recorded case has labels to learn from.',
  tags: ['triage'],
  roles: actionRoles['triage.train'],
  body: { schema: triageTrainBodySchema },
  responses: {
    200: { description: 'The new model version and its evaluation', schema: triageModelAnswerSchema },
  },
  errors: [422],
  audit: { action: 'triage.train', resource: () => 'triage/model' },
});

const readDoc = describe({
  summary: "The newest triage model's evaluation",
  description: 'The version, training size, evaluation and refusals of the newest model of a template.',
  tags: ['triage'],
  roles: actionRoles['triage.read'],
  query: triageModelQuerySchema,
  responses: {
    200: { description: 'The newest model, without its token counts', schema: triageModelAnswerSchema },
  },
  errors: [404],
  audit: { action: 'triage.read', resource: () => 'triage/model' },
});

function answerOf(m: StoredTriageModel): TriageModelAnswer {
  return {
    version: m.version,
    template: m.template,
    trainedAt: m.trainedAt,
    trainedOn: m.trainedOn,
    suggests: suggestsAtAll(m),
    evaluation: m.evaluation,
    ...(m.refused.length > 0 ? { refused: m.refused } : {}),
  };
}

export function triageRouter(ctx: ApiContext): Router {
  const router = Router();
  router.post('/triage/model', trainDoc, async (req, res) => {
    authorise(req, 'triage.train');
    const { template = DEFAULT_TRIAGE_TEMPLATE } = parse(triageTrainBodySchema, req, 'body');
    try {
      res.json(answerOf(await trainTriageModel(ctx.pool, template)));
    } catch (err) {
      if (!(err instanceof NothingToLearn)) throw err;
      throw new HttpProblem(422, 'Unprocessable Content', err.message, {
        errors: [{ field: 'body.template', message: err.message }],
      });
    }
  });
  router.get('/triage/model', readDoc, async (req, res) => {
    authorise(req, 'triage.read');
    const { template = DEFAULT_TRIAGE_TEMPLATE } = parse(triageModelQuerySchema, req, 'query');
    const latest = await latestTriageModel(ctx.pool, template, { withModel: false });
    if (latest === undefined)
      throw new HttpProblem(404, 'Not Found', `No triage model was trained for template ${template} yet.`);
    res.json(answerOf(latest));
  });
  return router;
}
