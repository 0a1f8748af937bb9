/**
 * The customer's survey (SPEC §6): no principal — the signed, expiring link is the credential. Reading the
 * survey behind a link, and answering it. A forged, expired or no longer accepted link is forbidden, as is
 * one issued for an earlier survey of the case; a case no longer waiting for answers is a conflict.
 */
import type { SurveyKeys } from '../activities/survey-keys';
import { verifySurveyToken, type SurveyClaims } from '../activities/survey-link';
import type { CustomerLanguage } from '../contract';
import { getCaseAccess, getProjectedCase } from '../db/cases';
import type { PlanSurveyStep } from '../definitions/plan';
import { getTemplateVersion } from '../db/templates';
import { caseStateQuery, caseWorkflowId, submitSurveyUpdate, type CaseView } from '../workflows/messages';
import { CaseError } from './case-error';
import { caseLanguage } from './case-language';
import type { CaseContext } from './context';
import { caseErrorFromQuery, caseErrorFromTemporal } from './temporal-outcome';

/** What the survey use cases need besides the case context: the keys that check a link. */
export interface SurveyContext extends Pick<CaseContext, 'client' | 'pool' | 'personalData'> {
  surveyKeys: SurveyKeys;
}

/** Why a link is refused; the survey page tells an expired link from a forged one by these. */
export const surveyRefusals = {
  forged: 'This survey link is not valid.',
  expired: 'This survey link has expired.',
  'unknown-key': 'This survey link was signed with a key this system no longer accepts.',
} as const;

/** The claims of a link this system signed and still accepts, else forbidden. */
export async function surveyClaims(
  ctx: Pick<SurveyContext, 'surveyKeys'>,
  token: string,
): Promise<SurveyClaims> {
  const check = verifySurveyToken(await ctx.surveyKeys(), token);
  if (check.ok) return check.claims;
  throw new CaseError('forbidden', surveyRefusals[check.reason]);
}

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

/** An earlier survey's link (the workflow's own refusal says the same in lower case). */
export const earlierSurvey = 'This survey link belongs to an earlier survey of this case.';

/** The refusal an answer with this link would get from the case (workflows/engine/steps/survey.ts). */
function refusalFor(view: CaseView): CaseError {
  return view.awaitingSurvey
    ? new CaseError('forbidden', earlierSurvey)
    : new CaseError('conflict', 'The case is not waiting for survey answers.');
}

/** The survey behind a link: the case, its subject, the link's expiry and the questions. */
export interface SurveyView {
  caseId: string;
  subject: string;
  expiresAt: string;
  questions: PlanSurveyStep['questions'];
  comment: { optional: true; maxLength: number };
  /** The case's language when it has one (cases/case-language.ts); the survey page speaks it. */
  language?: CustomerLanguage;
}

/** The survey a link names, if the case still waits for it (else forbidden or conflict; not found when gone). */
export async function readSurvey(ctx: SurveyContext, input: { token: string }): Promise<SurveyView> {
  const claims = await surveyClaims(ctx, input.token);
  const view = await getProjectedCase(ctx.pool, claims.caseId);
  const template = view && (await getTemplateVersion(ctx.pool, view.template.name, view.template.version));
  const step = template?.plan.steps[claims.stepId];
  if (!view || step?.kind !== 'survey')
    throw new CaseError('not-found', 'This survey is no longer available.');
  // The projection names the survey the case waits on, so the usual answer costs no call to Temporal.
  // When it names another (or none), the projection may lag the case by a moment or come from older code:
  // the case itself decides, as it does for the answer.
  if (!namesAwaitedSurvey(view, claims)) {
    let live: CaseView;
    try {
      live = await ctx.client.workflow.getHandle(caseWorkflowId(claims.caseId)).query(caseStateQuery);
    } catch (err) {
      throw caseErrorFromQuery(err, claims.caseId);
    }
    if (!namesAwaitedSurvey(live, claims)) throw refusalFor(live);
  }
  const language = caseLanguage(view);
  return {
    caseId: claims.caseId,
    subject: view.subject,
    expiresAt: claims.expiresAt,
    questions: step.questions,
    comment: { optional: true, maxLength: 5_000 },
    ...(language ? { language } : {}),
  };
}

/** The language of the case a link names, if it has one; undefined too when the case cannot be read. */
export async function surveyCaseLanguage(
  ctx: Pick<SurveyContext, 'pool'>,
  claims: SurveyClaims,
): Promise<CustomerLanguage | undefined> {
  const view = await getProjectedCase(ctx.pool, claims.caseId).catch(() => undefined);
  return view ? caseLanguage(view) : undefined;
}

/**
 * Answers the survey a link names: question id → score, optional comment. The case checks that the link
 * names the survey it waits on (an earlier survey's link is refused) and the answers against its questions.
 */
export async function answerSurvey(
  ctx: SurveyContext,
  input: { claims: SurveyClaims; answers: Record<string, number | string> },
): Promise<{ caseId: string; received: true }> {
  const { claims } = input;
  const link = {
    stepId: claims.stepId,
    ...(claims.surveyKey ? { surveyKey: claims.surveyKey } : {}),
    expiresAt: claims.expiresAt,
  };
  const answers = await withSealedComment(ctx, claims.caseId, input.answers);
  try {
    await ctx.client.workflow.getHandle(caseWorkflowId(claims.caseId)).executeUpdate(submitSurveyUpdate, {
      args: [{ answers, principal: { name: 'customer', roles: ['customer'] }, link }],
    });
  } catch (err) {
    throw caseErrorFromTemporal(err, claims.caseId);
  }
  return { caseId: claims.caseId, received: true };
}

/**
 * The answers with the comment sealed for the case's customer (docs/privacy.md): the case checks only that
 * it is text, and keeps it in its survey answers and the "survey answered" decision, which readers get
 * revealed. The scores stay as they are: the branches and the reports read them.
 */
async function withSealedComment(
  ctx: Pick<SurveyContext, 'pool' | 'personalData'>,
  caseId: string,
  answers: Record<string, number | string>,
): Promise<Record<string, number | string>> {
  const { comment } = answers;
  if (typeof comment !== 'string' || comment === '') return answers;
  const customer = (await getCaseAccess(ctx.pool, caseId))?.customer;
  if (customer === undefined) return answers;
  return { ...answers, comment: await ctx.personalData.sealFor(customer, comment) };
}
