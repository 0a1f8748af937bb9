/**
 * Entries from Temporal history events: who sent which update or signal (the principal is in its
 * arguments), what was sent to the customer and departments (notification activities), business calls,
 * timers, and how the run began and ended. The engine's own decisions come from the decision log
 * (timeline-decisions.ts); projection writes and search-attribute upserts are bookkeeping and left out.
 */
import { defaultPayloadConverter, type PayloadConverter } from '@temporalio/common';
import type { History, Payload } from '@temporalio/common/lib/proto-utils';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import type { TimelineActor, TimelineEntry, TimelineKind } from './timeline-types';

type HistoryEvent = NonNullable<History['events']>[number];

interface Principalled {
  principal?: { name?: string };
}

const system: TimelineActor = { kind: 'system', name: 'caseflow' };

export function historyEntries(
  history: History,
  converter: PayloadConverter = defaultPayloadConverter,
): TimelineEntry[] {
  const valuesOf = (payloads: Payload[] | null | undefined): unknown[] =>
    (payloads ?? []).map((p) => {
      try {
        return converter.fromPayload(p);
      } catch {
        // Still encoded (read without the codec key): the entry says what happened, not with what.
        return undefined;
      }
    });
  const scheduled = new Map<string, { type: string; input: unknown }>();
  const entries: TimelineEntry[] = [];
  for (const event of history.events ?? []) {
    const at = new Date(optionalTsToMs(event.eventTime) ?? 0).toISOString();
    const eventId = Number(event.eventId ?? 0);
    const push = (kind: TimelineKind, who: TimelineActor, what: string, why?: string): void => {
      entries.push({ at, kind, who, what, ...(why ? { why } : {}), source: 'history', eventId });
    };
    describeEvent(event, valuesOf, scheduled, push);
  }
  return entries;
}

type Push = (kind: TimelineKind, who: TimelineActor, what: string, why?: string) => void;

function describeEvent(
  event: HistoryEvent,
  valuesOf: (p: Payload[] | null | undefined) => unknown[],
  scheduled: Map<string, { type: string; input: unknown }>,
  push: Push,
): void {
  const started = event.workflowExecutionStartedEventAttributes;
  if (started) {
    const [args] = valuesOf(started.input?.payloads) as [StartArgs | undefined];
    if (args?.carried !== undefined) {
      push(
        'run.continued',
        system,
        'run continued as new (history kept short)',
        started.continuedExecutionRunId ?? '',
      );
      return;
    }
    const who = args?.openedBy?.name;
    push(
      'case.opened',
      who ? { kind: 'principal', name: who } : system,
      args
        ? `case opened via ${args.input?.channel ?? '?'} for customer ${args.input?.customer?.id ?? '?'}: ${args.input?.subject ?? ''}`
        : `${started.workflowType?.name ?? 'workflow'} started`,
      templateLine(args?.template ?? args?.plan),
    );
    return;
  }
  const accepted = event.workflowExecutionUpdateAcceptedEventAttributes;
  if (accepted) {
    const input = accepted.acceptedRequest?.input;
    const [arg] = valuesOf(input?.args?.payloads) as [Record<string, unknown> | undefined];
    push('request.accepted', actorOf(arg), describeRequest(input?.name ?? 'update', arg), noteOf(arg));
    return;
  }
  const signaled = event.workflowExecutionSignaledEventAttributes;
  if (signaled) {
    const [arg] = valuesOf(signaled.input?.payloads) as [Record<string, unknown> | undefined];
    push('request.accepted', actorOf(arg), describeRequest(signaled.signalName ?? 'signal', arg));
    return;
  }
  const activity = event.activityTaskScheduledEventAttributes;
  if (activity) {
    const [input] = valuesOf(activity.input?.payloads);
    scheduled.set(String(event.eventId), { type: activity.activityType?.name ?? '', input });
    const call = input as { method?: string; url?: string } | undefined;
    if (activity.activityType?.name === 'callBusinessSystem')
      push('call.started', system, `business call ${call?.method ?? ''} ${call?.url ?? ''}`.trim());
    return;
  }
  const completed = event.activityTaskCompletedEventAttributes;
  if (completed) {
    const origin = scheduled.get(String(completed.scheduledEventId));
    const [result] = valuesOf(completed.result?.payloads);
    describeActivityEnd(origin, result, undefined, push);
    return;
  }
  const failed = event.activityTaskFailedEventAttributes;
  if (failed) {
    const origin = scheduled.get(String(failed.scheduledEventId));
    describeActivityEnd(origin, undefined, failed.failure?.message ?? 'failed', push);
    return;
  }
  const timer = event.timerFiredEventAttributes;
  if (timer) {
    push(
      'timer.fired',
      { kind: 'timer', name: `timer ${timer.timerId ?? ''}` },
      'wake-up: a deadline, delay or clock came due',
    );
    return;
  }
  describeRunEnd(event, push);
}

