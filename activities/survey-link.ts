import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { SurveyLink, SurveyLinkRequest } from './types';

/**
 * Survey links carry an HMAC-signed token so a customer can answer without an account. The token names
 * the key it was signed with (a key id), the case, the survey step and its occurrence (`<case>/<step>/<visit>`:
 * a reopened case that surveys again gets a new one) and the expiry; the workflow refuses answers whose
 * token names another occurrence than the survey it waits on (docs/security.md, Survey links).
 *
 * Keys: derived from CASEFLOW_CODEC_KEY (HKDF) and, to check links signed before a rotation, from each of
 * CASEFLOW_CODEC_OLD_KEYS; without a codec key, a random key kept in PostgreSQL (db/survey-key.ts). Never a
 * constant.
 */
export interface SurveyKey {
  /** Derived from the secret, so every process that holds the key names it alike. */
  id: string;
  secret: Buffer;
}

/** The key new links are signed with, and earlier ones whose links are still accepted. */
export interface SurveyKeyring {
  current: SurveyKey;
  previous: SurveyKey[];
}

export interface SurveyClaims {
  caseId: string;
  stepId: string;
  /** The survey's occurrence, `<case>/<step>/<visit>`; absent in legacy tokens and links of running cases. */
  surveyKey?: string;
  expiresAt: string;
  /** The key that signed it; absent in legacy tokens. */
  keyId?: string;
}

/** A survey key from raw secret bytes (HKDF output or the stored random key). */
export function surveyKeyFromSecret(secret: Buffer): SurveyKey {
  const id = createHash('sha256')
    .update('caseflow survey key id\0')
    .update(secret)
    .digest('base64url')
    .slice(0, 8);
  return { id, secret };
}

/** The survey key derived from a payload codec key (64 hex digits or base64). */
export function surveyKeyFromCodecKey(codecKey: string): SurveyKey {
  const key = /^[0-9a-fA-F]{64}$/.test(codecKey)
    ? Buffer.from(codecKey, 'hex')
    : Buffer.from(codecKey, 'base64');
  return surveyKeyFromSecret(
    Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'caseflow survey link', 32)),
  );
}

/** The keyring of a codec key and the keys it replaced (CASEFLOW_CODEC_KEY, CASEFLOW_CODEC_OLD_KEYS). */
export function surveyKeyringFromCodecKeys(codecKey: string, oldKeys: readonly string[] = []): SurveyKeyring {
  return { current: surveyKeyFromCodecKey(codecKey), previous: oldKeys.map(surveyKeyFromCodecKey) };
}

const mac = (secret: Buffer, payload: string): Buffer =>
  createHmac('sha256', secret).update(payload).digest();

export function signSurveyToken(key: SurveyKey, claims: Omit<SurveyClaims, 'keyId'>): string {
  const payload = Buffer.from(
    JSON.stringify([key.id, claims.caseId, claims.stepId, claims.surveyKey ?? null, claims.expiresAt]),
  ).toString('base64url');
  return `${payload}.${mac(key.secret, payload).toString('base64url')}`;
}

export type SurveyTokenCheck =
  { ok: true; claims: SurveyClaims } | { ok: false; reason: 'forged' | 'expired' | 'unknown-key' };

const isText = (v: unknown): v is string => typeof v === 'string';

/**
 * Checks a token against the keyring. A token names its key; one without a key id (issued before key ids
 * existed: `[case, step, expiry]`) is checked against every key of the ring until it expires.
 */
export function verifySurveyToken(
  keyring: SurveyKeyring,
  token: string,
  now: Date = new Date(),
): SurveyTokenCheck {
  const [payload, given, extra] = token.split('.');
  if (!payload || !given || extra !== undefined) return { ok: false, reason: 'forged' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'forged' };
  }
  if (!Array.isArray(parsed)) return { ok: false, reason: 'forged' };
  const keys = [keyring.current, ...keyring.previous];
  let claims: SurveyClaims;
  let candidates: SurveyKey[];
  if (parsed.length === 5) {
    const [keyId, caseId, stepId, surveyKey, expiresAt] = parsed as unknown[];
    const occurrence = surveyKey === null || isText(surveyKey);
    if (!isText(keyId) || !isText(caseId) || !isText(stepId) || !isText(expiresAt) || !occurrence)
      return { ok: false, reason: 'forged' };
    candidates = keys.filter((k) => k.id === keyId);
    if (candidates.length === 0) return { ok: false, reason: 'unknown-key' };
    claims = { keyId, caseId, stepId, ...(isText(surveyKey) ? { surveyKey } : {}), expiresAt };
  } else if (parsed.length === 3 && parsed.every(isText)) {
    const [caseId, stepId, expiresAt] = parsed as [string, string, string];
    candidates = keys;
    claims = { caseId, stepId, expiresAt };
  } else {
    return { ok: false, reason: 'forged' };
  }
  const mac64 = Buffer.from(given, 'base64url');
  const signed = candidates.some((k) => {
    const expected = mac(k.secret, payload);
    return mac64.length === expected.length && timingSafeEqual(mac64, expected);
  });
  if (!signed) return { ok: false, reason: 'forged' };
  if (!(Date.parse(claims.expiresAt) > now.getTime())) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

export function issueSurveyLink(
  keyring: SurveyKeyring,
  publicUrl: string,
  request: SurveyLinkRequest,
): SurveyLink {
  // A request scheduled before occurrences were named (a running case) carries none; the workflow then
  // matches the token to its survey by the expiry, which is that survey's deadline.
  const token = signSurveyToken(keyring.current, {
    caseId: request.caseId,
    stepId: request.stepId,
    ...(request.surveyKey ? { surveyKey: request.surveyKey } : {}),
    expiresAt: request.expiresAt,
  });
  return { token, url: `${publicUrl.replace(/\/$/, '')}/survey/${token}` };
}

/** The link with its token's signature hidden: for readers who may see that a link was sent, not answer it. */
export function maskSurveyToken(token: string): string {
  const [payload] = token.split('.');
  return `${payload ?? ''}.[hidden]`;
}
