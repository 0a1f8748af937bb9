import type { Pool } from 'pg';
import type { Channel } from '../definitions/plan';
import type { NotificationRequest, NotificationResult } from './types';

/**
 * Delivers a message on one channel. caseflow ships no SMS/voice/e-mail provider: the default delivers to
 * the outbox only (a relay or a provider adapter reads it), and tests plug in notifiers that fail on purpose
 * to prove the fallback.
 */
export interface Notifier {
  send(channel: Channel, recipient: string, message: string, data?: Record<string, unknown>): Promise<void>;
}

export const outboxOnlyNotifier: Notifier = { send: () => Promise.resolve() };

/** Records the notification in the outbox (once per id) and sends it, falling back to the second channel. */
export async function sendNotification(
  pool: Pool,
  notifier: Notifier,
  request: NotificationRequest,
): Promise<NotificationResult> {
  await pool.query(
    `INSERT INTO outbox (id, case_id, recipient, channel, fallback, message, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
    [
      request.id,
      request.caseId,
      request.recipient,
      request.channel,
      request.fallback ?? null,
      request.message,
      request.data ? JSON.stringify(request.data) : null,
    ],
  );
  const existing = await pool.query<{ sent_on: Channel | null; attempts: NotificationResult['attempts'] }>(
    'SELECT sent_on, attempts FROM outbox WHERE id = $1',
    [request.id],
  );
  const row = existing.rows[0];
  if (row?.sent_on) return { id: request.id, sentOn: row.sent_on, attempts: row.attempts };

  const attempts: NotificationResult['attempts'] = [];
  let sentOn: Channel | null = null;
  for (const channel of request.fallback ? [request.channel, request.fallback] : [request.channel]) {
    try {
      await notifier.send(channel, request.recipient, request.message, request.data);
      attempts.push({ channel, ok: true });
      sentOn = channel;
      break;
    } catch (err) {
      attempts.push({ channel, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  }
  await pool.query(
    'UPDATE outbox SET sent_on = $2, attempts = $3, sent_at = CASE WHEN $2::text IS NULL THEN NULL ELSE now() END WHERE id = $1',
    [request.id, sentOn, JSON.stringify(attempts)],
  );
  return { id: request.id, sentOn, attempts };
}
