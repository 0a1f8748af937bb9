/**
 * The worker's side of the workflow spans (telemetry/workflow-spans.ts): a start and an end reported by
 * the sandbox become one span under the caller's, in the caller's trace; an end without its start (the
 * start went to another worker, or came before a restart) reports nothing.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import type { WorkflowInfo } from '@temporalio/workflow';
import { workflowSpanSinks } from '../../../telemetry/workflow-spans';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const callerSpan = '00f067aa0ba902b7';
const parent = { traceparent: `00-${traceId}-${callerSpan}-01`, tracestate: 'vendor=1' };
const info = { runId: 'run-1', workflowId: 'case-1' } as WorkflowInfo;

function sinksWithExported() {
  const exported: ReadableSpan[] = [];
  const processor = {
    onStart: () => undefined,
    onEnd: (span: ReadableSpan) => void exported.push(span),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  const sinks = workflowSpanSinks(processor, resourceFromAttributes({ 'service.name': 'caseflow-worker' }));
  // The sink functions may return a promise by their type; these return none.
  const { started, ended } = sinks.workflowTracing;
  return {
    exported,
    sinks: {
      started: (i: WorkflowInfo, span: Parameters<typeof started.fn>[1]) => void started.fn(i, span),
      ended: (i: WorkflowInfo, spanId: string, error?: string) => void ended.fn(i, spanId, error),
    },
  };
}

it('turns a start and its end into one span under the caller, in its trace', () => {
  const { sinks, exported } = sinksWithExported();
  const start = {
    spanId: 'a1b2c3d4e5f60718',
    parent,
    name: 'HandleUpdate:completeTask',
    attributes: { k: 'v' },
  };
  sinks.started(info, start);
  expect(exported).toEqual([]);
  sinks.ended(info, start.spanId, undefined);
  expect(exported).toHaveLength(1);
  const span = exported[0]!;
  expect(span.name).toBe('HandleUpdate:completeTask');
  expect(span.spanContext()).toMatchObject({ traceId, spanId: start.spanId, traceFlags: 1 });
  expect(span.spanContext().traceState?.get('vendor')).toBe('1');
  expect(span.parentSpanContext).toMatchObject({ traceId, spanId: callerSpan, isRemote: true });
  expect(span.attributes).toEqual({ k: 'v' });
  expect(span.status.code).toBe(SpanStatusCode.UNSET);
  expect(span.resource.attributes['service.name']).toBe('caseflow-worker');
  const ns = (t: [number, number]) => t[0] * 1e9 + t[1];
  expect(ns(span.endTime)).toBeGreaterThanOrEqual(ns(span.startTime));
});

it('marks a handler that failed, and reports nothing for an end without its start', () => {
  const { sinks, exported } = sinksWithExported();
  sinks.ended(info, '1111111111111111', undefined);
  expect(exported).toEqual([]);
  sinks.started(info, {
    spanId: '2222222222222222',
    parent,
    name: 'RunWorkflow:caseWorkflow',
    attributes: {},
  });
  // The same span id in another run is another span.
  sinks.ended({ ...info, runId: 'run-2' }, '2222222222222222', undefined);
  expect(exported).toEqual([]);
  sinks.ended(info, '2222222222222222', 'boom');
  expect(exported[0]?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'boom' });
});
