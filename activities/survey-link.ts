import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { SurveyLink, SurveyLinkRequest } from './types';

/**
 * Survey links carry an HMAC-signed token (case, step, expiry) so a customer can answer without an account.
 * The signing key is derived from CASEFLOW_CODEC_KEY (HKDF), so every worker and API process that shares the
 * payload key also agrees on survey links; without it a fixed development key is used.
 */
const devSecret = Buffer.from('caseflow development survey key: never use in production');

export interface SurveyClaims {
  caseId: string;
  stepId: string;
  expiresAt: string;
}

export function surveySecret(codecKey: string | undefined): Buffer {
  if (!codecKey) return devSecret;
  const key = /^[0-9a-fA-F]{64}$/.test(codecKey)
    ? Buffer.from(codecKey, 'hex')
    : Buffer.from(codecKey, 'base64');
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'caseflow survey link', 32));
}

export function signSurveyToken(secret: Buffer, claims: SurveyClaims): string {
  const payload = Buffer.from(JSON.stringify([claims.caseId, claims.stepId, claims.expiresAt])).toString(
    'base64url',
  );
  const mac = createHmac('sha256', secret).update(payload).digest('base64url');
  return `${payload}.${mac}`;
}

export type SurveyTokenCheck =
  { ok: true; claims: SurveyClaims } | { ok: false; reason: 'forged' | 'expired' };

export function verifySurveyToken(secret: Buffer, token: string, now: Date = new Date()): SurveyTokenCheck {
  const [payload, mac, extra] = token.split('.');
  if (!payload || !mac || extra !== undefined) return { ok: false, reason: 'forged' };
  const expected = createHmac('sha256', secret).update(payload).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'forged' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'forged' };
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((p) => typeof p === 'string')) {
    return { ok: false, reason: 'forged' };
  }
  const [caseId, stepId, expiresAt] = parsed as [string, string, string];
  if (!(Date.parse(expiresAt) > now.getTime())) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { caseId, stepId, expiresAt } };
}

export function issueSurveyLink(secret: Buffer, publicUrl: string, request: SurveyLinkRequest): SurveyLink {
  const token = signSurveyToken(secret, request);
  return { token, url: `${publicUrl.replace(/\/$/, '')}/survey/${token}` };
}
