/**
 * A task's SLA state beside its due time. The rule (docs/console.md):
 * - breached: the due time has passed and the task is still open or claimed;
 * - due soon: what is left is at most an hour, or at most a fifth of the task's whole time (created → due),
 *   whichever is shorter — so a 15-minute P1 task is not "due soon" from the moment it opens, and a two-day
 *   task is flagged in its last hour. A fifth mirrors the standard template's 80 % warnings;
 * - on time: otherwise. A task with no due time, or one completed or cancelled, has no SLA state.
 * Computed in the browser against its clock; the inbox's refresh recomputes it.
 */
import { useWords, words } from '../i18n';
import type { Task } from '../task-types';

export type SlaState = 'breached' | 'soon' | 'ok';

const HOUR = 3_600_000;

export function slaState(
  task: Pick<Task, 'status' | 'dueAt' | 'createdAt'>,
  now: number,
): SlaState | undefined {
  if (!task.dueAt || (task.status !== 'open' && task.status !== 'claimed')) return undefined;
  const due = Date.parse(task.dueAt);
  if (Number.isNaN(due)) return undefined;
  const left = due - now;
  if (left <= 0) return 'breached';
  const span = due - Date.parse(task.createdAt);
  const warnWithin = Number.isFinite(span) && span > 0 ? Math.min(HOUR, span / 5) : HOUR;
  return left <= warnWithin ? 'soon' : 'ok';
}

const dict = words<SlaState>({
  en: { breached: 'Breached', soon: 'Due soon', ok: 'On time' },
  zh: { breached: '已超时', soon: '即将到期', ok: '未超时' },
});

export function SlaText({ task, now }: { task: Pick<Task, 'status' | 'dueAt' | 'createdAt'>; now: number }) {
  const { t } = useWords(dict);
  const state = slaState(task, now);
  if (!state) return <span>—</span>;
  return <span class={`sla-${state}`}>{t(state)}</span>;
}
