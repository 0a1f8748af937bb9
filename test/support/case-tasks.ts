/**
 * Finding a case's work through the API, as integration tests walk a case: the open (or claimed) task of a
 * step, once the case has opened it. Cases move asynchronously (the workflow, then its projection), so the
 * read is retried until it appears.
 */
import type { TaskView } from '../../contract';
import { eventually } from './eventually';
import { apiAs } from './system';

/** The active task of `step` in the case, read by `token` (an admin by default) once the case has it. */
export function openTaskAt(
  url: string,
  caseId: string,
  step: string,
  token = 'dev-admin',
): Promise<TaskView> {
  return eventually(async () => {
    const view = await apiAs(url, token).get(`/cases/${caseId}`);
    return (view.body.tasks as TaskView[] | undefined)?.find(
      (t) => t.step === step && (t.status === 'open' || t.status === 'claimed'),
    );
  }, `the ${step} task of case ${caseId}`);
}
