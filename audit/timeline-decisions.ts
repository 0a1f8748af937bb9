/**
 * Entries from the engine's decision log (CaseView.decisions: `{ at, step, what, why, by }`). The engine
 * writes `what` in fixed phrases (workflows/engine: tasks.ts, steps/*.ts); this file recognises them, so a
 * new phrase still shows (as kind `decision`) until it is taught here.
 */
import type { CaseView } from '../workflows/messages';
import type { TimelineActor, TimelineEntry, TimelineKind } from './timeline-types';

type Decision = CaseView['decisions'][number];

/** First match wins; the order puts the specific phrases before the general ones. */
const phrases: Array<[RegExp, TimelineKind]> = [
  [/^case opened$/, 'case.opened'],
  [/^case migrated v\d+ → v\d+$/, 'case.migrated'],
  [/^classified as /, 'case.classified'],
  [/^not classified$/, 'case.classified'],
  [/^priority raised /, 'priority.raised'],
  [/^priority /, 'priority.set'],
  [/^task \S+ opened for /, 'task.opened'],
  [/^task \S+ assigned to /, 'task.assigned'],
  [/^task \S+ claimed$/, 'task.claimed'],
  [/^task \S+ released$/, 'task.released'],
  [/^task \S+ completed: /, 'task.completed'],
  [/^task \S+ handed off to /, 'task.handed-off'],
  [/^task \S+ reassigned to /, 'task.reassigned'],
  [/^task \S+ cancelled$/, 'task.cancelled'],
  [/^case reopened$/, 'case.reopened'],
  [/^case cancelled$/, 'case.cancelled'],
  [/^case (resolved|closed|rejected|cancelled)$/, 'case.ended'],
  [/^status \S+ → /, 'case.status'],
  [/^message from /, 'message.received'],
  [/^repeat contact joined/, 'contact.merged'],
  [/^signal /, 'signal.received'],
  [/^calling /, 'call.started'],
  [/^call (succeeded|failed)/, 'call.finished'],
  // The customer's contact consent changed what was sent (workflows/engine/consent.ts, docs/privacy.md).
  [/: no consent( for .*)?$/, 'consent.applied'],
  [/^follow-up contact by .* only$/, 'consent.applied'],
  [/^survey link sent$/, 'survey.sent'],
  [/^survey answered$/, 'survey.answered'],
  [/^survey timed out/, 'survey.timed-out'],
  [/^follow-up due /, 'follow-up.scheduled'],
  [/^sampled for quality review$/, 'quality.sampled'],
  [/^\S+ clock started$/, 'clock.started'],
  [/^(first response: )?\S+ clock stopped$/, 'clock.stopped'],
  [/^\S+ clock re-targeted$/, 'clock.retargeted'],
  [/^\S+ clock breached$/, 'clock.breached'],
  [/^escalation \S+ skipped$/, 'escalation.skipped'],
  [/^escalation \S+: /, 'escalation.fired'],
  [/^notified /, 'notification.queued'],
  [/\bbreach/i, 'clock.breached'],
  [/\bclock\b.*\bpaused\b/i, 'clock.paused'],
  [/\bclock\b.*\bresumed\b/i, 'clock.resumed'],
  [/\bescalat/i, 'escalation.fired'],
  [/^→ /, 'branch.taken'],
  [/^(wait over|wait timed out|instant already passed|no instant to wait for|\S+ received)$/, 'wait.ended'],
];

export function decisionKind(what: string): TimelineKind {
  return phrases.find(([pattern]) => pattern.test(what))?.[1] ?? 'decision';
}

/**
 * Who caused a decision. The engine stamps `by` with the principal of the update or signal being applied
 * (the intake principal for everything decided at opening); decisions without one were taken on a wake-up,
 * so their cause is a deadline or an SLA clock. Rule-driven decisions name the rule as well, in `why`.
 */
export function decisionActor(decision: Decision, kind: TimelineKind): TimelineActor {
  const ruleDriven =
    kind === 'case.classified' ||
    kind === 'priority.set' ||
    kind === 'priority.raised' ||
    kind === 'branch.taken';
  if (decision.by !== undefined && !ruleDriven) return { kind: 'principal', name: decision.by };
  if (ruleDriven) return { kind: 'rule', name: ruleName(decision) };
  if (kind.startsWith('clock.') || kind === 'escalation.fired') return { kind: 'clock', name: decision.why };
  if (
    kind === 'survey.timed-out' ||
    kind === 'wait.ended' ||
    /deadline|timed out|timeout|due|after/i.test(`${decision.what} ${decision.why}`)
  )
    return { kind: 'timer', name: decision.why };
  return { kind: 'system', name: 'engine' };
}

/** `rule #2: case.text…` → the rule's label as the engine wrote it (up to the first colon). */
function ruleName(decision: Decision): string {
  const head = decision.why.split(';')[0] ?? decision.why;
  return `${decision.step || 'rule'}: ${head.length > 120 ? `${head.slice(0, 117)}…` : head}`;
}

/**
 * The engine's decisions as entries. Statuses in `pauseWhen` (the plan's sla.pauseWhen) stop the SLA
 * clocks, so a status change into or out of one is also shown as the clocks pausing or resuming.
 */
export function decisionEntries(
  decisions: readonly Decision[],
  pauseWhen: readonly string[] = [],
): TimelineEntry[] {
  return decisions.flatMap((decision) => {
    const kind = decisionKind(decision.what);
    const entry: TimelineEntry = {
      at: decision.at,
      kind,
      who: decisionActor(decision, kind),
      what: decision.what,
      why: decision.why,
      ...(decision.step ? { step: decision.step } : {}),
      source: 'decision',
    };
    const moved = /^status (\S+) → (\S+)$/.exec(decision.what);
    const reopened = decision.what === 'case reopened' ? ['resolved', 'open'] : undefined;
    const [from, to] = moved ? [moved[1]!, moved[2]!] : (reopened ?? []);
    if (from === undefined || to === undefined) return [entry];
    const clock = (k: 'clock.paused' | 'clock.resumed', what: string): TimelineEntry => ({
      ...entry,
      kind: k,
      who: { kind: 'clock', name: 'sla' },
      what,
      why: `status ${to}`,
    });
    if (pauseWhen.includes(to) && !pauseWhen.includes(from))
      return [entry, clock('clock.paused', `SLA clocks paused (status ${to})`)];
    if (pauseWhen.includes(from) && !pauseWhen.includes(to))
      return [entry, clock('clock.resumed', `SLA clocks resumed (status ${to})`)];
    return [entry];
  });
}
