/**
 * Where a history's bytes go: every event of a (decoded) history under a label saying what it carries —
 * the start argument, an activity's input or result by activity, an Update's argument or result by name, a
 * signal by name, a marker — with its count, the bytes of its proto JSON, the bytes of its payloads, and
 * the bytes Temporal stores for it (the event as protobuf, payloads as the codec wrote them).
 */
import type { History, Payload } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import type { HistoryJson } from '../audit/history-json';

/** What the events under one label add up to. */
export interface PayloadShare {
  label: string;
  events: number;
  /** Bytes of these events in the JSON export (payload data is base64 there: about 4/3 of its bytes). */
  jsonBytes: number;
  /** Bytes of their payloads' data (the decoded JSON values). */
  payloadBytes: number;
  /** Bytes Temporal stores for these events: protobuf, payloads compressed and encrypted by the codec. */
  storedBytes: number;
}

const EventType = temporal.api.enums.v1.EventType;

const isPayload = (value: unknown): value is Payload =>
  typeof value === 'object' &&
  value !== null &&
  'metadata' in value &&
  ((value as Payload).data instanceof Uint8Array || (value as Payload).data === undefined);

/** Sum of the data bytes of every payload under `node` (search attributes included). */
export function payloadBytesIn(node: unknown): number {
  if (typeof node !== 'object' || node === null || node instanceof Uint8Array) return 0;
  if (isPayload(node)) return node.data?.length ?? 0;
  let sum = 0;
  for (const value of Array.isArray(node) ? node : Object.values(node)) sum += payloadBytesIn(value);
  return sum;
}

/** The short name of an event type: EVENT_TYPE_ACTIVITY_TASK_SCHEDULED → ActivityTaskScheduled. */
function shortType(type: number | null | undefined): string {
  const name = EventType[type ?? 0] ?? `EventType${String(type)}`;
  return name
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());
}

/** The label of each event of a history, in order. */
export function eventLabels(history: History): string[] {
  const activityBySchedule = new Map<string, string>();
  const updateById = new Map<string, string>();
  return (history.events ?? []).map((event) => {
    const type = shortType(event.eventType);
    const id = String(event.eventId ?? '');
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) {
      const name = scheduled.activityType?.name ?? '?';
      activityBySchedule.set(id, name);
      return `activity input: ${name}`;
    }
    const done = event.activityTaskCompletedEventAttributes;
    if (done) return `activity result: ${activityBySchedule.get(String(done.scheduledEventId ?? '')) ?? '?'}`;
    const accepted = event.workflowExecutionUpdateAcceptedEventAttributes;
    if (accepted) {
      const name = accepted.acceptedRequest?.input?.name ?? '?';
      updateById.set(accepted.acceptedRequest?.meta?.updateId ?? '', name);
      return `update argument: ${name}`;
    }
    const completed = event.workflowExecutionUpdateCompletedEventAttributes;
    if (completed) return `update result: ${updateById.get(completed.meta?.updateId ?? '') ?? '?'}`;
    const signaled = event.workflowExecutionSignaledEventAttributes;
    if (signaled) return `signal: ${signaled.signalName ?? '?'}`;
    const marker = event.markerRecordedEventAttributes;
    if (marker) return `marker: ${marker.markerName ?? '?'}`;
    if (event.workflowExecutionStartedEventAttributes) return 'start argument';
    if (event.workflowExecutionCompletedEventAttributes) return 'workflow result';
    if (event.workflowExecutionContinuedAsNewEventAttributes) return 'continue-as-new argument';
    const child = event.startChildWorkflowExecutionInitiatedEventAttributes;
    if (child) return `child argument: ${child.workflowType?.name ?? '?'}`;
    const childDone = event.childWorkflowExecutionCompletedEventAttributes;
    if (childDone) return `child result: ${childDone.workflowType?.name ?? '?'}`;
    return type;
  });
}

/**
 * Adds the history's events to `into`, by label. `json` is the same history's JSON export, `stored` the
 * same history as Temporal holds it (payloads not decoded).
 */
export function addPayloadShares(
  into: Map<string, PayloadShare>,
  history: History,
  json: HistoryJson,
  stored: History,
): void {
  const labels = eventLabels(history);
  (history.events ?? []).forEach((event, i) => {
    const label = labels[i]!;
    const share = into.get(label) ?? { label, events: 0, jsonBytes: 0, payloadBytes: 0, storedBytes: 0 };
    share.events += 1;
    share.jsonBytes += Buffer.byteLength(JSON.stringify(json.events[i]));
    share.payloadBytes += payloadBytesIn(event);
    const storedEvent = stored.events?.[i];
    if (storedEvent)
      share.storedBytes += temporal.api.history.v1.HistoryEvent.encode(storedEvent).finish().length;
    into.set(label, share);
  });
}

/** The shares, largest JSON bytes first. */
export function sortedShares(shares: Map<string, PayloadShare>): PayloadShare[] {
  return [...shares.values()].sort((a, b) => b.jsonBytes - a.jsonBytes);
}
