/**
 * The retention purge's schedule and loop (issue 16): the schedule names the workflow the worker registers,
 * with CASEFLOW_RETENTION in seconds, daily at 03:00 UTC; the workflow asks for another batch only while
 * cases are left and the last batch made progress.
 */
import { retentionSeconds } from '../../../config/env';
import * as workflows from '../../../workflows';
import { anotherBatch } from '../../../workflows/retention.workflow';
import { RETENTION_SCHEDULE_ID, retentionSchedule } from '../../../worker/schedules';

describe('the retention schedule', () => {
  test('starts the registered retention workflow daily at 03:00 UTC with the retention in seconds', () => {
    const schedule = retentionSchedule(retentionSeconds('30d'), 'caseflow');
    expect(schedule).toMatchObject({
      scheduleId: RETENTION_SCHEDULE_ID,
      workflowType: 'retentionWorkflow',
      taskQueue: 'caseflow',
      args: [{ retentionSeconds: 2_592_000 }],
      spec: { calendars: [{ hour: 3, minute: 0 }] },
    });
    expect(Object.keys(workflows)).toContain(schedule.workflowType);
    expect(RETENTION_SCHEDULE_ID).toBe('caseflow-retention');
  });
});

describe('the retention loop', () => {
  test.each([
    [{ purged: 500, oldestLeft: '2026-01-01T00:00:00.000Z' }, true],
    [{ purged: 3, oldestLeft: '2026-01-01T00:00:00.000Z' }, true],
    [{ purged: 500 }, false],
    [{ purged: 0, oldestLeft: '2026-01-01T00:00:00.000Z' }, false],
    [{ purged: 0 }, false],
  ])('after %j another batch: %s', (batch, expected) => {
    expect(anotherBatch(batch)).toBe(expected);
  });
});
