/**
 * The retention purge's activity (workflows/retention.workflow.ts): one batch of db/retention.ts. The
 * retention comes from the schedule's arguments (CASEFLOW_RETENTION at the worker's start), so a purge
 * started by hand (`temporal schedule trigger`) uses the setting the schedule was last written with.
 */
import type { Pool } from 'pg';
import { purgeExpiredCases } from '../db/retention';
import type { RetentionActivities } from './types';

export function retentionActivities(pool: Pool): RetentionActivities {
  return {
    purgeExpiredCases: ({ retentionSeconds }) => purgeExpiredCases(pool, retentionSeconds),
  };
}
