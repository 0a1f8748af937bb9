/**
 * A survey link answers the survey it was sent for, not a later one of the same case (issue 11, item 12):
 * a case whose low score reopens it surveys again, and the first link must not answer the second survey.
 */
import { anna, Harness, HOUR, surveyedPlan, T0 } from './fixture';

const DAY = 24 * HOUR;
const plan = surveyedPlan();

const expiry = (at: number) => new Date(at + 3 * DAY).toISOString();

describe('survey answers carry the link they came with', () => {
  it('refuses the first survey’s link on the second survey and accepts the second’s', () => {
    const h = new Harness(plan).complete('resolved');
    const first = { stepId: 'csat', surveyKey: 'C1/csat/1', expiresAt: expiry(T0) };
    h.send({ kind: 'survey.submit', answers: { speed: 1 }, principal: anna, link: first });
    expect(h.state.step).toBe('triage');

    h.send(
      { kind: 'task.complete', taskId: h.openTask().id, outcome: 'resolved', principal: anna },
      T0 + HOUR,
    );
    expect(h.commandsOf('issue-survey-link').at(-1)?.request).toMatchObject({ surveyKey: 'C1/csat/2' });
    const refused = h.refuse({ kind: 'survey.submit', answers: { speed: 5 }, principal: anna, link: first });
    expect(refused).toMatchObject({ type: 'Forbidden', message: expect.stringMatching(/earlier survey/) });
    expect(h.state.step).toBe('csat');

    const second = { stepId: 'csat', surveyKey: 'C1/csat/2', expiresAt: expiry(T0 + HOUR) };
    h.send({ kind: 'survey.submit', answers: { speed: 5 }, principal: anna, link: second });
    expect(h.state.step).toBe('done');
  });

  it('matches a link that names no occurrence (issued by older code) by its expiry', () => {
    const h = new Harness(plan).complete('resolved');
    h.send({ kind: 'survey.submit', answers: { speed: 1 }, principal: anna });
    h.send(
      { kind: 'task.complete', taskId: h.openTask().id, outcome: 'resolved', principal: anna },
      T0 + HOUR,
    );
    const old = { stepId: 'csat', expiresAt: expiry(T0) };
    expect(h.refuse({ kind: 'survey.submit', answers: { speed: 5 }, principal: anna, link: old }).type).toBe(
      'Forbidden',
    );
    const current = { stepId: 'csat', expiresAt: expiry(T0 + HOUR) };
    h.send({ kind: 'survey.submit', answers: { speed: 5 }, principal: anna, link: current });
    expect(h.state.step).toBe('done');
  });

  it('refuses a link of another step, and takes answers recorded without a link as before', () => {
    const h = new Harness(plan).complete('resolved');
    const other = { stepId: 'exit-survey', surveyKey: 'C1/exit-survey/1', expiresAt: expiry(T0) };
    expect(
      h.refuse({ kind: 'survey.submit', answers: { speed: 5 }, principal: anna, link: other }).type,
    ).toBe('Forbidden');
    h.send({ kind: 'survey.submit', answers: { speed: 5 }, principal: anna });
    expect(h.state.step).toBe('done');
  });
});
