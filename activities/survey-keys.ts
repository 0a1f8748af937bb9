import type { Pool } from 'pg';
import { storedSurveySecret } from '../db/survey-key';
import { surveyKeyFromSecret, surveyKeyringFromCodecKeys, type SurveyKeyring } from './survey-link';

/** The keys that sign and check survey links, read when first needed (and again after a failed read). */
export type SurveyKeys = () => Promise<SurveyKeyring>;

export interface SurveyKeySettings {
  /** CASEFLOW_CODEC_KEY: new links are signed with a key derived from it. */
  codecKey?: string | undefined;
  /** CASEFLOW_CODEC_OLD_KEYS: links signed with keys derived from these are still accepted. */
  oldCodecKeys?: readonly string[] | undefined;
  NODE_ENV?: string | undefined;
}

/**
 * Survey keys for a worker or an API process. With a codec key they come from it; without one (development)
 * from the random key kept in PostgreSQL, which the first process makes — never from a constant, which
 * anyone who read the source could sign links with. Production without a codec key refuses to start.
 * `warn` is told once, at start, which of the two is in use when it is the stored key.
 */
export function surveyKeysFrom(
  settings: SurveyKeySettings,
  pool: Pool,
  warn: (line: string) => void = () => undefined,
): SurveyKeys {
  if (settings.codecKey) {
    const keyring = surveyKeyringFromCodecKeys(settings.codecKey, settings.oldCodecKeys ?? []);
    return () => Promise.resolve(keyring);
  }
  if (settings.NODE_ENV === 'production') {
    throw new Error(
      'CASEFLOW_CODEC_KEY: required when NODE_ENV=production (survey links are signed with a key derived ' +
        'from it); generate one with `openssl rand -hex 32`',
    );
  }
  warn(
    'CASEFLOW_CODEC_KEY is not set: survey links are signed with a random key this system made and keeps ' +
      'in PostgreSQL (table survey_key), shared by its workers and APIs (development only; set ' +
      'CASEFLOW_CODEC_KEY in production)',
  );
  let reading: Promise<SurveyKeyring> | undefined;
  return () => {
    reading ??= storedSurveySecret(pool).then(
      (secret) => ({ current: surveyKeyFromSecret(secret), previous: [] }),
      (err: unknown) => {
        reading = undefined; // PostgreSQL may be back for the next link
        throw err;
      },
    );
    return reading;
  };
}
