/**
 * The load of the fault suite: cases opened and worked through every API by clients that behave as a
 * well-written integration should — each request carries an Idempotency-Key, and a request that got no
 * answer (connection refused or reset, a 5xx, a 409 "still running") is sent again with the same key,
 * to the next API. Every answer a client finally accepted is recorded, so the checks afterwards can say
 * whether the system kept its word.
 */
import { eventually } from '../support/eventually';

/**
 * The version the drill publishes its fast copy of the standard template as: above the shipped versions
 * (customer-issue v1 and v2), so publishing it never collides with one of them.
 */
export const DRILL_VERSION = 90;

export interface Answer {
  status: number;
  body: any;
}

export interface DrillFigures {
  requests: number;
  retries: number;
  /** Answers by status after retries. */
  statuses: Record<number, number>;
  /** Why requests were retried: `ECONNREFUSED`, `503`, … */
  retryCauses: Record<string, number>;
}

export class DrillClient {
  readonly figures: DrillFigures = { requests: 0, retries: 0, statuses: {}, retryCauses: {} };
  private next = 0;

  constructor(
    private readonly apis: string[],
    private readonly deadlineMs = 180_000,
  ) {}

  /** Sends until a final answer comes (2xx, or a 4xx other than a 409 "still running"). */
  async send(
    method: 'GET' | 'POST',
    path: string,
    token: string,
    body?: unknown,
    key?: string,
  ): Promise<Answer> {
    const deadline = Date.now() + this.deadlineMs;
    let attempt = 0;
    for (;;) {
      const api = this.apis[this.next++ % this.apis.length]!;
      this.figures.requests += 1;
      let cause: string;
      try {
        const res = await fetch(`${api}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(key ? { 'idempotency-key': key } : {}),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(45_000),
        });
        const text = await res.text();
        const parsed = text ? (JSON.parse(text) as unknown) : undefined;
        const stillRunning = res.status === 409 && /still running/.test(String((parsed as any)?.detail));
        if (res.status < 500 && !stillRunning) {
          this.figures.statuses[res.status] = (this.figures.statuses[res.status] ?? 0) + 1;
          return { status: res.status, body: parsed };
        }
        cause = stillRunning ? '409 still running' : String(res.status);
      } catch (err) {
        cause = networkCause(err);
      }
      // A GET without a key is safe to repeat; a POST without a key is not, so the drill always sets one.
      if (method === 'POST' && !key)
        throw new Error(`${method} ${path} failed (${cause}) and has no key to retry with`);
      if (Date.now() > deadline)
        throw new Error(`${method} ${path}: no answer within ${this.deadlineMs} ms (last: ${cause})`);
      this.figures.retries += 1;
      this.figures.retryCauses[cause] = (this.figures.retryCauses[cause] ?? 0) + 1;
      attempt += 1;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** attempt)));
    }
  }

  /** Polls a GET until `pick` finds what it waits for. */
  until<T>(path: string, token: string, pick: (body: any) => T | undefined, what: string): Promise<T> {
    return eventually(
      async () => {
        const answer = await this.send('GET', path, token);
        return answer.status === 200 ? pick(answer.body) : undefined;
      },
      `${what} (GET ${path})`,
      { timeoutMs: this.deadlineMs, intervalMs: 300 },
    );
  }
}

function networkCause(err: unknown): string {
  const cause = (err as { cause?: { code?: string } })?.cause;
  if (cause?.code) return cause.code;
  if (err instanceof Error && err.name === 'TimeoutError') return 'timeout';
  return err instanceof Error ? err.name : 'error';
}

/** What one drill case did, as its client saw it. */
export interface DrillCase {
  n: number;
  id: string;
  route: 'resolved at triage' | 'billing';
  /** Task id → the outcome the client was told was applied. */
  completed: Record<string, string>;
}

/** Opens case `n` and works it to resolution: triage (resolved, or routed to billing and resolved there). */
export async function workCase(client: DrillClient, n: number, run: string): Promise<DrillCase> {
  const billing = n % 2 === 1;
  const opened = await client.send(
    'POST',
    '/cases',
    'dev-intake',
    {
      channel: 'web',
      customer: { id: `cu-drill-${run}-${n}`, name: `Customer ${n}` },
      subject: billing ? 'Refund please' : 'How do I change my address?',
      description: billing ? '我要退款' : 'question about my account',
      version: DRILL_VERSION,
    },
    `${run}-open-${n}`,
  );
  if (opened.status !== 201)
    throw new Error(`case ${n}: POST /cases answered ${opened.status} ${JSON.stringify(opened.body)}`);
  const id = opened.body.id as string;
  const done: DrillCase = { n, id, route: billing ? 'billing' : 'resolved at triage', completed: {} };

  const triage = await openTaskAt(client, id, 'triage');
  const outcome = billing ? 'route' : 'resolved';
  const form = billing ? { reason: 'billing matter' } : { resolution: 'explained' };
  await complete(client, done, triage, outcome, form, 'dev-frontline', run);
  if (billing) {
    const work = await openTaskAt(client, id, 'department-work');
    await complete(client, done, work, 'resolved', { resolution: 'refunded' }, 'dev-billing', run);
  }
  return done;
}

async function openTaskAt(client: DrillClient, caseId: string, step: string): Promise<string> {
  return client.until(
    `/cases/${caseId}`,
    'dev-admin',
    (view) =>
      (view.tasks as Array<{ id: string; step: string; status: string }> | undefined)?.find(
        (t) => t.step === step && (t.status === 'open' || t.status === 'claimed'),
      )?.id,
    `case ${caseId}: an open task at ${step}`,
  );
}

async function complete(
  client: DrillClient,
  done: DrillCase,
  taskId: string,
  outcome: string,
  form: Record<string, unknown>,
  token: string,
  run: string,
): Promise<void> {
  const answer = await client.send(
    'POST',
    `/tasks/${taskId}/complete`,
    token,
    { outcome, form },
    `${run}-complete-${taskId}`,
  );
  if (answer.status !== 200) {
    throw new Error(
      `task ${taskId} (case ${done.id}): complete answered ${answer.status} ${JSON.stringify(answer.body)}`,
    );
  }
  done.completed[taskId] = outcome;
}
