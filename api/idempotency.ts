import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Pool } from 'pg';
import { HttpProblem } from './problem';

export interface IdempotencySettings {
  /** How long an answer is kept and replayed (default 24 h). */
  ttlMs?: number;
  /** How long a duplicate waits for the first request to answer before 409 (default 30 s). */
  waitMs?: number;
  /** A request that ran longer than this without an answer is taken to have died (default 2 min). */
  staleMs?: number;
}

interface KeyRow {
  request_hash: string;
  status: number | null;
  content_type: string | null;
  body: string | null;
  age_ms: number;
}

const keyFormat = /^[\x21-\x7e]{1,255}$/;

/**
 * Idempotency-Key on the POSTs that create something (their RouteDoc says `idempotent`), stored per
 * principal in PostgreSQL so every API process agrees:
 * - a new key runs the request and stores its 2xx answer before the client sees it;
 * - the same key with the same request replays that answer (status and body, `Idempotent-Replayed: true`);
 *   a duplicate that arrives while the first still runs waits for its answer;
 * - the same key with another method, path or body is 422;
 * - a failed attempt (4xx/5xx) stores nothing, so the client may retry with the same key.
 * Runs after authentication and body parsing, before the route.
 */
export function idempotency(pool: Pool, settings: IdempotencySettings = {}): RequestHandler {
  const ttlMs = settings.ttlMs ?? 24 * 3600_000;
  const waitMs = settings.waitMs ?? 30_000;
  const staleMs = settings.staleMs ?? 120_000;
  return async (req, res, next) => {
    const key = req.get('idempotency-key');
    if (key === undefined || !req.routeEntry?.doc?.idempotent || !req.principal) return next();
    if (!keyFormat.test(key)) {
      throw new HttpProblem(400, 'Bad Request', 'The Idempotency-Key header is not valid.', {
        errors: [{ field: 'header.idempotency-key', message: 'expected 1 to 255 visible ASCII characters' }],
      });
    }
    const principal = req.principal.name;
    const hash = requestHash(req);
    const deadline = Date.now() + waitMs;
    for (;;) {
      await pool.query(
        `DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2
           AND (created_at < now() - make_interval(secs => $3) OR (status IS NULL AND created_at < now() - make_interval(secs => $4)))`,
        [principal, key, ttlMs / 1000, staleMs / 1000],
      );
      const claimed = await pool.query(
        `INSERT INTO idempotency_keys (principal, key, request_hash) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING`,
        [principal, key, hash],
      );
      if (claimed.rowCount) {
        if (Math.random() < 0.01) void sweep(pool, ttlMs);
        recordAnswer(pool, res, principal, key);
        return next();
      }
      const found = await pool.query<KeyRow>(
        `SELECT request_hash, status, content_type, body,
                (extract(epoch FROM now() - created_at) * 1000)::float8 AS age_ms
           FROM idempotency_keys WHERE principal = $1 AND key = $2`,
        [principal, key],
      );
      const row = found.rows[0];
      if (!row) continue; // expired or released between our statements: claim it again
      if (row.request_hash !== hash) {
        throw new HttpProblem(
          422,
          'Unprocessable Content',
          'This Idempotency-Key was used for a different request; use a new key for a new request.',
          { errors: [{ field: 'header.idempotency-key', message: 'already used with another request' }] },
        );
      }
      if (row.status !== null) {
        res.setHeader('Idempotent-Replayed', 'true');
        res.status(row.status);
        // JSON goes out through res.json, so its personal data is revealed as the first answer's was
        // (api/reveal-personal-data.ts): the store keeps the sealed answer.
        if ((row.content_type ?? 'application/json') === 'application/json' && row.body) {
          res.json(JSON.parse(row.body));
          return;
        }
        res.type(row.content_type ?? 'application/json').send(row.body ?? '');
        return;
      }
      if (Date.now() > deadline) {
        throw new HttpProblem(
          409,
          'Conflict',
          'A request with this Idempotency-Key is still running; retry later with the same key.',
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
}

/**
 * Stores a 2xx JSON answer before it is sent (so a retry right after the answer finds it); anything else
 * releases the key. Routes answer with res.json, and so does the error handler — also after the client
 * has disconnected, so the key is held until the handler has really finished.
 */
function recordAnswer(pool: Pool, res: Response, principal: string, key: string): void {
  let settled = false;
  const release = () =>
    pool
      .query('DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2 AND status IS NULL', [
        principal,
        key,
      ])
      .catch(() => undefined);
  const send = res.json.bind(res);
  res.json = (body: unknown) => {
    if (settled) return send(body);
    settled = true;
    const status = res.statusCode;
    const stored =
      status >= 200 && status < 300
        ? pool
            .query(
              `UPDATE idempotency_keys SET status = $3, content_type = 'application/json', body = $4,
                      completed_at = now()
                WHERE principal = $1 AND key = $2`,
              [principal, key, status, JSON.stringify(body)],
            )
            .catch(() => release())
        : release();
    void stored.then(() => send(body));
    return res;
  };
  // An answer that was not JSON: the key is free again. A client that went away changes nothing: the
  // handler still runs, and its answer is stored (2xx) or the key released when it ends, so a retry waits
  // for that answer instead of running the request a second time beside the first. A handler that never
  // answers leaves the row to be taken for dead after `staleMs`.
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  res.end = ((...args: unknown[]) => {
    if (!settled) {
      settled = true;
      void release();
    }
    return end(...args);
  }) as Response['end'];
}

/** Method, path and body, with object keys sorted: the same JSON sent twice hashes the same. */
export function requestHash(req: Pick<Request, 'method' | 'baseUrl' | 'path' | 'body'>): string {
  return createHash('sha256')
    .update(`${req.method}\n${req.baseUrl}${req.path}\n${canonicalJson(req.body)}`)
    .digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

async function sweep(pool: Pool, ttlMs: number): Promise<void> {
  await pool
    .query('DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1)', [
      ttlMs / 1000,
    ])
    .catch(() => undefined);
}

/**
 * The Temporal Update id for a request with an Idempotency-Key: the same caller, key and request always
 * name the same update, so Temporal runs it once and answers a retry with the first answer — even when
 * the API process that sent it died before it could store that answer (the key row alone cannot tell a
 * dead request from a slow one). Without a key, Temporal picks a fresh id.
 */
export function withUpdateId(req: Request): { updateId?: string } {
  const key = req.get('idempotency-key');
  if (key === undefined || !req.principal || !keyFormat.test(key)) return {};
  const id = createHash('sha256').update(`${req.principal.name}\n${key}\n${requestHash(req)}`);
  return { updateId: id.digest('hex') };
}
