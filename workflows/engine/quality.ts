/**
 * Quality sampling at close: a deterministic share of closed cases gets a review task. The choice is a
 * hash of the case id (FNV-1a, pure JS), so replays, simulate and tests always sample the same cases.
 */
import type { PlanQuality } from '../../definitions/plan';

/** FNV-1a over the UTF-16 code units of the text, as an unsigned 32-bit integer. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** True when the case falls into the sample: bucket 0…9999 below samplePercent × 100. */
export function isSampled(caseId: string, quality: PlanQuality | undefined): boolean {
  if (quality === undefined || quality.samplePercent <= 0) return false;
  return fnv1a(caseId) % 10_000 < quality.samplePercent * 100;
}
