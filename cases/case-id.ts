import { createHash, randomUUID } from 'node:crypto';

/**
 * A new case id; with an idempotency key it is derived from the key and the caller, so a retried request
 * names the same case and the customer workflow answers it once (one case, however often it is sent). The
 * derived id is shaped as a version-5 UUID (docs/architecture.md, "Ids").
 */
export function caseIdFor(principal: string, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return randomUUID();
  const h = createHash('sha256').update(`${principal}\n${idempotencyKey}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}
