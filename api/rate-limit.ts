import type { RequestHandler } from 'express';
import type { AuthDirectory } from './auth';
import { HttpProblem } from './problem';

export interface RateLimitSettings {
  /** Sustained requests per minute per token. */
  perMinute: number;
  /** Requests a token may send at once before the sustained rate applies (default: perMinute). */
  burst?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets in process memory: each key holds up to `capacity` tokens and regains `perMinute` a
 * minute. In memory, so with several API processes each enforces its own share; that bounds a runaway
 * client without a shared store (put a gateway in front for a global quota).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly capacity: number,
    perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes one token; when none is left, says how long until one is. */
  take(key: string): { ok: true; remaining: number } | { ok: false; retryAfterMs: number } {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.prune(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, remaining: Math.floor(bucket.tokens) };
    }
    return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / this.perMs) };
  }

  /** Forgets buckets that have refilled: they behave exactly like new ones. */
  private prune(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.perMs >= this.capacity) this.buckets.delete(key);
    }
  }
}

/**
 * Per-token rate limiting, before authentication so that a flood costs one hash per request: a known
 * token is limited as its principal, anything else (no token, unknown token, survey links) by address.
 */
export function rateLimit(settings: RateLimitSettings, directory: AuthDirectory): RequestHandler {
  const buckets = new TokenBuckets(settings.burst ?? settings.perMinute, settings.perMinute);
  return (req, res, next) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const principal = token ? directory.authenticate(token) : undefined;
    const key = principal ? `principal:${principal.name}` : `address:${req.ip ?? 'unknown'}`;
    const taken = buckets.take(key);
    if (taken.ok) {
      res.setHeader('RateLimit-Remaining', String(taken.remaining));
      next();
      return;
    }
    const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
    next(
      new HttpProblem(
        429,
        'Too Many Requests',
        `More than ${settings.perMinute} requests a minute; retry in ${seconds} s.`,
        { headers: { 'retry-after': String(seconds) } },
      ),
    );
  };
}
