import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';

/**
 * The system's own random survey-signing secret, for development systems without CASEFLOW_CODEC_KEY: made
 * once by whichever process asks first (insert-if-absent, so concurrent starters agree on one row) and read
 * by every worker and API process after that. 32 bytes from the OS's random source.
 */
export async function storedSurveySecret(pool: Pool): Promise<Buffer> {
  await pool.query('INSERT INTO survey_key (secret) VALUES ($1) ON CONFLICT (one) DO NOTHING', [
    randomBytes(32),
  ]);
  const res = await pool.query<{ secret: Buffer }>('SELECT secret FROM survey_key');
  const secret = res.rows[0]?.secret;
  if (!secret) throw new Error('survey_key: no key stored');
  return secret;
}
