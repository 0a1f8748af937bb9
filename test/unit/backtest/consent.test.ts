/**
 * A case opened with contact consent keeps it in its view, so a backtest runs the candidate on the same
 * consent (docs/privacy.md "Consent"): the candidate opens it with that consent, and on the template it was
 * recorded on nothing differs.
 */
import { backtest, recordedInput } from '../../../backtest/run';
import { at, input, loadPlan, recordCase } from './standard-cases';

const v1 = loadPlan();
const consent = { email: true, sms: false, survey: false };
const recorded = recordCase(v1, 'CONSENT-1', input({ consent }), [
  { do: 'complete', task: 'triage', outcome: 'resolved', form: { resolution: 'ok' }, at: at(4), as: 'anna' },
]).recorded;

it('keeps the consent in the case view', () => {
  expect(recorded.view.consent).toEqual(consent);
  expect(recorded.view.status).toBe('resolved');
});

it('backtests on the same consent: nothing differs on the recorded template', () => {
  expect(recordedInput(recorded, v1).input.consent).toEqual(consent);
  expect(backtest({ candidate: v1, recorded: [recorded], range: {} })).toMatchObject({
    cases: 1,
    changed: 0,
    differing: [],
  });
});
