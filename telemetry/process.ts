/**
 * Tracing for one process, started by its entry point before anything else is loaded. With tracing off
 * (no OTLP endpoint in OTEL_*) it loads nothing of OpenTelemetry, registers nothing and costs nothing.
 */
import { TracingSettingError, tracingSettings } from './settings';
import type { Tracing } from './tracing';

/**
 * The process's tracing, or undefined when off. A tracing variable set to what caseflow cannot honour
 * stops the process with one line, as a bad caseflow setting does (config/env.ts).
 */
export function startProcessTracing(
  defaultServiceName: string,
  env: NodeJS.ProcessEnv = process.env,
): Tracing | undefined {
  let settings;
  try {
    settings = tracingSettings(env, defaultServiceName);
  } catch (err) {
    if (!(err instanceof TracingSettingError)) throw err;
    console.error(`caseflow: bad setting ${err.message}`);
    process.exit(1);
  }
  if (!settings) return undefined;
  // Loaded here, not imported at the top, so a process without tracing never loads the SDK; and loaded
  // synchronously, so its instrumentations are in place before the entry point's next import.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startTracing } = require('./tracing') as typeof import('./tracing');
  return startTracing(settings, env);
}
