/**
 * Why an escalation rung fired, as data (for the timeline and audit: which clock, which rule, which
 * percent) and as a sentence (EscalationView.cause).
 */
import type { EscalationTrigger } from '../../contract';

/** The triggers a task's age fires (a task left unclaimed, a task step's own `after:`), not a clock. */
type TaskTrigger = Exclude<EscalationTrigger, 'clock.at' | 'clock.breached'>;

/**
 * The cause of a rung firing; its `kind` is the rung's trigger (contract/escalation-view.ts), which the
 * escalation view shows. `delayMs` is the rung's extra delay after its trigger.
 */
export type EscalationCause =
  | {
      kind: Extract<EscalationTrigger, 'clock.at'>;
      clock: string;
      percent: number;
      clockStartedAt: number;
      delayMs: number;
    }
  | {
      kind: Extract<EscalationTrigger, 'clock.breached'>;
      clock: string;
      targetMs: number;
      clockStartedAt: number;
      delayMs: number;
    }
  | {
      kind: TaskTrigger;
      taskId: string;
      step: string;
      department: string;
      tier?: string;
      afterMs: number;
      delayMs: number;
    };

/** A compact duration for people: `2h`, `1h30m`, `45s`, `0s`. */
export function formatShortDuration(ms: number): string {
  const units: Array<[string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ];
  let rest = Math.round(ms);
  let text = '';
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return text || (ms > 0 ? `${ms}ms` : '0s');
}

/** E.g. "resolution clock at 80%", "response clock breached + 2h", "task t-1 (technical/L1) unclaimed for 30m". */
export function describeEscalationCause(cause: EscalationCause): string {
  const delay = cause.delayMs > 0 ? ` + ${formatShortDuration(cause.delayMs)}` : '';
  switch (cause.kind) {
    case 'clock.at':
      return `${cause.clock} clock at ${cause.percent}%${delay}`;
    case 'clock.breached':
      return `${cause.clock} clock breached${delay}`;
    case 'task.unclaimed':
    case 'step.after': {
      const queue = cause.tier === undefined ? cause.department : `${cause.department}/${cause.tier}`;
      const what = cause.kind === 'task.unclaimed' ? 'unclaimed for' : 'open for';
      return `task ${cause.taskId} (${queue}) ${what} ${formatShortDuration(cause.afterMs)}${delay}`;
    }
  }
}
