/**
 * The Temporal SDK's OpenTelemetry interceptors (@temporalio/interceptors-opentelemetry): the client's
 * start, signal and update calls put the current trace into the request's headers, and the activity's span
 * continues the trace its headers carry and is the parent of its SQL. In between, caseflow's own workflow
 * interceptors (telemetry/workflow-interceptors.ts) carry the trace through the workflow.
 */
import type { ClientInterceptors } from '@temporalio/client';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { Resource } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { WorkerOptions } from '@temporalio/worker';
import { workflowSpanSinks } from './workflow-spans';

/**
 * The workflow interceptors' module, bundled into the workflow code when tracing is on: caseflow's own,
 * not the package's, which would break the replay of cases recorded without it (see that module).
 */
export const workflowInterceptorsModule = require.resolve('./workflow-interceptors');

export interface TemporalTracing {
  /** For `new Client({ interceptors })`: the API's client. */
  clientInterceptors: () => ClientInterceptors;
  /** For Worker.create: the activity interceptors, the workflow interceptors' module and the span sink. */
  workerOptions: () => Required<Pick<WorkerOptions, 'interceptors' | 'sinks'>>;
}

export function temporalTracing(processor: SpanProcessor, resource: Resource): TemporalTracing {
  return {
    clientInterceptors: () => ({ workflow: [new OpenTelemetryWorkflowClientInterceptor()] }),
    workerOptions: () => ({
      interceptors: {
        activity: [
          (ctx) => ({
            inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
            outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
          }),
        ],
        workflowModules: [workflowInterceptorsModule],
      },
      sinks: workflowSpanSinks(processor, resource),
    }),
  };
}
