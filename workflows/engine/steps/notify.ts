import type { SurveyLinkRequest } from '../../../activities/types';
import type { Channel, PlanNotifyStep, Recipient } from '../../../definitions/plan';
import { decide, emit, visitKey, type Run } from '../run';
import { holderOf } from '../view';
import { consentedChannels } from '../consent';
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

/** Where a notification comes from, for the decision log: `notify step X`, `escalation R`, `survey step S`. */
export interface NotifyOptions {
  where: string;
  data?: Record<string, unknown> | undefined;
  /** With it, the activity signs that link at delivery and appends it to the message. */
  surveyLink?: SurveyLinkRequest | undefined;
}

/**
 * Emits one notification with an idempotent id `<caseId>/<step>/<visit>` and answers the channels it goes
 * on, or undefined when nothing is sent. A message to the customer goes only on channels they consented
 * to (workflows/engine/consent.ts): a refused channel gives way to the fallback, and each such choice is a
 * decision. Departments and staff are reached as the template says.
 */
export function notify(
  run: Run,
  stepId: string,
  message: { to: Recipient; channel: Channel; fallback?: Channel | undefined; message: string },
  options: NotifyOptions,
): { channel: Channel; fallback?: Channel | undefined } | undefined {
  const { data, surveyLink, where } = options;
  const { allowed, refused } =
    message.to.kind === 'customer'
      ? consentedChannels(run.state, message)
      : { allowed: message.fallback ? [message.channel, message.fallback] : [message.channel], refused: [] };
  const [channel, fallback] = allowed;
  if (channel === undefined) {
    decide(run, `nothing sent: no consent for ${refused.join(' or ')}`, where);
    return undefined;
  }
  if (refused.includes(message.channel))
    decide(run, `${message.channel} skipped: no consent`, `${where}: ${channel} used instead`);
  else if (message.fallback !== undefined && refused.includes(message.fallback))
    decide(run, `${message.fallback} fallback dropped: no consent`, `${where}: ${channel} only`);
  const assignee = [...run.state.tasks].reverse().find((t) => t.assignee !== undefined)?.assignee;
  emit(run, {
    kind: 'notify',
    request: {
      id: visitKey(run, stepId),
      caseId: run.state.caseId,
      recipient: recipientOf(run, message.to),
      channel,
      fallback,
      message: message.message,
      data: message.to.kind === 'assignee' && assignee !== undefined ? { ...data, assignee } : data,
      ...(surveyLink ? { surveyLink } : {}),
    },
  });
  return { channel, fallback };
}

/** notify: fire-and-forget; the activity records the outcome in the outbox and falls back by itself. */
export const notifyStep: StepHandler<PlanNotifyStep> = {
  enter(step, run) {
    const where = `notify step ${step.id}`;
    // The channels the customer consented to (the step's own without consent recorded); none: not sent.
    const sent = notify(run, step.id, step, { where });
    if (sent === undefined) return goto(step.next);
    // In the decision log too, so the timeline shows what was sent to whom (the outbox has the delivery).
    const fallback = sent.fallback ? `, falling back to ${sent.fallback}` : '';
    decide(run, `notified ${recipientOf(run, step.to)} by ${sent.channel}${fallback}`, where, step.id);
    return goto(step.next);
  },
  onEvent: () => undefined,
  wakeAt: () => undefined,
};
