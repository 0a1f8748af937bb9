/**
 * Is tracing on, and as which service? Read from the OpenTelemetry specification's own environment
 * variables (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/), so an
 * operator sets caseflow up like any other traced service. Pure: it loads nothing of OpenTelemetry.
 */

/** What a process traces with; undefined from tracingSettings() means tracing is off. */
export interface TracingSettings {
  /** service.name of its spans: OTEL_SERVICE_NAME, else the process's own default. */
  serviceName: string;
  /** Where spans go (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces). */
  endpoint: string;
}

/** A tracing variable set to something caseflow cannot honour: `name` and why, for one line. */
export class TracingSettingError extends Error {
  constructor(
    readonly setting: string,
    reason: string,
  ) {
    super(`${setting}: ${reason}`);
  }
}

const set = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * Tracing is on when an OTLP endpoint is set and neither OTEL_SDK_DISABLED=true nor OTEL_TRACES_EXPORTER=none
 * turns it off. With no OTEL_* variable at all it is off, and nothing of OpenTelemetry is loaded.
 * caseflow exports over OTLP/HTTP with protobuf (the specification's default protocol) only; another
 * exporter or protocol is refused at start rather than silently ignored.
 */
export function tracingSettings(
  env: NodeJS.ProcessEnv,
  defaultServiceName: string,
): TracingSettings | undefined {
  if (set(env.OTEL_SDK_DISABLED)?.toLowerCase() === 'true') return undefined;
  const exporters = (set(env.OTEL_TRACES_EXPORTER) ?? 'otlp').split(',').map((e) => e.trim().toLowerCase());
  if (exporters.includes('none')) return undefined;
  const tracesEndpoint = set(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const baseEndpoint = set(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (!tracesEndpoint && !baseEndpoint) return undefined;

  const unsupported = exporters.filter((e) => e !== 'otlp');
  if (unsupported.length > 0)
    throw new TracingSettingError(
      'OTEL_TRACES_EXPORTER',
      `${unsupported.join(',')} is not supported (otlp or none)`,
    );
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL'] as const) {
    const protocol = set(env[name]);
    if (protocol && protocol !== 'http/protobuf')
      throw new TracingSettingError(name, `${protocol} is not supported (caseflow exports http/protobuf)`);
  }
  // The specification: the per-signal variable is used as is; the base one gets the signal's path.
  const endpoint = tracesEndpoint ?? `${baseEndpoint!.replace(/\/+$/, '')}/v1/traces`;
  if (!isHttpUrl(endpoint))
    throw new TracingSettingError(
      tracesEndpoint ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT',
      `${tracesEndpoint ?? baseEndpoint} is not an http(s) URL (e.g. http://collector:4318)`,
    );
  return { serviceName: set(env.OTEL_SERVICE_NAME) ?? defaultServiceName, endpoint };
}
