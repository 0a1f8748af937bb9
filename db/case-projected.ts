/**
 * Waiting for a case's first projection (POST /cases answers once the case and its first task can be read).
 * The projection activity NOTIFYs `caseflow_case_projected` in its transaction (activities/projection.ts),
 * so the notice is delivered when the rows are committed. Each process keeps ONE listening connection per
 * pool, shared by every waiter, opened at the first wait and again at the next wait after it dropped
 * (issue 13, docs/performance.md). A notice is only a hint to look: the row is read again to decide, and a
 * slow poll stays as the fallback in case a notice is missed. While no connection listens (opening, dropped)
 * waiters poll every 50 ms, as before. A pool of one connection — PGlite under `npm start`, whose socket
 * server takes one connection only — cannot spare one to listen on: it polls every 50 ms.
 */
import { Client, type Pool } from 'pg';

/** The channel; the payload is `<schema> <caseId>` (schemas share a database's channels; tests use many). */
export const CASE_PROJECTED_CHANNEL = 'caseflow_case_projected';
/** Between two looks at the row while notices are heard (a missed notice costs at most this). */
const FALLBACK_POLL_MS = 1_000;
/** Between two looks while nothing listens. */
const POLL_MS = 50;

/**
 * Waits (at most `timeoutMs`) until the case's first projection is written, so a client that opened a case
 * finds it and its first task in the next read. Returns false when it did not appear in time (the case
 * still runs).
 */
export async function waitForCaseProjection(pool: Pool, id: string, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const notices = noticesOf(pool);
  // Registered before the first look: a commit between the look and the wait is heard.
  const waiter = notices?.expect(id);
  try {
    for (;;) {
      if (await isProjected(pool, id)) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      const interval = waiter && notices?.listening ? FALLBACK_POLL_MS : POLL_MS;
      await (waiter ? waiter.next(Math.min(interval, left)) : sleep(Math.min(interval, left)));
    }
  } finally {
    waiter?.done();
  }
}

async function isProjected(pool: Pool, id: string): Promise<boolean> {
  const res = await pool.query('SELECT 1 FROM cases WHERE id = $1', [id]);
  return (res.rowCount ?? 0) > 0;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const noticesByPool = new WeakMap<Pool, CaseNotices>();

function noticesOf(pool: Pool): CaseNotices | undefined {
  if ((pool.options.max ?? 10) <= 1) return undefined;
  let notices = noticesByPool.get(pool);
  if (!notices) {
    notices = new CaseNotices(pool);
    noticesByPool.set(pool, notices);
  }
  return notices;
}

interface Waiter {
  /** Resolves at the next notice for this case (or any wake-up), or after `ms`. */
  next(ms: number): Promise<void>;
  done(): void;
}

/** The listening connection of one pool and the waiters it wakes. */
class CaseNotices {
  /** Wakes of the waiters, by case id. */
  private readonly waiters = new Map<string, Set<() => void>>();
  private client: Client | undefined;
  private connecting = false;
  /** The schema the pool's connections use: notices of other schemas are not ours. */
  private schema = '';
  listening = false;

  constructor(private readonly pool: Pool) {
    // The pool's end closes the listener too, so `pool.end()` stays the one way to let go of PostgreSQL.
    const end: () => Promise<void> = pool.end.bind(pool);
    pool.end = async () => {
      this.close();
      await end();
    };
  }

  expect(id: string): Waiter {
    this.ensureListening();
    let wake: (() => void) | undefined;
    // A notice heard while the waiter was looking at the row (not waiting) is kept for its next wait.
    let heard = false;
    const wakes = this.waiters.get(id) ?? new Set();
    this.waiters.set(id, wakes);
    const entry = () => {
      if (wake) wake();
      else heard = true;
    };
    wakes.add(entry);
    return {
      next: (ms) =>
        new Promise<void>((resolve) => {
          if (heard) {
            heard = false;
            resolve();
            return;
          }
          const timer = setTimeout(() => {
            wake = undefined;
            resolve();
          }, ms);
          wake = () => {
            wake = undefined;
            clearTimeout(timer);
            resolve();
          };
        }),
      done: () => {
        wakes.delete(entry);
        if (wakes.size === 0) this.waiters.delete(id);
      },
    };
  }

  private ensureListening(): void {
    if (this.client || this.connecting || this.pool.ending) return;
    this.connecting = true;
    void this.listen().finally(() => {
      this.connecting = false;
    });
  }

  private async listen(): Promise<void> {
    const client = new Client(this.pool.options);
    const dropped = () => {
      if (this.client !== client) return;
      this.client = undefined;
      this.listening = false;
      // Waiters go back to the short poll at once; the next wait opens a new connection.
      this.wakeAll();
    };
    client.on('error', dropped);
    client.on('end', dropped);
    client.on('notification', (msg) => {
      if (msg.channel !== CASE_PROJECTED_CHANNEL || !msg.payload) return;
      const space = msg.payload.indexOf(' ');
      if (msg.payload.slice(0, space) !== this.schema) return;
      for (const wake of this.waiters.get(msg.payload.slice(space + 1)) ?? []) wake();
    });
    try {
      await client.connect();
      // Never what keeps the process alive: a process that is done may exit while it listens.
      (
        client as unknown as { connection?: { stream?: { unref?: () => void } } }
      ).connection?.stream?.unref?.();
      const res = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
      this.schema = res.rows[0]?.schema ?? '';
      await client.query(`LISTEN ${CASE_PROJECTED_CHANNEL}`);
      if (this.pool.ending) {
        await client.end();
        return;
      }
      this.client = client;
      this.listening = true;
    } catch {
      // Not now (PostgreSQL away, no connection to spare): waiters poll; the next wait tries again.
      await client.end().catch(() => undefined);
    }
  }

  private wakeAll(): void {
    for (const wakes of this.waiters.values()) for (const wake of wakes) wake();
  }

  close(): void {
    const client = this.client;
    this.client = undefined;
    this.listening = false;
    void client?.end().catch(() => undefined);
  }
}
