/** The tests' polling helper (test/support/eventually.ts): it returns what it waited for, or says why not. */
import { eventually, waitFor } from '../../support/eventually';

it('returns the first value that passes the test', async () => {
  let reads = 0;
  const value = await waitFor(
    () => ++reads,
    (n) => n >= 3,
    'three reads',
    { intervalMs: 1 },
  );
  expect(value).toBe(3);
});

it('fails naming what it waited for and the last value it read', async () => {
  await expect(
    waitFor(
      () => ({ status: 'open', tasks: 2 }),
      (v) => v.status === 'resolved',
      'the case to resolve',
      {
        timeoutMs: 30,
        intervalMs: 5,
      },
    ),
  ).rejects.toThrow(
    /timed out after 30 ms waiting for the case to resolve; last value: \{ status: 'open', tasks: 2 \}/,
  );
});

it('eventually waits for a value other than undefined, and a failing read ends the wait', async () => {
  let reads = 0;
  expect(await eventually(() => (++reads < 3 ? undefined : 'there'), 'a value', { intervalMs: 1 })).toBe(
    'there',
  );
  await expect(
    eventually(() => Promise.reject(new Error('refused')), 'a value', { timeoutMs: 1_000 }),
  ).rejects.toThrow('refused');
});
