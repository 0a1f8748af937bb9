/**
 * Contact consent (issue 16, item 3; docs/privacy.md "Consent"): a case opened without `consent` sends what
 * it always sent; with it, a message to the customer goes only on channels they consented to (the fallback
 * when the channel is refused, nothing when both are), each choice a decision; departments are reached as
 * before; the survey is not sent without `survey: true` and the case takes the no-answer path at once; the
 * follow-up task names the channels the agent may use.
 */
import type { PlanStep, PlanTaskStep } from '../../../definitions/plan';
import type { CaseInput } from '../../../workflows/messages';
import { anna, Harness, HOUR, makeInput, makePlan, speedSurvey, T0, triageTask } from './fixture';

const tell = (to: 'customer' | 'billing', next = 'done'): PlanStep => ({
  id: to === 'customer' ? 'tell' : 'tell-billing',
  kind: 'notify',
  to: to === 'customer' ? { kind: 'customer' } : { kind: 'department', department: 'billing' },
  channel: 'sms',
  fallback: 'email',
  message: 'Hi',
  next,
});

/** Triage resolved → notify the customer (sms, email fallback) → billing (sms, email) → done. */
const notifyPlan = makePlan(
  {},
  {
    triage: triageTask({ resolved: 'tell' }),
    tell: tell('customer', 'tell-billing'),
    'tell-billing': tell('billing'),
  },
);

/** Triage resolved → follow-up after an hour → survey (csat, 3 days). */
const afterCarePlan = makePlan(
  {},
  {
    triage: triageTask({ resolved: 'check' }),
    check: {
      id: 'check',
      kind: 'follow-up',
      afterMs: HOUR,
      calendar: '24x7',
      department: { kind: 'fixed', department: 'frontline' },
      title: 'Held?',
      instructions: 'Ask whether it works.',
      outcomes: {
        confirmed: { id: 'confirmed', next: 'csat', form: {} },
        reopen: { id: 'reopen', next: 'triage', form: {} },
      },
    },
    csat: speedSurvey(72 * HOUR, [{ next: 'done', index: 0 }]),
  },
);

const resolved = (plan = notifyPlan, consent?: CaseInput['consent']) =>
  new Harness(plan, makeInput(consent === undefined ? {} : { consent })).complete('resolved');

const requests = (h: Harness) =>
  h.commandsOf('notify').map(({ request }) => ({
    recipient: request.recipient,
    channel: request.channel,
    fallback: request.fallback,
  }));

const decisions = (h: Harness) => h.state.decisions.map((d) => `${d.what} | ${d.why}`);

describe('consent on notifications', () => {
  it('absent: the commands and decisions are exactly those of a case without the field', () => {
    const h = resolved();
    expect(requests(h)).toEqual([
      { recipient: 'customer', channel: 'sms', fallback: 'email' },
      { recipient: 'billing', channel: 'sms', fallback: 'email' },
    ]);
    expect(decisions(h)).toContain('notified customer by sms, falling back to email | notify step tell');
    expect(decisions(h).filter((d) => d.includes('consent'))).toEqual([]);
    // Consent to every channel the template names sends the same.
    expect(requests(resolved(notifyPlan, { sms: true, email: true }))).toEqual(requests(h));
  });

  it('sms refused: the email fallback is used, and the log says why', () => {
    const h = resolved(notifyPlan, { sms: false, email: true });
    expect(requests(h)).toEqual([
      { recipient: 'customer', channel: 'email', fallback: undefined },
      // A department is not the customer: its channels are the template's.
      { recipient: 'billing', channel: 'sms', fallback: 'email' },
    ]);
    expect(decisions(h)).toEqual(
      expect.arrayContaining([
        'sms skipped: no consent | notify step tell: email used instead',
        'notified customer by email | notify step tell',
      ]),
    );
  });

  it('the fallback refused: the channel alone, the fallback dropped', () => {
    const h = resolved(notifyPlan, { sms: true });
    expect(requests(h)[0]).toEqual({ recipient: 'customer', channel: 'sms', fallback: undefined });
    expect(decisions(h)).toContain('email fallback dropped: no consent | notify step tell: sms only');
  });

  it('neither consented: nothing is sent to the customer, the decision says so, the flow goes on', () => {
    const h = resolved(notifyPlan, { voice: true });
    expect(requests(h)).toEqual([{ recipient: 'billing', channel: 'sms', fallback: 'email' }]);
    expect(decisions(h)).toContain('nothing sent: no consent for sms or email | notify step tell');
    expect(decisions(h).some((d) => d.startsWith('notified customer'))).toBe(false);
    expect(h.state.step).toBe('done');
  });

  it('an escalation notifying the customer follows the same rule', () => {
    const plan = makePlan(
      {},
      {
        triage: {
          ...(triageTask({ resolved: 'done' }) as PlanTaskStep),
          escalations: [
            {
              id: 'slow',
              trigger: { kind: 'step.after', afterMs: HOUR },
              delayMs: 0,
              actions: [
                {
                  kind: 'notify',
                  to: { kind: 'customer' },
                  channel: 'voice',
                  fallback: 'sms',
                  message: 'Sorry',
                },
              ],
            },
          ],
        },
      },
    );
    const h = new Harness(plan, makeInput({ consent: { sms: true } }));
    h.send({ kind: 'wake' }, T0 + 2 * HOUR);
    expect(requests(h)).toEqual([{ recipient: 'customer', channel: 'sms', fallback: undefined }]);
    expect(decisions(h)).toContain('voice skipped: no consent | escalation slow: sms used instead');
  });
});

