/**
 * The first import of stack/start.ts: tracing (telemetry/) starts before anything else is loaded, so
 * its instrumentations patch http, express and pg as they load. Off, and nothing loaded, unless an OTLP
 * endpoint is set in OTEL_* (docs/operations.md, "Tracing").
 */
import { startProcessTracing } from '../telemetry/process';

/** The tracing of `npm start` (worker and API in one process), or undefined when off. */
export const tracing = startProcessTracing('caseflow');
