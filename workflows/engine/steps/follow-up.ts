import type { PlanFollowUpStep } from '../../../definitions/plan';
import { consentedContactChannels } from '../consent';
import { decide, type Run } from '../run';
import { dueAfter } from '../schedule';
import { openTask, outcomeIds } from '../tasks';
import { completeWithOutcome, currentTask, resolveDepartment } from './task';
import { setStatus, stay, type StepHandler } from './step';

/**
 * The task's instructions; for a customer whose consent was recorded, with the channels the agent may reach
 * them on (none: confirm from the record, do not contact), and that choice in the decision log. Without
 * consent recorded, the step's own instructions.
 */
function withConsent(run: Run, step: PlanFollowUpStep): string | undefined {
  const channels = consentedContactChannels(run.state);
  if (channels === undefined) return step.instructions;
  const rule =
    channels.length === 0
      ? 'The customer consented to no contact channel: confirm from the case record, do not contact them.'
      : `Contact the customer only by ${channels.join(' or ')} (their consent).`;
  decide(
    run,
    channels.length === 0
      ? 'follow-up contact skipped: no consent'
      : `follow-up contact by ${channels.join(' or ')} only`,
    `follow-up step ${step.id}: the customer's consent`,
    step.id,
  );
  return step.instructions === undefined ? rule : `${step.instructions}\n\n${rule}`;
}

/**
 * follow-up: the case rests as resolved until the delay (on the step's calendar) is over, then a task
 * confirms the fix held. An outcome leading back to work reopens the case (the task step sets it open).
 */
export const followUpStep: StepHandler<PlanFollowUpStep> = {
  enter(step, run) {
    if (run.state.status === 'open') setStatus(run, 'resolved', `follow-up step ${step.id}`);
    const wakeAt = dueAfter(run, step.afterMs, step.calendar);
    run.state.cursor = { kind: 'follow-up-delay', wakeAt };
    decide(run, `follow-up due ${new Date(wakeAt).toISOString()}`, `follow-up step ${step.id}`);
    return stay;
  },
  onEvent(step, run, event) {
    const cursor = run.state.cursor;
    if (cursor.kind === 'follow-up-delay') {
      if (event.kind !== 'wake' || cursor.wakeAt > run.ctx.now) return undefined;
      const department = resolveDepartment(run, step.department, step.id);
      const instructions = withConsent(run, step);
      const task = openTask(run, {
        step: step.id,
        origin: 'step',
        department,
        tier: run.plan.departments[department]?.tiers[0],
        title: step.title,
        instructions,
        outcomes: outcomeIds(step.outcomes),
      });
      run.state.cursor = { kind: 'follow-up-task', taskId: task.id };
      return stay;
    }
    const task = currentTask(run, cursor.kind === 'follow-up-task' ? cursor.taskId : undefined, event);
    if (task === undefined || event.kind !== 'task.complete') return undefined;
    return completeWithOutcome(run, step.id, step.outcomes, task, event);
  },
  wakeAt(_step, state) {
    return state.cursor.kind === 'follow-up-delay' ? state.cursor.wakeAt : undefined;
  },
};
