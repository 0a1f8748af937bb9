/**
 * The first import of api/main.ts: tracing (telemetry/) starts before anything else is loaded, so
 * its instrumentations patch http, express and pg as they load. Off, and nothing loaded, unless an OTLP
 * endpoint is set in OTEL_* (docs/operations.md, "Tracing").
 */
import { startProcessTracing } from '../telemetry/process';

/** The tracing of the API, or undefined when off. */
export const tracing = startProcessTracing('caseflow-api');
