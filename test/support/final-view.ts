/**
 * A finished case's final view. Since issue 13 a case returns only its status and revision (the whole view
 * was recorded in its history again); the view is its state's, which the caseState query answers from a
 * closed run too (a worker replays it). A run of older code returned the view itself.
 */
import type { Client } from '@temporalio/client';
import { caseStateQuery, caseWorkflowId, isCaseView, type CaseView } from '../../workflows/messages';

export async function finalCaseView(client: Client, caseId: string): Promise<CaseView> {
  const handle = client.workflow.getHandle(caseWorkflowId(caseId));
  const result: unknown = await handle.result();
  return isCaseView(result) ? result : handle.query(caseStateQuery);
}
