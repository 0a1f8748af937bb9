import type { Pool } from 'pg';

export interface OutboxEntry {
  id: string;
  caseId: string;
  recipient: string;
  channel: string;
  fallback?: string;
  message: string;
  data?: Record<string, unknown>;
  /** `pending` (recorded, not yet delivered), `sent`, or `failed` (every channel failed; `failure` says why). */
  status: 'pending' | 'sent' | 'failed';
  failure?: string;
  sentOn?: string;
  attempts: Array<{ channel: string; ok: boolean; error?: string }>;
  createdAt: string;
  sentAt?: string;
}

interface Row {
  id: string;
  case_id: string;
  recipient: string;
  channel: string;
  fallback: string | null;
  message: string;
  data: Record<string, unknown> | null;
  status: OutboxEntry['status'];
  failure: string | null;
  sent_on: string | null;
  attempts: OutboxEntry['attempts'];
  created_at: Date;
  sent_at: Date | null;
}

/** What was sent to the customer and departments for a case, oldest first (survey links included). */
export async function listCaseNotifications(pool: Pool, caseId: string): Promise<OutboxEntry[]> {
  const res = await pool.query<Row>('SELECT * FROM outbox WHERE case_id = $1 ORDER BY created_at, id', [
    caseId,
  ]);
  return res.rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    recipient: r.recipient,
    channel: r.channel,
    ...(r.fallback ? { fallback: r.fallback } : {}),
    message: r.message,
    ...(r.data ? { data: r.data } : {}),
    status: r.status,
    ...(r.failure ? { failure: r.failure } : {}),
    ...(r.sent_on ? { sentOn: r.sent_on } : {}),
    attempts: r.attempts,
    createdAt: r.created_at.toISOString(),
    ...(r.sent_at ? { sentAt: r.sent_at.toISOString() } : {}),
  }));
}

/**
 * The entry with its survey link's signature hidden, in the data and in the message text: the reader sees
 * that a link was sent and to which survey, but cannot answer it (the token is the customer's credential).
 */
export function hideSurveyToken(entry: OutboxEntry): OutboxEntry {
  const token = entry.data?.kind === 'survey' ? entry.data.token : undefined;
  if (typeof token !== 'string' || token === '') return entry;
  const masked = `${token.split('.')[0] ?? ''}.[hidden]`;
  const hide = (text: string): string => text.split(token).join(masked);
  const url = entry.data?.url;
  return {
    ...entry,
    message: hide(entry.message),
    data: { ...entry.data, token: masked, ...(typeof url === 'string' ? { url: hide(url) } : {}) },
  };
}
