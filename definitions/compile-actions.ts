/**
 * What compiling shares between the sections and the step kinds: durations in milliseconds, members
 * without undefined, and the escalation actions (ladders and a task step's own rungs).
 */
import { parseDuration } from './durations';
import type * as P from './plan';
import type { ActionDocument } from './schema';

/** Durations have been validated; 0 only guards the types. */
export const ms = (text: string): number => parseDuration(text) ?? 0;

/** Drops undefined members so the plan survives a JSON round trip unchanged (it travels as a payload). */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function compileRecipient(to: string): P.Recipient {
  return to === 'customer' || to === 'holder' || to === 'assignee'
    ? { kind: to }
    : { kind: 'department', department: to };
}

export function compileAction(action: ActionDocument): P.PlanAction {
  if ('notify' in action) {
    const n = action.notify;
    return defined({
      kind: 'notify' as const,
      to: compileRecipient(n.to),
      channel: n.channel,
      fallback: n.fallback,
      message: n.message,
    });
  }
  if ('reassign' in action) {
    const r = typeof action.reassign === 'string' ? { department: action.reassign } : action.reassign;
    return defined({ kind: 'reassign' as const, department: r.department, tier: r.tier });
  }
  if ('raise' in action) return { kind: 'raise', levels: action.raise };
  const t = action.task;
  return defined({
    kind: 'task' as const,
    department: t.department,
    title: t.title,
    instructions: t.instructions,
    outcomes: t.outcomes,
  });
}
