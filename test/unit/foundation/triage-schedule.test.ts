/** The triage model's daily retraining (issue 17): the schedule names the workflow the worker registers. */
import * as workflows from '../../../workflows';
import { TRIAGE_TRAINING_SCHEDULE_ID, triageTrainingSchedule } from '../../../worker/schedules';

test('starts the registered training workflow daily at 03:30 UTC, after the purge, for customer-issue', () => {
  const schedule = triageTrainingSchedule('caseflow');
  expect(schedule).toMatchObject({
    scheduleId: 'caseflow-triage-training',
    workflowType: 'triageTrainingWorkflow',
    taskQueue: 'caseflow',
    args: [{ templates: ['customer-issue'] }],
    spec: { calendars: [{ hour: 3, minute: 30 }] },
  });
  expect(TRIAGE_TRAINING_SCHEDULE_ID).toBe(schedule.scheduleId);
  expect(Object.keys(workflows)).toContain(schedule.workflowType);
});
