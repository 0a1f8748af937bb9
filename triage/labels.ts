/**
 * A recorded case's labels (SPEC §12): where a person sent it, not where the rules guessed.
 *
 * The department is the first department other than the triage department that the case was routed
 * (a task opened for it), handed off or reassigned to, else the triage department; the triage department
 * is that of the case's first task (the standard template's `triage` step at the front line). The decision
 * log says it in the engine's fixed phrases (workflows/engine/tasks.ts and escalate.ts; audit/
 * timeline-decisions.ts reads the same ones):
 *   task <id> opened for <department>
 *   task <id> handed off to <department>
 *   task <id> reassigned to <department>[/<tier>] | <department> / <assignee> | <assignee>
 * Only what happened before the case was first resolved counts: a follow-up, a quality review or a
 * complaint review after it are not where the case was sent for its issue. A reassignment to a person
 * only (no department) names no department, so a name is taken only when it is one of the template's.
 *
 * The category is the case's final category. A case still running that no person has routed yet teaches
 * nothing about routing and is left out.
 */
import type { Decision } from '../contract';
import { ONGOING_STATUSES } from '../contract/statuses';
import type { TriageCase } from '../db/triage-cases';

export interface CaseLabels {
  department: string;
  category: string;
}

const routed = /^task \S+ (?:opened for|handed off to|reassigned to) (.+)$/;
const resolvedTask = /^task \S+ completed: resolved$/;
const ended = /^case (?:resolved|closed|rejected|cancelled)$/;

/** The departments a case was sent to, in order, up to its first resolution. */
export function sentTo(decisions: readonly Decision[], departments: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const { what } of decisions) {
    if (resolvedTask.test(what) || ended.test(what)) break;
    const match = routed.exec(what);
    if (match === null) continue;
    // `technical/L2`, `billing / anna`: the department comes first.
    const head = match[1]!.split('/')[0]!.trim();
    if (departments.has(head)) out.push(head);
  }
  return out;
}

/**
 * The labels of a recorded case, or undefined when it has none to learn from: no category, no task, or
 * still running without a person having routed it.
 */
export function caseLabels(c: TriageCase, departments: ReadonlySet<string>): CaseLabels | undefined {
  if (c.category === undefined) return undefined;
  const sent = sentTo(c.decisions, departments);
  const triage = c.firstTaskDepartment ?? sent[0];
  if (triage === undefined) return undefined;
  const elsewhere = sent.find((department) => department !== triage);
  const finished = !(ONGOING_STATUSES as readonly string[]).includes(c.status);
  if (elsewhere === undefined && !finished) return undefined;
  return { department: elsewhere ?? triage, category: c.category };
}
