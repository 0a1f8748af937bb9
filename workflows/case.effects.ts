/**
 * The Temporal side of three engine commands that need more than a one-line activity call: business calls
 * with the step's own retry policy, search attributes, and telling the customer workflow a case closed.
 */
import {
  getExternalWorkflowHandle,
  proxyActivities,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { BusinessCallResult, CaseActivities } from '../activities/types';
import type { CaseCommand, CaseSearchAttributes, CaseState } from './engine/types';
import { caseClosedSignal } from './messages';
import {
  CaseCategoryKey,
  CaseCustomerKey,
  CaseDepartmentKey,
  CasePriorityKey,
  CaseStatusKey,
  CaseTemplateKey,
  CaseTemplateVersionKey,
} from './search-attributes';

/** Business failures the activity reports as non-retryable (e.g. a 4xx) stop the retries at once. */
export function callActivity(command: Extract<CaseCommand, { kind: 'call' }>): Promise<BusinessCallResult> {
  const { retry } = command;
  const { callBusinessSystem } = proxyActivities<CaseActivities>({
    // The activity's own HTTP timeout plus a margin for the outbox write around it.
    startToCloseTimeout: command.request.timeoutMs + 5_000,
    retry: {
      maximumAttempts: retry.maxAttempts,
      initialInterval: retry.initialIntervalMs,
      backoffCoefficient: retry.backoffCoefficient,
      maximumInterval: retry.maximumIntervalMs,
    },
  });
  return callBusinessSystem(command.request);
}

export function upsertCaseSearchAttributes(attributes: CaseSearchAttributes): void {
  const pairs: SearchAttributeUpdatePair[] = [
    { key: CaseStatusKey, value: attributes.status },
    { key: CasePriorityKey, value: attributes.priority ?? null },
    { key: CaseCategoryKey, value: attributes.category ?? null },
    { key: CaseDepartmentKey, value: attributes.department ?? null },
    { key: CaseTemplateKey, value: attributes.template },
    { key: CaseTemplateVersionKey, value: attributes.version },
    { key: CaseCustomerKey, value: attributes.customer },
  ];
  upsertSearchAttributes(pairs);
}

/**
 * A case started by the customer workflow tells it when it ends, so the next contact opens a new case.
 * Addressed by workflow id only: the customer workflow may have continued as new since.
 */
export async function notifyParentOfClose(state: CaseState): Promise<void> {
  const parent = workflowInfo().parent;
  if (parent === undefined) return;
  try {
    await getExternalWorkflowHandle(parent.workflowId).signal(caseClosedSignal, {
      caseId: state.caseId,
      status: state.status,
    });
  } catch {
    // The customer workflow is gone (closed or reset): nothing waits for this case any more.
  }
}
