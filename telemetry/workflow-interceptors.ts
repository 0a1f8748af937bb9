/**
 * caseflow's workflow interceptors for tracing, bundled into the workflow sandbox when tracing is on
 * (worker/start-worker.ts). They carry the trace that reached the workflow (in the `_tracer-data` header the
 * client and activity interceptors of @temporalio/interceptors-opentelemetry write and read) on to the
 * activities and child workflows it starts, and report a span for the run and for each update and signal
 * it handles through a sink (telemetry/workflow-spans.ts builds them in the worker).
 *
 * Why not the package's own workflow interceptors: cases recorded without them no longer replay with
 * them. 7 of the 16 saved histories failed ("Timer machine does not handle this event") when they were
 * bundled in, so turning tracing on would have broken the cases in flight. The likely cause: they wrap
 * each handler and each scheduled activity in async functions, which moves by a few microtasks when the
 * workflow's own promises settle. These interceptors return the very promises they are given, issue no
 * command, draw no random number (span ids are hashes of the run and the handler) and await nothing: the
 * saved histories replay with them (test/unit/telemetry/traced-replay.test.ts), and the histories of a
 * traced case replay both with and without them (test/integration/tracing.test.ts).
 *
 * Sandbox code: it may import @temporalio/workflow only.
 */
import {
  AsyncLocalStorage,
  defaultPayloadConverter,
  proxySinks,
  workflowInfo,
  type Sinks,
  type WorkflowInterceptors,
} from '@temporalio/workflow';

/** The header the package's client and activity interceptors use for the W3C trace context. */
const TRACE_HEADER = '_tracer-data';

/** A W3C trace context as the propagator writes it: traceparent, and tracestate when there is one. */
type Carrier = Record<string, string>;

/** What the workflow reports of a span it starts; the worker keeps it until the span ends. */
export interface WorkflowSpanStart {
  spanId: string;
  /** The caller's context: the new span's parent, and its trace. */
  parent: Carrier;
  name: string;
  attributes: Record<string, string>;
}

export interface WorkflowTracingSinks extends Sinks {
  workflowTracing: {
    started(span: WorkflowSpanStart): void;
    ended(spanId: string, error?: string): void;
  };
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The context the workflow code runs in now: the handler's span, or none outside a traced call. */
const current = new AsyncLocalStorage<Carrier>();
const { workflowTracing } = proxySinks<WorkflowTracingSinks>();

/** 64-bit FNV-1a of `text` in hex: a span id the replay of the same run computes again. */
function spanIdOf(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return (hash || 1n).toString(16).padStart(16, '0');
}

function carrierOf(headers: Record<string, unknown>): Carrier | undefined {
  const payload = headers[TRACE_HEADER];
  if (payload === undefined) return undefined;
  const carrier = defaultPayloadConverter.fromPayload<Carrier>(payload as never);
  return typeof carrier?.traceparent === 'string' && TRACEPARENT.test(carrier.traceparent)
    ? carrier
    : undefined;
}

/**
 * Handled signals so far, per run: a signal has no id of its own, and arrives in history order. Keyed by
 * run, as module state is shared by the workflows of a reused V8 context; dropped when the run leaves the
 * cache.
 */
const signalsSeen = new Map<string, number>();

function nextSignal(): number {
  const { runId } = workflowInfo();
  const seen = (signalsSeen.get(runId) ?? 0) + 1;
  signalsSeen.set(runId, seen);
  return seen;
}

/**
 * Runs `next` in a span of `name` under the caller's trace (when the call carried one), returning the
 * promise `next` returns, untouched: the span's end is observed beside it, never awaited in its path.
 */
function traced<T>(
  headers: Record<string, unknown>,
  name: string,
  key: string,
  attributes: Record<string, string>,
  next: () => Promise<T>,
): Promise<T> {
  const parent = carrierOf(headers);
  if (!parent) return next();
  const [, traceId, , flags] = TRACEPARENT.exec(parent.traceparent!)!;
  const { runId, workflowId } = workflowInfo();
  const spanId = spanIdOf(`${runId}/${key}`);
  workflowTracing.started({
    spanId,
    parent,
    name,
    attributes: { temporalWorkflowId: workflowId, ...attributes },
  });
  const own: Carrier = { ...parent, traceparent: `00-${traceId}-${spanId}-${flags}` };
  const result = current.run(own, next);
  result.then(
    () => workflowTracing.ended(spanId),
    (err: unknown) => workflowTracing.ended(spanId, err instanceof Error ? err.message : String(err)),
  );
  return result;
}

/** Headers with the current span's context, for a command the workflow issues now. */
function withContext<H extends Record<string, unknown>>(headers: H): H {
  const carrier = current.getStore();
  return carrier ? { ...headers, [TRACE_HEADER]: defaultPayloadConverter.toPayload(carrier) } : headers;
}

export const interceptors = (): WorkflowInterceptors => ({
  inbound: [
    {
      execute: (input, next) =>
        traced(input.headers, `RunWorkflow:${workflowInfo().workflowType}`, 'run', {}, () => next(input)),
      handleUpdate: (input, next) =>
        traced(
          input.headers,
          `HandleUpdate:${input.name}`,
          `update/${input.updateId}`,
          { temporalUpdateId: input.updateId },
          () => next(input),
        ),
      handleSignal: (input, next) =>
        traced(input.headers, `HandleSignal:${input.signalName}`, `signal/${nextSignal()}`, {}, () =>
          next(input),
        ),
    },
  ],
  outbound: [
    {
      scheduleActivity: (input, next) => next({ ...input, headers: withContext(input.headers) }),
      scheduleLocalActivity: (input, next) => next({ ...input, headers: withContext(input.headers) }),
      startChildWorkflowExecution: (input, next) => next({ ...input, headers: withContext(input.headers) }),
      signalWorkflow: (input, next) => next({ ...input, headers: withContext(input.headers) }),
      continueAsNew: (input, next) => next({ ...input, headers: withContext(input.headers) }),
    },
  ],
  internals: [
    {
      dispose: (input, next) => {
        try {
          signalsSeen.delete(workflowInfo().runId);
        } finally {
          next(input);
        }
      },
    },
  ],
});
