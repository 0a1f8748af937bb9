import type { SurveyLinkRequest } from '../../../activities/types';
import type { Channel, PlanNotifyStep, Recipient } from '../../../definitions/plan';
import { decide, emit, visitKey, type Run } from '../run';
import { holderOf } from '../view';
import { goto, type StepHandler } from './step';

/** 'customer' or a department id, as the notification activity expects. */
function recipientOf(run: Run, to: Recipient): string {
  const { state } = run;
  switch (to.kind) {
    case 'customer':
      return 'customer';
    case 'department':
      return to.department;
    case 'holder':
      return holderOf(state) ?? 'unknown';
    case 'assignee': {
      // The assignee is reached through their department's channel; the activity gets the name in `data`.
      const task = [...state.tasks].reverse().find((t) => t.assignee !== undefined);
      return task?.department ?? state.department ?? 'unknown';
    }
    default: {
      const unknownKind: never = to;
      return String(unknownKind);
    }
  }
}

/**
 * Emits one notification with an idempotent id `<caseId>/<step>/<visit>`; with `surveyLink`, the activity
 * signs that link at delivery and appends it to the message.
 */
export function notify(
  run: Run,
  stepId: string,
  message: { to: Recipient; channel: Channel; fallback?: Channel; message: string },
  data?: Record<string, unknown>,
  surveyLink?: SurveyLinkRequest,
): void {
  const assignee = [...run.state.tasks].reverse().find((t) => t.assignee !== undefined)?.assignee;
  emit(run, {
    kind: 'notify',
    request: {
      id: visitKey(run, stepId),
      caseId: run.state.caseId,
      recipient: recipientOf(run, message.to),
      channel: message.channel,
      fallback: message.fallback,
      message: message.message,
      data: message.to.kind === 'assignee' && assignee !== undefined ? { ...data, assignee } : data,
      ...(surveyLink ? { surveyLink } : {}),
    },
  });
}

/** notify: fire-and-forget; the activity records the outcome in the outbox and falls back by itself. */
export const notifyStep: StepHandler<PlanNotifyStep> = {
  enter(step, run) {
    notify(run, step.id, step);
    // In the decision log too, so the timeline shows what was sent to whom (the outbox has the delivery).
    const fallback = step.fallback ? `, falling back to ${step.fallback}` : '';
    decide(
      run,
      `notified ${recipientOf(run, step.to)} by ${step.channel}${fallback}`,
      `notify step ${step.id}`,
      step.id,
    );
    return goto(step.next);
  },
  onEvent: () => undefined,
  wakeAt: () => undefined,
};
