import type { SurveyLinkRequest } from '../../../activities/types';
import type { Channel, PlanSurveyStep } from '../../../definitions/plan';
import type { SurveyLinkClaims } from '../../messages';
import { consentedChannels, surveyConsented } from '../consent';
import { decide, emit, holds, reject, visitKey, type Run } from '../run';
import { notify } from './notify';
import { goto, setStatus, stay, type StepHandler } from './step';

/** Checks answers against the questions (integers within min…max; an optional string `comment`). */
function checkAnswers(step: PlanSurveyStep, answers: Record<string, unknown>): Record<string, unknown> {
  const problems: string[] = [];
  const known = new Set(step.questions.map((q) => q.id));
  for (const name of Object.keys(answers))
    if (!known.has(name) && name !== 'comment') problems.push(`${name}: not a question of this survey`);
  for (const q of step.questions) {
    const value = answers[q.id];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < q.min || value > q.max)
      problems.push(`${q.id}: expected an integer from ${q.min} to ${q.max}`);
  }
  if (answers.comment !== undefined && typeof answers.comment !== 'string')
    problems.push('comment: expected text');
  if (problems.length > 0) reject('Invalid', `survey: ${problems.join('; ')}`);
  return { ...answers };
}

function branch(step: PlanSurveyStep, run: Run): string {
  const chosen = step.branches.find((b) => holds(run, b.when, `survey branch #${b.index}`));
  const last = step.branches[step.branches.length - 1];
  const target = chosen ?? last;
  if (target === undefined) throw new Error(`survey step ${step.id} has no branches`);
  decide(
    run,
    `→ ${target.next}`,
    target.when === undefined ? 'default branch' : `branch #${target.index}: ${target.when}`,
  );
  return target.next;
}

/**
 * Whether a link was issued for this survey: its step and occurrence, or, for a link that names no
 * occurrence (issued by a case that ran older code), its expiry — the deadline of the survey it was sent for.
 * Answers recorded before links were bound carry none and replay unchanged.
 */
function linkNames(
  step: PlanSurveyStep,
  cursor: { key: string; deadline: number },
  link: SurveyLinkClaims,
): boolean {
  if (link.stepId !== step.id) return false;
  return link.surveyKey !== undefined
    ? link.surveyKey === cursor.key
    : link.expiresAt === new Date(cursor.deadline).toISOString();
}

/** The link's channels: email when we have an address, else SMS, the other as the fallback. */
function linkChannels(run: Run): { channel: Channel; fallback: Channel } {
  const hasEmail = run.state.input.customer.email !== undefined;
  return hasEmail ? { channel: 'email', fallback: 'sms' } : { channel: 'sms', fallback: 'email' };
}

/**
 * Why the survey may not be sent (docs/privacy.md, Consent): no consent for the survey, or for either of the
 * link's channels; undefined when it may (always, for a case opened without consent).
 */
function noConsent(run: Run): string | undefined {
  if (!surveyConsented(run.state)) return 'survey not sent: no consent';
  const channels = linkChannels(run);
  if (consentedChannels(run.state, channels).allowed.length === 0)
    return `survey not sent: no consent for ${channels.channel} or ${channels.fallback}`;
  return undefined;
}

/**
 * Sends the link to the customer, by email when we have an address, else by SMS: a link signed already
 * (cases that ran older code), or the claims of one the notification activity signs at delivery.
 */
function sendLink(
  step: PlanSurveyStep,
  run: Run,
  link: { url: string; token: string } | { claims: SurveyLinkRequest },
): void {
  const signed = 'url' in link;
  const sent = notify(
    run,
    `${step.id}.link`,
    {
      to: { kind: 'customer' },
      ...linkChannels(run),
      // Signed at delivery: the activity appends the link.
      message: signed ? `How did we do? ${link.url}` : 'How did we do?',
    },
    {
      where: `survey step ${step.id}`,
      data: signed ? { url: link.url, token: link.token, kind: 'survey' } : { kind: 'survey' },
      surveyLink: signed ? undefined : link.claims,
    },
  );
  if (sent !== undefined) decide(run, 'survey link sent', `survey step ${step.id}`);
}

/**
 * survey: the link's claims go to the notification activity, which signs the token at delivery (the workflow
 * holds no secret and its history no token); cases that ran older code had the link signed by an activity
 * first. Answers arrive through the submitSurvey update and pick a branch on `survey.<question>`.
 */
export const surveyStep: StepHandler<PlanSurveyStep> = {
  enter(step, run) {
    if (run.state.status === 'open') setStatus(run, 'resolved', `survey step ${step.id}`);
    // Without consent no link is sent, and no answer can come: the no-answer path at once, not at the deadline.
    const refused = noConsent(run);
    if (refused !== undefined) {
      decide(run, refused, `survey step ${step.id}: → ${step.onTimeout}, as when no answer comes`, step.id);
      return goto(step.onTimeout);
    }
    const key = visitKey(run, step.id);
    const deadline = run.ctx.now + step.timeoutMs;
    const request: SurveyLinkRequest = {
      caseId: run.state.caseId,
      stepId: step.id,
      surveyKey: key,
      expiresAt: new Date(deadline).toISOString(),
    };
    run.state.cursor = { kind: 'survey', key, deadline };
    // Only the claims enter the history; the token is signed where it is delivered.
    if (run.ctx.signSurveyLinkAtDelivery) sendLink(step, run, { claims: request });
    else emit(run, { kind: 'issue-survey-link', key, request });
    return stay;
  },
  onEvent(step, run, event) {
    const cursor = run.state.cursor;
    if (cursor.kind !== 'survey') return undefined;
    if (event.kind === 'survey.link-issued' && event.key === cursor.key) {
      cursor.url = event.url;
      sendLink(step, run, { url: event.url, token: event.token });
      return stay;
    }
    if (event.kind === 'survey.submit') {
      if (event.link && !linkNames(step, cursor, event.link))
        reject('Forbidden', 'this survey link belongs to an earlier survey of this case');
      run.state.survey = checkAnswers(step, event.answers);
      decide(run, 'survey answered', JSON.stringify(run.state.survey));
      return goto(branch(step, run));
    }
    if (event.kind === 'wake' && cursor.deadline <= run.ctx.now) {
      decide(run, `survey timed out → ${step.onTimeout}`, 'no answers before the deadline');
      return goto(step.onTimeout);
    }
    return undefined;
  },
  wakeAt(_step, state) {
    return state.cursor.kind === 'survey' ? state.cursor.deadline : undefined;
  },
};
