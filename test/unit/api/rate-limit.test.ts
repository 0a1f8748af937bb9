/** Token buckets: a burst, then the sustained rate, and a Retry-After that is long enough and no longer. */
import fc from 'fast-check';
import { TokenBuckets } from '../../../api/rate-limit';

it('allows a burst, then one request per refill interval', () => {
  let now = 0;
  const buckets = new TokenBuckets(3, 60, () => now); // 1 a second
  expect([1, 2, 3].map(() => buckets.take('a').ok)).toEqual([true, true, true]);
  const refused = buckets.take('a');
  expect(refused).toEqual({ ok: false, retryAfterMs: 1000 });
  expect(buckets.take('b').ok).toBe(true); // another token has its own bucket
  now += 999;
  expect(buckets.take('a').ok).toBe(false);
  now += 1;
  expect(buckets.take('a').ok).toBe(true);
});

it('never lets more through than burst + rate × time, and always names a positive Retry-After', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 20 }),
      fc.integer({ min: 1, max: 600 }),
      fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 200 }),
      (capacity, perMinute, gaps) => {
        let now = 0;
        const buckets = new TokenBuckets(capacity, perMinute, () => now);
        let allowed = 0;
        for (const gap of gaps) {
          now += gap;
          const r = buckets.take('k');
          if (r.ok) allowed++;
          else expect(r.retryAfterMs).toBeGreaterThan(0);
        }
        expect(allowed).toBeLessThanOrEqual(capacity + Math.floor((now * perMinute) / 60_000) + 1);
      },
    ),
    { numRuns: 200 },
  );
});
