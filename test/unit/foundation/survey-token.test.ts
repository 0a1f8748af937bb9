import { createHmac } from 'node:crypto';
import {
  signSurveyToken,
  surveyKeyFromCodecKey,
  surveyKeyringFromCodecKeys,
  verifySurveyToken,
  type SurveyKey,
} from '../../../activities/survey-link';
import { hideSurveyToken, type OutboxEntry } from '../../../db/outbox';

/** A token as issued before key ids: `[case, step, expiry]`, HMAC with `secret`. */
function legacyToken(secret: Buffer, caseId: string, stepId: string, expiresAt: string): string {
  const payload = Buffer.from(JSON.stringify([caseId, stepId, expiresAt])).toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
}

/** The fixed key development systems signed links with before (activities/survey-link.ts, issue 11 item 10). */
const oldDevelopmentConstant = Buffer.from('caseflow development survey key: never use in production');

describe('survey link tokens', () => {
  const keyA = 'a'.repeat(64);
  const keyB = 'b'.repeat(64);
  const ring = surveyKeyringFromCodecKeys(keyA);
  const claims = {
    caseId: 'c1',
    stepId: 'survey',
    surveyKey: 'c1/survey/2',
    expiresAt: '2030-01-01T00:00:00.000Z',
  };
  const now = new Date('2029-01-01T00:00:00Z');

  it('round-trips claims before expiry, naming the key and the survey occurrence', () => {
    const token = signSurveyToken(ring.current, claims);
    expect(verifySurveyToken(ring, token, new Date('2029-12-31T23:59:59Z'))).toEqual({
      ok: true,
      claims: { ...claims, keyId: ring.current.id },
    });
  });

  it('refuses an expired token', () => {
    const token = signSurveyToken(ring.current, claims);
    expect(verifySurveyToken(ring, token, new Date('2030-01-01T00:00:00Z'))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses forged, altered and foreign-key tokens', () => {
    const token = signSurveyToken(ring.current, claims);
    const [payload, mac] = token.split('.') as [string, string];
    const altered = Buffer.from(
      JSON.stringify([ring.current.id, 'c2', 'survey', 'c2/survey/1', claims.expiresAt]),
    ).toString('base64url');
    expect(verifySurveyToken(ring, `${altered}.${mac}`, now)).toEqual({ ok: false, reason: 'forged' });
    // Same key id claimed, other secret: forged.
    const impostor: SurveyKey = { id: ring.current.id, secret: Buffer.alloc(32, 7) };
    expect(verifySurveyToken(ring, signSurveyToken(impostor, claims), now)).toEqual({
      ok: false,
      reason: 'forged',
    });
    expect(verifySurveyToken(surveyKeyringFromCodecKeys(keyB), token, now)).toEqual({
      ok: false,
      reason: 'unknown-key',
    });
    expect(verifySurveyToken(ring, payload, now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifySurveyToken(ring, 'not-a-token', now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifySurveyToken(ring, `${token}.x`, now)).toEqual({ ok: false, reason: 'forged' });
  });

  it('accepts a link signed before a rotation while its key is among the previous ones', () => {
    const before = signSurveyToken(surveyKeyFromCodecKey(keyA), claims);
    const rotated = surveyKeyringFromCodecKeys(keyB, [keyA]);
    expect(verifySurveyToken(rotated, before, now)).toMatchObject({ ok: true, claims: { caseId: 'c1' } });
    // Once the old key is dropped from CASEFLOW_CODEC_OLD_KEYS, its links are refused.
    expect(verifySurveyToken(surveyKeyringFromCodecKeys(keyB), before, now)).toEqual({
      ok: false,
      reason: 'unknown-key',
    });
  });

  it('accepts a token from before key ids with a key of the ring, until it expires', () => {
    const legacy = legacyToken(surveyKeyFromCodecKey(keyA).secret, 'c1', 'survey', claims.expiresAt);
    expect(verifySurveyToken(ring, legacy, now)).toEqual({
      ok: true,
      claims: { caseId: 'c1', stepId: 'survey', expiresAt: claims.expiresAt },
    });
    expect(verifySurveyToken(ring, legacy, new Date('2030-01-02T00:00:00Z'))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a link signed with the old development constant', () => {
    const forged = legacyToken(oldDevelopmentConstant, 'c1', 'survey', claims.expiresAt);
    expect(verifySurveyToken(ring, forged, now)).toEqual({ ok: false, reason: 'forged' });
  });

  it('hides the signature of a survey token from readers of the outbox', () => {
    const token = signSurveyToken(ring.current, claims);
    const url = `https://support.example.com/survey/${token}`;
    const entry: OutboxEntry = {
      id: 'c1/survey.link/2',
      caseId: 'c1',
      recipient: 'customer',
      channel: 'email',
      message: `How did we do? ${url}`,
      data: { url, token, kind: 'survey' },
      status: 'sent',
      attempts: [],
      createdAt: '2029-01-01T00:00:00.000Z',
    };
    const hidden = hideSurveyToken(entry);
    expect(JSON.stringify(hidden)).not.toContain(token.split('.')[1]);
    expect(hidden.data?.token).toBe(`${token.split('.')[0]}.[hidden]`);
    expect(hidden.message).toBe(
      `How did we do? https://support.example.com/survey/${String(hidden.data?.token)}`,
    );
    expect(verifySurveyToken(ring, String(hidden.data?.token), now).ok).toBe(false);
  });
});
