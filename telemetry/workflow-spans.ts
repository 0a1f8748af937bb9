/**
 * The worker's side of the workflow spans (telemetry/workflow-interceptors.ts): the sandbox says when a run,
 * an update or a signal handler starts and ends, under which parent and with which span id; this sink
 * turns each pair into a span for the worker's span processor. The times are the worker's clock when the
 * workflow task that started or ended it completed (the sandbox's own clock is the task's, frozen).
 */
import { SpanKind, SpanStatusCode, createTraceState, type HrTime } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { InjectedSinks } from '@temporalio/worker';
import type { WorkflowSpanStart, WorkflowTracingSinks } from './workflow-interceptors';

/**
 * Spans started and not yet ended are kept here: a run's span lasts as long as the case. A bound, so that
 * runs that end on another worker (or never) cannot grow it; the oldest are dropped first.
 */
const MAX_OPEN_SPANS = 10_000;

function hrTimeOf(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

/** A started span, ended now: the 2.x SDK's ReadableSpan. */
export function endedWorkflowSpan(
  start: WorkflowSpanStart,
  startMs: number,
  endMs: number,
  resource: Resource,
  error?: string,
): ReadableSpan {
  const [, traceId = '', parentSpanId = '', flags = '01'] = start.parent.traceparent?.split('-') ?? [];
  const traceFlags = parseInt(flags, 16);
  const traceState = start.parent.tracestate ? createTraceState(start.parent.tracestate) : undefined;
  const spanContext = { traceId, spanId: start.spanId, traceFlags, ...(traceState ? { traceState } : {}) };
  return {
    name: start.name,
    kind: SpanKind.INTERNAL,
    spanContext: () => spanContext,
    // The parent is the caller's span: the client's, or the workflow's that started this child or signal.
    parentSpanContext: { traceId, spanId: parentSpanId, traceFlags, isRemote: true },
    startTime: hrTimeOf(startMs),
    endTime: hrTimeOf(endMs),
    duration: hrTimeOf(endMs - startMs),
    status: error ? { code: SpanStatusCode.ERROR, message: error } : { code: SpanStatusCode.UNSET },
    attributes: start.attributes,
    links: [],
    events: [],
    ended: true,
    resource,
    instrumentationScope: { name: 'caseflow-workflow' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

/**
 * The `workflowTracing` sink. Not called during replay (the SDK's default for sinks), so a run brought back
 * into the cache reports no span twice; a span whose start was reported before (to another worker, or
 * before a restart) is not reported at its end either.
 */
export function workflowSpanSinks(
  processor: SpanProcessor,
  resource: Resource,
): InjectedSinks<WorkflowTracingSinks> {
  const open = new Map<string, { start: WorkflowSpanStart; startMs: number }>();
  const now = () => performance.timeOrigin + performance.now();
  return {
    workflowTracing: {
      started: {
        fn: (info, start) => {
          if (open.size >= MAX_OPEN_SPANS) open.delete(open.keys().next().value!);
          open.set(`${info.runId}/${start.spanId}`, { start, startMs: now() });
        },
      },
      ended: {
        fn: (info, spanId, error) => {
          const key = `${info.runId}/${spanId}`;
          const opened = open.get(key);
          if (!opened) return;
          open.delete(key);
          processor.onEnd(endedWorkflowSpan(opened.start, opened.startMs, now(), resource, error));
        },
      },
    },
  };
}
