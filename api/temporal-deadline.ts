import type { Client } from '@temporalio/client';
import type { RequestHandler } from 'express';

/** How long a request may wait for the Temporal frontend in all, by what it does (docs/api.md). */
export interface TemporalDeadlines {
  /** GET: queries, describes and history pages (default 10 s). */
  readMs: number;
  /** Everything else: updates and update-with-start, which wait for the workflow to decide (default 60 s). */
  writeMs: number;
}

export const defaultTemporalDeadlines: TemporalDeadlines = { readMs: 10_000, writeMs: 60_000 };

/**
 * Gives every Temporal call a request makes one deadline, so a frontend that hangs (accepts connections,
 * never answers) cannot hold a request, its connection and its idempotency key for ever. It uses the SDK's
 * own `client.withDeadline`, which keeps the deadline in an AsyncLocalStorage for the handler and all it
 * awaits — so every route, present and future, is covered without wrapping each call. A call past it fails
 * with gRPC DEADLINE_EXCEEDED (WorkflowUpdateRPCTimeoutOrCancelledError for updates), which the error
 * handler answers 503 with Retry-After (api/unavailable.ts).
 * Mounted after body parsing: stream events would not carry the storage through the parser.
 */
export function temporalDeadline(client: Client, deadlines: TemporalDeadlines): RequestHandler {
  return (req, _res, next) => {
    const ms = req.method === 'GET' || req.method === 'HEAD' ? deadlines.readMs : deadlines.writeMs;
    void client.withDeadline(Date.now() + ms, () => Promise.resolve(next()));
  };
}
