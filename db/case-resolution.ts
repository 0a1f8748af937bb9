/**
 * How a case was resolved and by whom, read from its view (issue 17, similar cases): the task completed
 * with outcome `resolved` — in the standard template the triage or department task, whose form asks for a
 * `resolution` text; the second-line and management tasks resolve without a form, and then the
 * completion's note (its decision's `why`) stands for it. The completer is the decision's `by`.
 */
import type { CaseView } from '../workflows/messages';

export interface CaseResolution {
  resolution: string;
  resolvedBy: string | undefined;
  resolvedAt: string;
}

const RESOLVED_TASK = /^task (\S+) completed: resolved$/;

/** Statuses a resolved case rests in: resolved (follow-up, survey) and closed once it ended. */
const RESOLVED_STATUSES: ReadonlySet<string> = new Set(['resolved', 'closed']);

/**
 * The case's resolution, when it is resolved or closed and a person resolved it since it last reopened;
 * otherwise undefined (open, reopened, closed for want of a reply, rejected, cancelled).
 */
export function caseResolution(view: CaseView): CaseResolution | undefined {
  if (!RESOLVED_STATUSES.has(view.status)) return undefined;
  const decisions = view.decisions;
  let at = -1;
  for (let i = decisions.length - 1; i >= 0; i--) {
    const what = decisions[i]!.what;
    if (what === 'case reopened') return undefined;
    if (RESOLVED_TASK.test(what)) {
      at = i;
      break;
    }
  }
  if (at < 0) return fromTasksOnly(view);
  const decision = decisions[at]!;
  const taskId = RESOLVED_TASK.exec(decision.what)![1];
  const task = view.tasks.find((t) => t.id === taskId);
  return {
    resolution: formResolution(task?.form) ?? decision.why,
    resolvedBy: decision.by ?? task?.assignee,
    resolvedAt: decision.at,
  };
}

function formResolution(form: Record<string, unknown> | undefined): string | undefined {
  const text = form?.['resolution'];
  return typeof text === 'string' && text.trim() !== '' ? text : undefined;
}

/**
 * Bounded state (docs/security.md) drops a long case's oldest decisions: when the resolving one is gone
 * the newest completed task with a resolution form stands for it.
 */
function fromTasksOnly(view: CaseView): CaseResolution | undefined {
  if (!view.decisionsDropped) return undefined;
  const task = [...view.tasks]
    .reverse()
    .find((t) => t.status === 'completed' && formResolution(t.form) !== undefined);
  if (task === undefined) return undefined;
  return { resolution: formResolution(task.form)!, resolvedBy: task.assignee, resolvedAt: task.updatedAt };
}