describe('consent on the survey and the follow-up', () => {
  const toSurvey = (consent?: CaseInput['consent']) => {
    const h = resolved(afterCarePlan, consent);
    h.send({ kind: 'wake' }, T0 + 2 * HOUR); // the follow-up task opens
    h.complete('confirmed', undefined, anna, 'check');
    // The link as the driver's issueSurveyLink activity answers it (signing at delivery is off here).
    const issued = h.commandsOf('issue-survey-link')[0];
    if (issued) h.send({ kind: 'survey.link-issued', key: issued.key, url: 'https://s/x', token: 'x' });
    return h;
  };

  it('absent: the follow-up keeps its instructions and the survey link is sent', () => {
    const h = toSurvey();
    expect(h.state.tasks.find((t) => t.step === 'check')?.instructions).toBe('Ask whether it works.');
    expect(h.state.step).toBe('csat');
    expect(requests(h)).toEqual([{ recipient: 'customer', channel: 'email', fallback: 'sms' }]);
  });

  it('survey: false: no link, the no-answer path at once (no wait for the deadline)', () => {
    const h = toSurvey({ email: true, sms: false, survey: false });
    expect(h.commandsOf('notify')).toEqual([]);
    expect(h.state.step).toBe('done');
    expect(h.state.status).toBe('resolved');
    expect(h.state.cursor.kind).not.toBe('survey');
    expect(decisions(h)).toContain(
      'survey not sent: no consent | survey step csat: → done, as when no answer comes',
    );
  });

  it('survey: true but neither link channel: not sent either', () => {
    const h = toSurvey({ voice: true, survey: true });
    expect(h.commandsOf('notify')).toEqual([]);
    expect(h.state.step).toBe('done');
    expect(decisions(h)).toContain(
      'survey not sent: no consent for email or sms | survey step csat: → done, as when no answer comes',
    );
  });

  it('survey: true with email: the link goes by email only', () => {
    const h = toSurvey({ email: true, survey: true });
    expect(requests(h)).toEqual([{ recipient: 'customer', channel: 'email', fallback: undefined }]);
    expect(h.state.step).toBe('csat');
  });

  it('the follow-up task names the consented channels, or says not to contact', () => {
    const some = resolved(afterCarePlan, { email: true, voice: true }).send({ kind: 'wake' }, T0 + 2 * HOUR);
    expect(some.openTask('check').instructions).toBe(
      'Ask whether it works.\n\nContact the customer only by voice or email (their consent).',
    );
    expect(decisions(some)).toContain(
      "follow-up contact by voice or email only | follow-up step check: the customer's consent",
    );
    const none = resolved(afterCarePlan, { survey: true }).send({ kind: 'wake' }, T0 + 2 * HOUR);
    expect(none.openTask('check').instructions).toMatch(/consented to no contact channel.*do not contact/);
    expect(decisions(none)).toContain(
      "follow-up contact skipped: no consent | follow-up step check: the customer's consent",
    );
  });
});
