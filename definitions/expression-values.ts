/**
 * The values CEL sees and gives back: case data in, plain JSON out. Workflow-safe like expressions.ts
 * (no Node built-ins, no clock): see the numeric policy there.
 */

import type { Suggestion } from '../contract/suggestion';

/** The variables an expression sees; `case` is completed with defaults for absent fields. */
export interface ExpressionContext {
  case: CaseFacts;
  vars?: Record<string, unknown>;
  survey?: Record<string, unknown>;
  /** The current instant; the engine passes workflow time. Defaults to the Unix epoch. */
  now?: Date | string | number;
}

/** What expressions may read of a case (`case.<field>`). Absent strings read as "", absent lists as []. */
export interface CaseFacts {
  channel?: string;
  customer?: { id?: string; name?: string; tier?: string; phone?: string; email?: string };
  subject?: string;
  description?: string;
  /** subject + " " + description when absent: one field to search keywords in. */
  text?: string;
  attributes?: Record<string, unknown>;
  category?: string;
  department?: string;
  priority?: string;
  tags?: string[];
  /** Marks set by intake, e.g. `blocklisted`, `repeat-contact`. */
  flags?: string[];
  /** The learned triage suggestion scored at intake (issue 17). */
  suggestion?: Suggestion;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a map' : `${typeof value} ${JSON.stringify(value)}`;
}

export function toCelContext(context: ExpressionContext): Record<string, unknown> {
  const c = context.case ?? {};
  const customer = c.customer ?? {};
  const subject = c.subject ?? '';
  const description = c.description ?? '';
  const now =
    context.now === undefined
      ? new Date(0)
      : context.now instanceof Date
        ? context.now
        : new Date(context.now);
  return {
    case: {
      channel: c.channel ?? '',
      customer: {
        id: customer.id ?? '',
        name: customer.name ?? '',
        tier: customer.tier ?? '',
        phone: customer.phone ?? '',
        email: customer.email ?? '',
      },
      subject,
      description,
      text: c.text ?? `${subject} ${description}`.trim(),
      attributes: toCel(c.attributes ?? {}),
      category: c.category ?? '',
      department: c.department ?? '',
      priority: c.priority ?? '',
      tags: [...(c.tags ?? [])],
      flags: [...(c.flags ?? [])],
      suggestion: {
        category: c.suggestion?.category ?? '',
        department: c.suggestion?.department ?? '',
        // A double even when whole (1.0): the declared type, so `>= 0.8` always type-checks.
        confidence: c.suggestion?.confidence ?? 0,
        because: [...(c.suggestion?.because ?? [])],
        model: BigInt(c.suggestion?.model ?? 0),
        used: c.suggestion?.used ?? false,
      },
    },
    vars: toCel(context.vars ?? {}),
    survey: toCel(context.survey ?? {}),
    now,
  };
}

/** JSON-ish data → CEL values: integral numbers become int (bigint), other numbers stay double. */
function toCel(value: unknown): unknown {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCel);
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = toCel(item);
  return out;
}

/** CEL values → plain JSON-safe data (no bigint, no Date, no Map), so results can travel in payloads. */
export function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(fromCel);
  if (value instanceof Uint8Array) return Array.from(value);
  if (value instanceof Map)
    return Object.fromEntries([...(value as Map<unknown, unknown>)].map(([k, v]) => [String(k), fromCel(v)]));
  if ('seconds' in value && 'nanos' in value && typeof value.valueOf() === 'number') return value.valueOf();
  // `type(x)` yields a Type object: its name is what a designer means by it.
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null && 'name' in value && typeof value.name === 'string') {
    return value.name;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromCel(v)]));
}
