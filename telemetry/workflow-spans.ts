/**
 * The sink through which the workflow sandbox hands its spans to the worker's span processor.
 *
 * The workflow interceptors of @temporalio/interceptors-opentelemetry build their spans with the
 * OpenTelemetry SDK 1.x inside the sandbox and serialise them in its shape (parentSpanId,
 * instrumentationLibrary). caseflow's SDK is 2.x, whose spans carry parentSpanContext and
 * instrumentationScope instead, so the package's own makeWorkflowExporter would hand the 2.x exporter spans
 * without their parent (each workflow span a trace of its own) and without their scope. This sink rebuilds
 * the spans in the 2.x shape.
 */
import { createTraceState, type SpanContext } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { OpenTelemetrySinks, SerializableSpan } from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks } from '@temporalio/worker';

/** A span from the sandbox as the 2.x SDK's processors and exporters read it. */
export function readableWorkflowSpan(
  span: SerializableSpan,
  workflow: ReadableSpan['attributes'],
  resource: Resource,
): ReadableSpan {
  const { traceState, ...ids } = span.spanContext;
  const spanContext: SpanContext = {
    ...ids,
    ...(traceState ? { traceState: createTraceState(traceState) } : {}),
  };
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => spanContext,
    // The parent is in the same trace; it may be in another process (the client's span), hence remote.
    ...(span.parentSpanId
      ? {
          parentSpanContext: {
            traceId: ids.traceId,
            spanId: span.parentSpanId,
            traceFlags: ids.traceFlags,
            isRemote: true,
          },
        }
      : {}),
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status,
    attributes: { ...span.attributes, ...workflow },
    links: span.links,
    events: span.events,
    duration: span.duration,
    ended: span.ended,
    resource,
    instrumentationScope: span.instrumentationLibrary,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

/**
 * The `exporter` sink the workflow interceptors call. Not called during replay (the SDK's default for
 * sinks), so a workflow brought back into the cache does not report its past spans again.
 */
export function workflowSpanSinks(
  processor: SpanProcessor,
  resource: Resource,
): InjectedSinks<OpenTelemetrySinks> {
  return {
    exporter: {
      export: {
        fn: (info, spans) => {
          // The workflow's identity, under the attribute names the package's activity spans use.
          const workflow = { temporalWorkflowId: info.workflowId, temporalRunId: info.runId };
          for (const span of spans) processor.onEnd(readableWorkflowSpan(span, workflow, resource));
        },
      },
    },
  };
}
