import { signSurveyToken, surveySecret, verifySurveyToken } from '../../../activities/survey-link';

describe('survey link tokens', () => {
  const secret = surveySecret('a'.repeat(64));
  const claims = { caseId: 'c1', stepId: 'survey', expiresAt: '2030-01-01T00:00:00.000Z' };

  it('round-trips claims before expiry', () => {
    const token = signSurveyToken(secret, claims);
    expect(verifySurveyToken(secret, token, new Date('2029-12-31T23:59:59Z'))).toEqual({ ok: true, claims });
  });

  it('refuses an expired token', () => {
    const token = signSurveyToken(secret, claims);
    expect(verifySurveyToken(secret, token, new Date('2030-01-01T00:00:00Z'))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses forged, altered and foreign-key tokens', () => {
    const token = signSurveyToken(secret, claims);
    const [payload, mac] = token.split('.') as [string, string];
    const altered = Buffer.from(JSON.stringify(['c2', 'survey', claims.expiresAt])).toString('base64url');
    const now = new Date('2029-01-01T00:00:00Z');
    expect(verifySurveyToken(secret, `${altered}.${mac}`, now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifySurveyToken(surveySecret('b'.repeat(64)), token, now)).toEqual({
      ok: false,
      reason: 'forged',
    });
    expect(verifySurveyToken(secret, payload, now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifySurveyToken(secret, 'not-a-token', now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifySurveyToken(secret, `${token}.x`, now)).toEqual({ ok: false, reason: 'forged' });
  });
});
