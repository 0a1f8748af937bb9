/**
 * The one polling helper of the tests: much of what a test waits for happens a moment later on its own
 * (projections written by activities, timers firing, a workflow reaching a step), so a test reads again
 * until the answer is there. On time-out the error says what the test waited for and the last answer it
 * read, so a failing run shows how far the system got. No imports of the system under test: unit,
 * temporal, integration and cluster tests and the history generator all use it.
 */
import { inspect } from 'node:util';

export interface Polling {
  /** How long to keep reading (default 20 s). */
  timeoutMs?: number;
  /** The pause between two reads (default 200 ms). */
  intervalMs?: number;
}

/**
 * Reads with `read` until `test` holds for the value read, and returns that value. Fails after
 * `timeoutMs` with `timed out after … waiting for <what>; last value: …`. An error thrown by `read` ends
 * the wait at once (a wrong answer is not a late one).
 */
export async function waitFor<T>(
  read: () => Promise<T> | T,
  test: (value: T) => boolean,
  what: string,
  polling: Polling | number = {},
): Promise<T> {
  const { timeoutMs = 20_000, intervalMs = 200 } =
    typeof polling === 'number' ? { timeoutMs: polling } : polling;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (test(value)) return value;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; last value: ${inspect(value, { depth: 4, breakLength: 120 })}`,
      );
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Polls until `probe` returns a value other than undefined (the probe picks what it waits for out of
 * what it reads, and answers undefined while it is not there).
 */
export function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  polling: Polling | number = {},
): Promise<T> {
  return waitFor(probe, (value): value is T => value !== undefined, what, polling) as Promise<T>;
}
