import { Router } from 'express';
import { z } from 'zod';
import { answerSurvey, readSurvey, surveyClaims } from '../../cases/survey';
import { noteAudit } from '../audit-trail';
import type { ApiContext } from '../context';
import { describe } from '../openapi/describe';
import { surveyAnswersBody } from '../schemas';
import { parse } from '../validate';

const tokenParams = z.object({ token: z.string().min(1).max(2_000) });

const surveyGetDoc = describe({
  summary: 'The survey behind a signed link: questions and the case subject',
  description:
    'No bearer token: the signed, expiring token in the link is the credential (403 when forged, expired, ' +
    'signed with a key no longer accepted, or issued for an earlier survey of the case; 409 when the case ' +
    'no longer waits for survey answers).',
  tags: ['survey'],
  access: 'public',
  params: tokenParams,
  responses: {
    200: {
      description: 'The survey',
      schema: z.looseObject({ caseId: z.string(), expiresAt: z.string(), questions: z.unknown() }),
    },
  },
  errors: [403, 409],
});
const surveyPostDoc = describe({
  summary: 'Answer the survey: question id → score (1–5), optional comment',
  tags: ['survey'],
  access: 'public',
  params: tokenParams,
  body: { schema: surveyAnswersBody },
  responses: {
    200: {
      description: 'Received',
      schema: z.looseObject({ caseId: z.string(), received: z.literal(true) }),
    },
  },
  errors: [403, 409, 422],
  // The token is a credential: the entry names the case, never the link.
  audit: { action: 'survey.answer', resource: () => 'survey', publicPrincipal: 'customer' },
});

/** The customer's survey (SPEC §6): no bearer token — the signed, expiring link is the credential. */
export function surveyRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/survey/:token', surveyGetDoc, async (req, res) => {
    const { token } = parse(tokenParams, req, 'params');
    res.json(await readSurvey(ctx, { token }));
  });

  router.post('/survey/:token', surveyPostDoc, async (req, res) => {
    const claims = await surveyClaims(ctx, parse(tokenParams, req, 'params').token);
    noteAudit(req, { resource: `case/${claims.caseId}` });
    const answers = parse(surveyAnswersBody, req, 'body');
    res.json(await answerSurvey(ctx, { claims, answers }));
  });

  return router;
}
