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

/**
 * Upserts the case's search attributes: those that differ from `previous` (what the run last upserted, or
 * carried over from the run before), all of them when nothing was upserted yet. An upsert used to repeat
 * all seven, though template, version and customer never change and a change moves one or two (issue 13:
 * upserts were the second largest share of a case's stored history). Only the command's payload changes,
 * never whether it is issued: Temporal matches a recorded upsert by its type alone, so histories replay.
 */
export function upsertCaseSearchAttributes(
  attributes: CaseSearchAttributes,
  previous?: CaseSearchAttributes,
): void {
  upsertSearchAttributes(searchAttributeChanges(attributes, previous));
}

/** The pairs an upsert sends: those that differ from `previous`; all when there is none, or none differs. */
export function searchAttributeChanges(
  attributes: CaseSearchAttributes,
  previous?: CaseSearchAttributes,
): SearchAttributeUpdatePair[] {
  const pairs = pairsOf(attributes);
  const before = previous === undefined ? undefined : pairsOf(previous);
  const changed = before === undefined ? pairs : pairs.filter((pair, i) => pair.value !== before[i]!.value);
  // The engine asks only when something changed; were nothing to differ, an upsert of all is still right.
  return changed.length > 0 ? changed : pairs;
}

const pairsOf = (attributes: CaseSearchAttributes): SearchAttributeUpdatePair[] => [
  { key: CaseStatusKey, value: attributes.status },
  { key: CasePriorityKey, value: attributes.priority ?? null },
  { key: CaseCategoryKey, value: attributes.category ?? null },
  { key: CaseDepartmentKey, value: attributes.department ?? null },
  { key: CaseTemplateKey, value: attributes.template },
  { key: CaseTemplateVersionKey, value: attributes.version },
  { key: CaseCustomerKey, value: attributes.customer },
];

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
