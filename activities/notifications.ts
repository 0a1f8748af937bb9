import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import type { Channel } from '../definitions/plan';
import type { NotificationRequest, NotificationResult, SurveyLink, SurveyLinkRequest } from './types';

/**
 * Delivers a message on one channel. caseflow ships no SMS/voice/e-mail provider: the default delivers to
 * the outbox only (a relay or a provider adapter reads it), and tests plug in notifiers that fail on purpose
 * to prove the fallback.
 */
export interface Notifier {
  send(channel: Channel, recipient: string, message: string, data?: Record<string, unknown>): Promise<void>;
}

export const outboxOnlyNotifier: Notifier = { send: () => Promise.resolve() };

/** How long the activity asks Temporal to wait before the next attempt when the outbox cannot be written. */
export interface OutboxRetry {
  /** After the first failed attempt (default 1 s); doubled after each further one. */
  initialMs: number;
  /** The cap (default 60 s): an outage of any length is retried at least this often, never given up. */
  maximumMs: number;
}

export const defaultOutboxRetry: OutboxRetry = { initialMs: 1_000, maximumMs: 60_000 };

/**
 * The next wait of an outbox write after `attempt` failed attempts. The worker decides it (Temporal takes
 * an activity failure's nextRetryDelay over the workflow's retry policy), so a test can shorten it.
 */
export function outboxRetryDelayMs(retry: OutboxRetry, attempt: number): number {
  return Math.min(retry.maximumMs, retry.initialMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
}

type Attempts = NotificationResult['attempts'];

/** Signs a survey link for its claims (activities/survey-link.ts, with the worker's current key). */
export type SurveyLinkSigner = (claims: SurveyLinkRequest) => Promise<SurveyLink>;

/**
 * The message and data a notification is recorded and delivered with. A survey link sent as claims is
 * signed here, at delivery, so its token is in the outbox (for the customer and admins) and never in the
 * workflow's history: the request, this activity's input, carries the claims only.
 */
async function contentOf(
  request: NotificationRequest,
  signLink: SurveyLinkSigner | undefined,
): Promise<{ message: string; data: Record<string, unknown> | undefined }> {
  if (!request.surveyLink) return { message: request.message, data: request.data };
  if (!signLink) throw new Error(`notification ${request.id}: a survey link to sign, and no key to sign it`);
  const link = await signLink(request.surveyLink);
  return {
    message: `${request.message} ${link.url}`,
    data: { ...request.data, kind: 'survey', url: link.url, token: link.token },
  };
}

/**
 * Records the notification in the outbox and sends it, falling back to the second channel.
 *
 * The write is keyed by the notification id (`<case>/<step>/<visit>`), so however often the activity runs,
 * there is one row. A write that fails (PostgreSQL down, restarting, refusing) fails the attempt with the
 * next delay, and the workflow retries it without limit: a notification is never dropped for an outage.
 * Delivery is tried once per channel; when every channel fails the row says `failed` with each channel's
 * error — the only way a notification ends unsent, and it is recorded.
 */
export async function sendNotification(
  pool: Pool,
  notifier: Notifier,
  request: NotificationRequest,
  retry: OutboxRetry = defaultOutboxRetry,
  signLink?: SurveyLinkSigner,
): Promise<NotificationResult> {
  const { message, data } = await contentOf(request, signLink);
  const recorded = await outboxWrite(retry, async () => {
    await pool.query(
      `INSERT INTO outbox (id, case_id, recipient, channel, fallback, message, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
      [
        request.id,
        request.caseId,
        request.recipient,
        request.channel,
        request.fallback ?? null,
        message,
        data ? JSON.stringify(data) : null,
      ],
    );
    const res = await pool.query<{
      status: string;
      sent_on: Channel | null;
      attempts: Attempts;
      message: string;
      data: Record<string, unknown> | null;
    }>('SELECT status, sent_on, attempts, message, data FROM outbox WHERE id = $1', [request.id]);
    return res.rows[0];
  });
  // Delivered (or given up) by an earlier attempt whose result the workflow did not get: not again.
  if (recorded && recorded.status !== 'pending')
    return { id: request.id, sentOn: recorded.sent_on, attempts: recorded.attempts };

  const attempts: Attempts = [];
  let sentOn: Channel | null = null;
  for (const channel of request.fallback ? [request.channel, request.fallback] : [request.channel]) {
    try {
      // What the outbox holds: a retry after a key rotation sends the link recorded first, not a new one.
      await notifier.send(
        channel,
        request.recipient,
        recorded?.message ?? message,
        recorded ? (recorded.data ?? undefined) : data,
      );
      attempts.push({ channel, ok: true });
      sentOn = channel;
      break;
    } catch (err) {
      attempts.push({ channel, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  }
  const failure =
    sentOn === null ? attempts.map((a) => `${a.channel}: ${a.error ?? 'failed'}`).join('; ') : null;
  // If this write fails, the retry finds the row pending and delivers again: at least once, never lost.
  await outboxWrite(retry, () =>
    pool.query(
      `UPDATE outbox SET status = $2, sent_on = $3, attempts = $4, failure = $5,
         sent_at = CASE WHEN $3::text IS NULL THEN NULL ELSE now() END
       WHERE id = $1`,
      [request.id, sentOn === null ? 'failed' : 'sent', sentOn, JSON.stringify(attempts), failure],
    ),
  );
  return { id: request.id, sentOn, attempts };
}

/** Runs an outbox write; a failure fails the attempt as retryable, with the delay for the next one. */
async function outboxWrite<T>(retry: OutboxRetry, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    const attempt = attemptNow();
    throw ApplicationFailure.create({
      message: `outbox not written (attempt ${attempt}, retried): ${err instanceof Error ? err.message : String(err)}`,
      type: 'OutboxUnavailable',
      nextRetryDelay: outboxRetryDelayMs(retry, attempt),
      ...(err instanceof Error ? { cause: err } : {}),
    });
  }
}

/** The activity's attempt number (1 outside an activity, e.g. when a test calls the function itself). */
function attemptNow(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}
