import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { z } from 'zod';
import { answerSurvey, readSurvey, surveyCaseLanguage, surveyClaims } from '../../cases/survey';
import { noteAudit } from '../audit-trail';
import type { ApiContext } from '../context';
import { describe } from '../openapi/describe';
import { HttpProblem } from '../problem';
import { surveyAnswersBody } from '../schemas';
import { pageLanguage } from '../survey-page/language';
import { refusalPage, surveyPage, thanksPage } from '../survey-page/render';
import { formAnswers, formType, formValues, refusalOf, wantsHtml } from '../survey-page/respond';
import { parse } from '../validate';

const tokenParams = z.object({ token: z.string().min(1).max(2_000) });
const html = z.string().describe('The page (zh or en by the case; see the description)');

const pageNote =
  ' A browser (`Accept: text/html` preferred to JSON) gets the phone-sized page instead, in the case’s ' +
  'language (the customer’s `language` from intake, else zh for a Chinese subject, else the browser’s ' +
  'Accept-Language), and a kind page with the same status for each refusal.';

const surveyGetDoc = describe({
  summary: 'The survey behind a signed link: questions and the case subject (JSON, or the page)',
  description:
    'No bearer token: the signed, expiring token in the link is the credential (403 when forged, expired, ' +
    'signed with a key no longer accepted, or issued for an earlier survey of the case; 409 when the case ' +
    'no longer waits for survey answers).' +
    pageNote,
  tags: ['survey'],
  access: 'public',
  params: tokenParams,
  responses: {
    200: {
      description: 'The survey',
      schema: z.looseObject({ caseId: z.string(), expiresAt: z.string(), questions: z.unknown() }),
      alternatives: { 'text/html': html },
    },
  },
  errors: [403, 409],
});
const surveyPostDoc = describe({
  summary: 'Answer the survey: question id → score (1–5), optional comment',
  description:
    'JSON, or the survey page’s form (`application/x-www-form-urlencoded`, each score as its digits), ' +
    'which a browser gets answered with a thank-you page.' +
    pageNote,
  tags: ['survey'],
  access: 'public',
  params: tokenParams,
  body: { schema: surveyAnswersBody, contentTypes: ['application/json', formType] },
  responses: {
    200: {
      description: 'Received',
      schema: z.looseObject({ caseId: z.string(), received: z.literal(true) }),
      alternatives: { 'text/html': html },
    },
  },
  errors: [403, 409, 422],
  // The token is a credential: the entry names the case, never the link.
  audit: { action: 'survey.answer', resource: () => 'survey', publicPrincipal: 'customer' },
});

/** The page's form: a few scores and a comment of up to 5,000 characters (9 bytes each, percent-encoded). */
const readForm = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 50 });

/** Pages are not cached: each answers for the link's state now. */
function sendPage(res: Response, status: number, page: string): void {
  res.status(status).set('cache-control', 'no-store').type('html').send(page);
}

/** The customer's survey (SPEC §6): no bearer token — the signed, expiring link is the credential. */
export function surveyRouter(ctx: ApiContext): Router {
  const router = Router();

  /** The case's language when the link names a readable case, else the browser's. */
  const languageOf = async (req: Request) => {
    const token = tokenParams.safeParse(req.params);
    const claims = token.success
      ? await surveyClaims(ctx, token.data.token).catch(() => undefined)
      : undefined;
    const caseLang = claims ? await surveyCaseLanguage(ctx, claims) : undefined;
    return pageLanguage(caseLang, req.get('accept-language'));
  };

  /**
   * A browser's failure as a kind page with the failure's status (JSON clients go on to problem+json).
   * A form the case refused (a score missing or out of range) is shown again with the customer's choices.
   */
  const asPage: ErrorRequestHandler = (err: unknown, req, res, next) => {
    if (!wantsHtml(req) || res.headersSent) return next(err);
    const refusal = refusalOf(err);
    if (refusal.unexpected) (req.log ?? ctx.log).error({ err }, 'unhandled error (survey page)');
    const badForm =
      refusal.status === 422 ||
      (err instanceof HttpProblem &&
        err.status === 400 &&
        (err.extra.errors ?? []).some((e) => e.field.startsWith('body')));
    void (async () => {
      if (req.method === 'POST' && req.is(formType) && badForm) {
        const token = tokenParams.safeParse(req.params);
        const survey = token.success
          ? await readSurvey(ctx, { token: token.data.token }).catch(() => undefined)
          : undefined;
        if (survey) {
          const lang = pageLanguage(survey.language, req.get('accept-language'));
          return sendPage(res, refusal.status, surveyPage(lang, survey, { values: formValues(req.body) }));
        }
      }
      if (refusal.status === 503) res.set('retry-after', '2');
      sendPage(res, refusal.status, refusalPage(await languageOf(req), refusal.kind));
    })().catch(next);
  };

  router.get(
    '/survey/:token',
    surveyGetDoc,
    async (req: Request, res: Response) => {
      const { token } = parse(tokenParams, req, 'params');
      const survey = await readSurvey(ctx, { token });
      if (!wantsHtml(req)) return void res.json(survey);
      sendPage(res, 200, surveyPage(pageLanguage(survey.language, req.get('accept-language')), survey));
    },
    asPage,
  );

  router.post(
    '/survey/:token',
    surveyPostDoc,
    readForm,
    async (req: Request, res: Response) => {
      const claims = await surveyClaims(ctx, parse(tokenParams, req, 'params').token);
      noteAudit(req, { resource: `case/${claims.caseId}` });
      // The page's form goes the same way as JSON: its fields become the same answers.
      const body: unknown = req.is(formType) ? formAnswers(req.body) : req.body;
      const answers = parse(surveyAnswersBody, { body } as unknown as Request, 'body');
      const received = await answerSurvey(ctx, { claims, answers });
      if (!wantsHtml(req)) return void res.json(received);
      const lang = pageLanguage(await surveyCaseLanguage(ctx, claims), req.get('accept-language'));
      sendPage(res, 200, thanksPage(lang));
    },
    asPage,
  );

  return router;
}
