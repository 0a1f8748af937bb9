/**
 * When tracing is on (telemetry/settings.ts): only with an OTLP endpoint in the specification's OTEL_*
 * variables; and with it off, the OpenTelemetry SDK is not even loaded (telemetry/process.ts).
 */
import { TracingSettingError, tracingSettings } from '../../../telemetry/settings';

const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };

describe('tracingSettings', () => {
  it('is off with no OTEL_* variable', () => {
    expect(tracingSettings({}, 'caseflow-api')).toBeUndefined();
    expect(
      tracingSettings({ OTEL_SERVICE_NAME: 'x', OTEL_TRACES_EXPORTER: 'otlp' }, 'caseflow-api'),
    ).toBeUndefined();
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }, 'caseflow-api')).toBeUndefined();
  });

  it('is on with an endpoint: the base one gets /v1/traces, the traces one is used as it is', () => {
    expect(tracingSettings(endpoint, 'caseflow-api')).toEqual({
      serviceName: 'caseflow-api',
      endpoint: 'http://collector:4318/v1/traces',
    });
    expect(
      tracingSettings(
        {
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otlp.example/ingest',
          OTEL_SERVICE_NAME: 'support-api',
        },
        'caseflow-api',
      ),
    ).toEqual({ serviceName: 'support-api', endpoint: 'https://otlp.example/ingest' });
  });

  it('is off when OTEL_TRACES_EXPORTER=none or OTEL_SDK_DISABLED=true, endpoint or not', () => {
    expect(tracingSettings({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' }, 'caseflow-worker')).toBeUndefined();
    expect(tracingSettings({ ...endpoint, OTEL_SDK_DISABLED: 'true' }, 'caseflow-worker')).toBeUndefined();
    expect(tracingSettings({ ...endpoint, OTEL_SDK_DISABLED: 'false' }, 'caseflow-worker')).toBeDefined();
  });

  it('refuses an exporter or protocol it cannot honour, naming the variable', () => {
    const refused = (env: NodeJS.ProcessEnv) => {
      try {
        tracingSettings({ ...endpoint, ...env }, 'caseflow-api');
      } catch (err) {
        return err instanceof TracingSettingError ? err.message : err;
      }
      return undefined;
    };
    expect(refused({ OTEL_TRACES_EXPORTER: 'zipkin' })).toBe(
      'OTEL_TRACES_EXPORTER: zipkin is not supported (otlp or none)',
    );
    expect(refused({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toBe(
      'OTEL_EXPORTER_OTLP_PROTOCOL: grpc is not supported (caseflow exports http/protobuf)',
    );
    expect(refused({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toMatch(
      /^OTEL_EXPORTER_OTLP_ENDPOINT: .* is not an http\(s\) URL/,
    );
    expect(refused({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' })).toBeUndefined();
  });
});

describe('startProcessTracing', () => {
  afterEach(() => jest.resetModules());

  /** The SDK module stands in for one that fails as it loads: loading it at all is what is checked. */
  const withSdkLoadingRefused = () =>
    jest.doMock('../../../telemetry/tracing', () => {
      throw new Error('the OpenTelemetry SDK was loaded');
    });

  it('with no OTEL_* variable, loads nothing of OpenTelemetry and returns no tracing', () => {
    withSdkLoadingRefused();
    const { startProcessTracing } = jest.requireActual<typeof import('../../../telemetry/process')>(
      '../../../telemetry/process',
    );
    expect(startProcessTracing('caseflow-api', {})).toBeUndefined();
    expect(
      startProcessTracing('caseflow-api', { ...endpoint, OTEL_TRACES_EXPORTER: 'none' }),
    ).toBeUndefined();
  });

  it('with an endpoint, loads the SDK (the check above would have seen it)', () => {
    withSdkLoadingRefused();
    const { startProcessTracing } = jest.requireActual<typeof import('../../../telemetry/process')>(
      '../../../telemetry/process',
    );
    expect(() => startProcessTracing('caseflow-api', endpoint)).toThrow('the OpenTelemetry SDK was loaded');
  });
});
