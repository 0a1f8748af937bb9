import type { PayloadCodec } from '@temporalio/common';
import { NativeConnection, Worker, type RuntimeOptions, type WorkerOptions } from '@temporalio/worker';
import type { CaseActivities, MigrationActivities } from '../activities/types';
import { sharedWorkflowModules } from '../workflows/shared-modules';

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: CaseActivities & MigrationActivities;
  /** A pre-built bundle (tests bundle once per run); otherwise workflows/ is bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Encrypts payloads (codec/); runs in the worker's main thread, outside the workflow sandbox. */
  payloadCodecs?: PayloadCodec[];
  /** Lower it in tests to force continue-as-new and replays. */
  maxCachedWorkflows?: number;
  /** With tracing on (telemetry/): the activity interceptors, the workflow span sink and interceptors' module. */
  tracing?: Pick<WorkerOptions, 'interceptors' | 'sinks'>;
}

/** The worker that runs case and migration workflows and their activities on the caseflow task queue. */
export async function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: { ...options.activities },
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : {
          workflowsPath: require.resolve('../workflows'),
          bundlerOptions: { preloadModules: sharedWorkflowModules(require.resolve('../workflows')) },
        }),
    ...(options.payloadCodecs?.length ? { dataConverter: { payloadCodecs: options.payloadCodecs } } : {}),
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    ...(options.tracing ?? {}),
    // Let in-flight activities (projections) finish on shutdown rather than be cancelled mid-write.
    shutdownGraceTime: '10s',
  });
}

/**
 * Runtime options that export the Temporal SDK's own metrics (workflow and activity task latencies,
 * schedule-to-start, sticky cache, poller counts…) for Prometheus on `address` (`host:port`, served at
 * /metrics by the SDK's core). Pass to Runtime.install, once per process, before any worker starts.
 */
export function sdkMetricsTelemetry(address: string | undefined): Pick<RuntimeOptions, 'telemetryOptions'> {
  if (!address) return {};
  return {
    telemetryOptions: {
      metrics: {
        prometheus: { bindAddress: address, countersTotalSuffix: true, useSecondsForDurations: true },
      },
    },
  };
}