function describeActivityEnd(
  origin: { type: string; input: unknown } | undefined,
  result: unknown,
  error: string | undefined,
  push: Push,
): void {
  if (!origin) return;
  if (origin.type === 'sendNotification') {
    const request = origin.input as { recipient?: string; channel?: string; message?: string } | undefined;
    const sentOn = (result as { sentOn?: string | null } | undefined)?.sentOn;
    const to = `${request?.recipient ?? '?'}`;
    if (error !== undefined || sentOn === null)
      push('notification.failed', system, `notification to ${to} not delivered`, error ?? request?.message);
    else
      push(
        'notification.sent',
        system,
        `notification to ${to} sent by ${sentOn ?? request?.channel ?? '?'}`,
        request?.message,
      );
  } else if (origin.type === 'callBusinessSystem') {
    const status = (result as { status?: number } | undefined)?.status;
    push(
      'call.finished',
      system,
      error === undefined ? `business call answered ${status ?? ''}`.trim() : 'business call failed',
      error,
    );
  } else if (origin.type === 'issueSurveyLink') {
    push('survey.sent', system, error === undefined ? 'survey link issued' : 'survey link not issued', error);
  }
}

function describeRunEnd(event: HistoryEvent, push: Push): void {
  if (event.workflowExecutionCompletedEventAttributes) push('run.ended', system, 'workflow completed');
  else if (event.workflowExecutionContinuedAsNewEventAttributes)
    push('run.continued', system, 'run continued as new (history kept short)');
  else if (event.workflowExecutionFailedEventAttributes)
    push(
      'run.ended',
      system,
      'workflow failed',
      event.workflowExecutionFailedEventAttributes.failure?.message ?? undefined,
    );
  else if (event.workflowExecutionTerminatedEventAttributes)
    push(
      'run.ended',
      system,
      'workflow terminated',
      event.workflowExecutionTerminatedEventAttributes.reason ?? undefined,
    );
  else if (event.workflowExecutionTimedOutEventAttributes) push('run.ended', system, 'workflow timed out');
  else if (event.workflowExecutionCanceledEventAttributes) push('run.ended', system, 'workflow cancelled');
}

interface StartArgs {
  carried?: unknown;
  openedBy?: { name?: string };
  input?: { channel?: string; subject?: string; customer?: { id?: string } };
  plan?: { name: string; version: number; sha256: string; sla?: { pauseWhen?: string[] } };
  /** Cases opened since issue 13 name their template version instead of carrying its plan. */
  template?: { name: string; version: number; sha256: string };
}

const templateLine = (t: { name: string; version: number; sha256: string } | undefined) =>
  t ? `template ${t.name} v${t.version} (sha256 ${t.sha256})` : undefined;

/**
 * The statuses that pause the SLA clocks, from the plan the run started with; undefined when the run names
 * its plan by reference (the caller reads it from the registry) or nothing is known.
 */
export function pauseStatusesOf(
  history: History,
  converter: PayloadConverter = defaultPayloadConverter,
): string[] | undefined {
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (!payload) return undefined;
  try {
    const args = converter.fromPayload<StartArgs | undefined>(payload);
    return args?.plan ? (args.plan.sla?.pauseWhen ?? []) : undefined;
  } catch {
    return undefined;
  }
}

function actorOf(arg: Record<string, unknown> | undefined): TimelineActor {
  const name = (arg as Principalled | undefined)?.principal?.name;
  return name ? { kind: 'principal', name } : system;
}

function noteOf(arg: Record<string, unknown> | undefined): string | undefined {
  const text = arg?.note ?? arg?.reason;
  return typeof text === 'string' ? text : undefined;
}

/** `completeTask {taskId, outcome}` → `completeTask: task X, outcome resolved`. */
function describeRequest(name: string, arg: Record<string, unknown> | undefined): string {
  if (!arg) return name;
  const parts: string[] = [];
  const add = (label: string, key: string): void => {
    const value = arg[key];
    if (typeof value === 'string' || typeof value === 'number') parts.push(`${label} ${value}`);
  };
  add('task', 'taskId');
  add('outcome', 'outcome');
  add('to', 'department');
  add('assignee', 'assignee');
  add('from', 'from');
  add('signal', 'name');
  // migrateCase carries the target version's whole plan: its version is what the line needs.
  const plan = arg.plan as { version?: unknown } | undefined;
  if (name === 'migrateCase' && typeof plan?.version === 'number') parts.push(`to v${plan.version}`);
  if (typeof arg.text === 'string')
    parts.push(`"${arg.text.length > 80 ? `${arg.text.slice(0, 77)}…` : arg.text}"`);
  if (name === 'submitSurvey' && typeof arg.answers === 'object') parts.push(JSON.stringify(arg.answers));
  return parts.length > 0 ? `${name}: ${parts.join(', ')}` : name;
}
