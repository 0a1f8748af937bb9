/**
 * caseflow's Temporal Schedules, written by the worker at start (worker/start-worker.ts): the daily retention
 * purge (issue 16) now, the triage model's retraining (issue 17) next. Each is created when missing and
 * brought up to date when it exists, so a changed setting (CASEFLOW_RETENTION) takes effect at the next
 * worker start, and several workers starting at once all end with the same schedule.
 */
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleSpec,
} from '@temporalio/client';
import type { RetentionArgs } from '../workflows/retention.workflow';
import type { TriageTrainingArgs } from '../workflows/triage-training.workflow';

export interface ScheduleSettings {
  scheduleId: string;
  /** When it fires (Temporal's calendars are UTC unless they name a time zone). */
  spec: ScheduleSpec;
  /** The workflow it starts, by name (the worker bundles the workflows; this process need not import them). */
  workflowType: string;
  args: unknown[];
  taskQueue: string;
  /** The started workflow's id prefix (Temporal appends the scheduled time); default: the schedule id. */
  workflowId?: string;
  /** What the schedule's note says in the UI and `temporal schedule describe`. */
  note?: string;
}

/** What ensureSchedule did. */
export type ScheduleWrite = 'created' | 'updated';

/**
 * Creates the schedule, or updates it when it exists: its times, workflow, arguments and task queue become
 * these, its overlap policy SKIP (a run still going when the next is due is not doubled); whether it is
 * paused (an operator's `temporal schedule toggle --pause`) stays as it was.
 */
export async function ensureSchedule(client: Client, settings: ScheduleSettings): Promise<ScheduleWrite> {
  const action = {
    type: 'startWorkflow' as const,
    workflowType: settings.workflowType,
    args: settings.args,
    taskQueue: settings.taskQueue,
    workflowId: settings.workflowId ?? settings.scheduleId,
  };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP };
  // Twice at most: a schedule deleted between our create and update is created on the second turn.
  for (let turn = 0; ; turn++) {
    try {
      await client.schedule.create({
        scheduleId: settings.scheduleId,
        spec: settings.spec,
        action,
        policies,
        ...(settings.note ? { state: { note: settings.note } } : {}),
      });
      return 'created';
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
    try {
      await client.schedule.getHandle(settings.scheduleId).update((current) => ({
        ...current,
        spec: settings.spec,
        action,
        policies: { ...current.policies, ...policies },
      }));
      return 'updated';
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError) || turn > 0) throw err;
    }
  }
}

/** The retention purge's schedule id (docs/privacy.md: `temporal schedule trigger --schedule-id …`). */
export const RETENTION_SCHEDULE_ID = 'caseflow-retention';

/**
 * The retention purge's schedule: daily at 03:00 UTC, the retention workflow with CASEFLOW_RETENTION in
 * seconds, on the worker's task queue.
 */
export function retentionSchedule(retentionSeconds: number, taskQueue: string): ScheduleSettings {
  const args: [RetentionArgs] = [{ retentionSeconds }];
  return {
    scheduleId: RETENTION_SCHEDULE_ID,
    spec: { calendars: [{ hour: 3, minute: 0, comment: 'daily at 03:00 UTC' }] },
    workflowType: 'retentionWorkflow',
    args,
    taskQueue,
    note: 'caseflow: purges cases finished longer ago than CASEFLOW_RETENTION (docs/privacy.md)',
  };
}

/** The triage model's retraining schedule id (docs/triage.md: `temporal schedule trigger --schedule-id …`). */
export const TRIAGE_TRAINING_SCHEDULE_ID = 'caseflow-triage-training';

/**
 * The triage model's retraining (issue 17): daily at 03:30 UTC, after the retention purge, so cases purged
 * that night are no longer learnt from; the training workflow for these templates, on the worker's queue.
 */
export function triageTrainingSchedule(
  taskQueue: string,
  templates: readonly string[] = ['customer-issue'],
): ScheduleSettings {
  const args: [TriageTrainingArgs] = [{ templates: [...templates] }];
  return {
    scheduleId: TRIAGE_TRAINING_SCHEDULE_ID,
    spec: { calendars: [{ hour: 3, minute: 30, comment: 'daily at 03:30 UTC' }] },
    workflowType: 'triageTrainingWorkflow',
    args,
    taskQueue,
    note: 'caseflow: retrains the learned triage model on recorded cases (docs/triage.md)',
  };
}
