/** The request fingerprint behind Idempotency-Key: the same JSON in any key order is the same request. */
import fc from 'fast-check';
import { canonicalJson, requestHash } from '../../../api/idempotency';

const req = (body: unknown, path = '/cases') => ({ method: 'POST', baseUrl: '', path, body });

it('ignores key order and undefined members, and sees every other difference', () => {
  expect(requestHash(req({ a: 1, b: { c: [1, 2], d: 'x' } }))).toBe(
    requestHash(req({ b: { d: 'x', c: [1, 2] }, a: 1, e: undefined })),
  );
  expect(requestHash(req({ a: 1 }))).not.toBe(requestHash(req({ a: 2 })));
  expect(requestHash(req({ a: 1 }))).not.toBe(requestHash(req({ a: 1 }, '/templates')));
  expect(requestHash(req('name: x\n'))).not.toBe(requestHash(req('name: y\n')));
});

it('canonical JSON parses back to the same value', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      expect(JSON.parse(canonicalJson(value) || 'null')).toEqual(JSON.parse(JSON.stringify(value) ?? 'null'));
    }),
    { numRuns: 300 },
  );
});
