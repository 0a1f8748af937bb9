/**
 * The OpenTelemetry SDK of a caseflow process, started only when tracing is on (telemetry/process.ts
 * loads this file then, and never otherwise): a tracer provider whose spans are batched to the OTLP/HTTP
 * exporter, the http, express and pg instrumentations, and the Temporal interceptors that carry a trace
 * from the API's request through the workflow to the activity's SQL.
 */
import { DiagConsoleLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { TracingSettings } from './settings';
import { temporalTracing, type TemporalTracing } from './temporal';

/** A started SDK: the Temporal interceptors to give the client and the worker, and shutdown(). */
export interface Tracing extends TemporalTracing {
  settings: TracingSettings;
  /** Exports the spans still buffered, then stops; call once, after the worker and the API stopped. */
  shutdown: () => Promise<void>;
}

/** Probes and scrapes would be most of the traces and say nothing about where a case's time goes. */
const untracedPaths = new Set(['/health', '/ready', '/metrics']);

/** OTEL_LOG_LEVEL (the specification's name): the SDK's own complaints, e.g. a collector that refuses. */
function sdkLogLevel(level: string | undefined): DiagLogLevel | undefined {
  const levels: Record<string, DiagLogLevel> = {
    error: DiagLogLevel.ERROR,
    warn: DiagLogLevel.WARN,
    info: DiagLogLevel.INFO,
    debug: DiagLogLevel.DEBUG,
    verbose: DiagLogLevel.VERBOSE,
    all: DiagLogLevel.ALL,
  };
  return level ? levels[level.trim().toLowerCase()] : undefined;
}

/**
 * Starts the SDK and registers it globally. Must run before express and pg are first required: the
 * instrumentations patch them as they load (the entry points import their tracing module first).
 */
export function startTracing(settings: TracingSettings, env: NodeJS.ProcessEnv = process.env): Tracing {
  const logLevel = sdkLogLevel(env.OTEL_LOG_LEVEL);
  if (logLevel !== undefined) diag.setLogger(new DiagConsoleLogger(), logLevel);
  // The process's default name, overridden by OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (envDetector).
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': settings.serviceName }))
    .merge(detectResources({ detectors: [envDetector] }));
  // The exporter reads the endpoint, headers, timeout and compression from OTEL_EXPORTER_OTLP_*.
  const processor = new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  const disableInstrumentations = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => untracedPaths.has((request.url ?? '').split('?')[0] ?? ''),
      }),
      // The route's handler only: a span for each of the app's dozen middleware layers (helmet, the body
      // parsers, auth, the rate limit…) would be most of every request's spans, each a fraction of a ms.
      // The request's span is still named by its route (`POST /cases`), which this instrumentation sets.
      new ExpressInstrumentation({
        ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER],
      }),
      new PgInstrumentation(),
    ],
  });
  let stopped: Promise<void> | undefined;
  return {
    settings,
    ...temporalTracing(processor, resource),
    shutdown: () => {
      stopped ??= (async () => {
        disableInstrumentations();
        await provider.shutdown();
      })();
      return stopped;
    },
  };
}
