/**
 * The `quality` section on the real server: with a sample of 100%, every closed case opens a quality
 * review task, and the case's workflow ends once the review is done.
 */
import { writeFastStandardTemplate } from '../support/fast-template';
import { finalCaseView } from '../support/final-view';
import { apiAs, eventually, useTestSystem } from '../support/system';

const system = useTestSystem({ files: [writeFastStandardTemplate(2, '100%')] });

it('samples a closed case into a quality review and ends when it is done', async () => {
  const opened = await apiAs(system.url, 'dev-intake').post('/cases', {
    channel: 'web',
    customer: { id: 'cu-quality' },
    subject: 'How do I reset my password?',
  });
  const caseId: string = opened.body.id;
  const triage = await eventually(async () => {
    const inbox = await apiAs(system.url, 'dev-frontline').get('/tasks?department=frontline');
    return inbox.body.items.find((t: { caseId: string }) => t.caseId === caseId);
  }, 'the triage task');
  await apiAs(system.url, 'dev-frontline').post(`/tasks/${triage.id}/complete`, {
    outcome: 'resolved',
    form: { resolution: 'sent the reset link' },
  });
  // The survey times out after 2 s, the case closes, and quality gets its review.
  const review = await eventually(async () => {
    const inbox = await apiAs(system.url, 'dev-quality').get('/tasks?department=quality&status=open');
    return inbox.body.items.find((t: { caseId: string }) => t.caseId === caseId);
  }, 'the quality review task');
  expect(review.outcomes).toEqual(['pass', 'coach']);
  const done = await apiAs(system.url, 'dev-quality').post(`/tasks/${review.id}/complete`, {
    outcome: 'pass',
  });
  expect(done.status).toBe(200);
  const final = await finalCaseView(system.client, caseId);
  expect(final.status).toBe('resolved');
});
