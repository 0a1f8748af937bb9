import { Router } from 'express';
import { z } from 'zod';
import { verifySurveyToken, type SurveyClaims } from '../../activities/survey-link';
import { getProjectedCase } from '../../db/cases';
import { getTemplateVersion } from '../../db/templates';
import { caseStateQuery, caseWorkflowId, submitSurveyUpdate, type CaseView } from '../../workflows/messages';
import { noteAudit } from '../audit-trail';
import type { ApiContext } from '../context';
import { describe } from '../openapi/describe';
import { HttpProblem } from '../problem';
import { problemFromQuery, problemFromTemporal } from '../temporal-errors';
import { parse } from '../validate';

const tokenParams = z.object({ token: z.string().min(1).max(2_000) });
/** `{ speed: 5, ability: 4, attitude: 5, comment?: "…" }`: question ids of the survey step → scores. */
const answersBody = z
  .record(z.string().min(1).max(100), z.union([z.number().int(), z.string().max(5_000)]))
  .refine((a) => Object.keys(a).length > 0, { message: 'expected at least one answer' });

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
  body: { schema: answersBody },
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

const refusals = {
  forged: 'This survey link is not valid.',
  expired: 'This survey link has expired.',
  'unknown-key': 'This survey link was signed with a key this system no longer accepts.',
} as const;

/**
 * Whether the link names the survey the case waits on, as the workflow checks an answer: its step and
 * occurrence, or, for a link that names no occurrence (older code), its expiry, the deadline of its survey.
 */
function namesAwaitedSurvey(view: CaseView, claims: SurveyClaims): boolean {
  const awaited = view.awaitingSurvey;
  if (!awaited || awaited.stepId !== claims.stepId) return false;
  return claims.surveyKey !== undefined
    ? claims.surveyKey === awaited.surveyKey
    : claims.expiresAt === awaited.expiresAt;
}

/** The refusal an answer with this link would get from the case (workflows/engine/steps/survey.ts). */
function refusalFor(view: CaseView): HttpProblem {
  return view.awaitingSurvey
    ? new HttpProblem(403, 'Forbidden', 'This survey link belongs to an earlier survey of this case.')
    : new HttpProblem(409, 'Conflict', 'The case is not waiting for survey answers.');
}

/** The customer's survey (SPEC §6): no bearer token — the signed, expiring link is the credential. */
export function surveyRouter(ctx: ApiContext): Router {
  const router = Router();

  const claimsOf = async (token: string): Promise<SurveyClaims> => {
    const check = verifySurveyToken(await ctx.surveyKeys(), token);
    if (check.ok) return check.claims;
    throw new HttpProblem(403, 'Forbidden', refusals[check.reason]);
  };

  router.get('/survey/:token', surveyGetDoc, async (req, res) => {
    const claims = await claimsOf(parse(tokenParams, req, 'params').token);
    const view = await getProjectedCase(ctx.pool, claims.caseId);
    const template = view && (await getTemplateVersion(ctx.pool, view.template.name, view.template.version));
    const step = template?.plan.steps[claims.stepId];
    if (!view || step?.kind !== 'survey')
      throw new HttpProblem(404, 'Not Found', 'This survey is no longer available.');
    // The projection names the survey the case waits on, so the usual answer costs no call to Temporal.
    // When it names another (or none), the projection may lag the case by a moment or come from older code:
    // the case itself decides, as it does for the answer.
    if (!namesAwaitedSurvey(view, claims)) {
      let live: CaseView;
      try {
        live = await ctx.client.workflow.getHandle(caseWorkflowId(claims.caseId)).query(caseStateQuery);
      } catch (err) {
        throw problemFromQuery(err, claims.caseId);
      }
      if (!namesAwaitedSurvey(live, claims)) throw refusalFor(live);
    }
    res.json({
      caseId: claims.caseId,
      subject: view.subject,
      expiresAt: claims.expiresAt,
      questions: step.questions,
      comment: { optional: true, maxLength: 5_000 },
    });
  });

  router.post('/survey/:token', surveyPostDoc, async (req, res) => {
    const claims = await claimsOf(parse(tokenParams, req, 'params').token);
    noteAudit(req, { resource: `case/${claims.caseId}` });
    const answers = parse(answersBody, req, 'body');
    // The case checks that the link names the survey it waits on (an earlier survey's link is refused).
    const link = {
      stepId: claims.stepId,
      ...(claims.surveyKey ? { surveyKey: claims.surveyKey } : {}),
      expiresAt: claims.expiresAt,
    };
    try {
      await ctx.client.workflow.getHandle(caseWorkflowId(claims.caseId)).executeUpdate(submitSurveyUpdate, {
        args: [{ answers, principal: { name: 'customer', roles: ['customer'] }, link }],
      });
    } catch (err) {
      throw problemFromTemporal(err, claims.caseId);
    }
    res.json({ caseId: claims.caseId, received: true });
  });

  return router;
}
