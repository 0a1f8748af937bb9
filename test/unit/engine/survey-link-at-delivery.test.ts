/**
 * Survey links signed at delivery (issue 11, follow-up of item 12; docs/security.md "Survey links"): with
 * the patch on, a survey sends the claims of its link with the notification and no token exists in the
 * engine's state, commands or view; the view names the survey the case waits on. Without it (runs recorded
 * before), the link is issued by the issueSurveyLink activity first, as then.
 */
import { applyEvent, startCase } from '../../../workflows/engine/engine';
import type { CaseCommand, CaseState, EngineContext } from '../../../workflows/engine/types';
import { toCaseView } from '../../../workflows/engine/view';
import { anna, HOUR, makeInput, surveyedPlan, T0 } from './fixture';

const DAY = 24 * HOUR;
const plan = surveyedPlan();

/** Opens a case and resolves its triage task at `at`: the case enters the survey. */
function resolvedCase(ctx: Omit<EngineContext, 'now'>): { state: CaseState; commands: CaseCommand[] } {
  const opened = startCase(
    plan,
    { caseId: 'C1', input: makeInput(), openedBy: anna, openedAt: new Date(T0).toISOString() },
    { now: T0, ...ctx },
  );
  if (!opened.ok) throw new Error(opened.rejection.message);
  const task = opened.state.tasks.find((t) => t.status === 'open');
  const done = applyEvent(
    plan,
    opened.state,
    {
      kind: 'task.complete',
      taskId: task!.id,
      outcome: 'resolved',
      principal: anna,
    },
    { now: T0 + HOUR, ...ctx },
  );
  if (!done.ok) throw new Error(done.rejection.message);
  return done;
}

const expiresAt = new Date(T0 + HOUR + 3 * DAY).toISOString();

it('sends the link’s claims with the notification, for the activity to sign: no token anywhere', () => {
  const { state, commands } = resolvedCase({ signSurveyLinkAtDelivery: true });
  expect(state.step).toBe('csat');
  expect(commands.filter((c) => c.kind === 'issue-survey-link')).toEqual([]);
  const sent = commands.filter((c) => c.kind === 'notify').map((c) => c.request);
  const link = sent.find((r) => r.surveyLink !== undefined);
  expect(link).toEqual({
    id: 'C1/csat.link/1',
    caseId: 'C1',
    recipient: 'customer',
    channel: 'email',
    fallback: 'sms',
    message: 'How did we do?',
    data: { kind: 'survey' },
    surveyLink: { caseId: 'C1', stepId: 'csat', surveyKey: 'C1/csat/1', expiresAt },
  });
  expect(state.decisions.at(-1)).toMatchObject({ what: 'survey link sent' });
  expect(JSON.stringify(state)).not.toMatch(/token|https?:/);

  const view = toCaseView(plan, state);
  expect(view.awaitingSurvey).toEqual({ stepId: 'csat', surveyKey: 'C1/csat/1', expiresAt });

  // Answered: the case waits for no survey any more.
  const answered = applyEvent(
    plan,
    state,
    {
      kind: 'survey.submit',
      answers: { speed: 5 },
      principal: anna,
      link: { stepId: 'csat', surveyKey: 'C1/csat/1', expiresAt },
    },
    { now: T0 + 2 * HOUR, signSurveyLinkAtDelivery: true },
  );
  if (!answered.ok) throw new Error(answered.rejection.message);
  expect(toCaseView(plan, answered.state).awaitingSurvey).toBeUndefined();
});

it('issues the link through the activity first in a run recorded before the patch', () => {
  const { commands } = resolvedCase({});
  expect(commands.filter((c) => c.kind === 'issue-survey-link').map((c) => c.request)).toEqual([
    { caseId: 'C1', stepId: 'csat', surveyKey: 'C1/csat/1', expiresAt },
  ]);
  const sent = commands.filter((c) => c.kind === 'notify').map((c) => c.request);
  expect(sent.some((r) => r.surveyLink !== undefined || r.data?.kind === 'survey')).toBe(false);
});
