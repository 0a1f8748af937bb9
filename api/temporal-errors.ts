import {
  QueryNotRegisteredError,
  QueryRejectedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { CaseErrorTypes } from '../workflows/messages';
import { HttpProblem } from './problem';

/** gRPC status NOT_FOUND, as Temporal's frontend answers for unknown or finished executions. */
const GRPC_NOT_FOUND = 5;
/** gRPC status FAILED_PRECONDITION: Temporal's WorkflowNotReady (no workflow task yet, or one failing). */
const GRPC_FAILED_PRECONDITION = 9;

const statusOfType: Record<string, [number, string]> = {
  [CaseErrorTypes.Conflict]: [409, 'Conflict'],
  [CaseErrorTypes.Invalid]: [422, 'Unprocessable Content'],
  [CaseErrorTypes.Forbidden]: [403, 'Forbidden'],
  [CaseErrorTypes.NotFound]: [404, 'Not Found'],
};

/**
 * Turns what Temporal answered into an HTTP problem: a rejected update carries the workflow's reason and
 * type (409/422/403/404); a finished case no longer takes updates (409); an unknown case is 404.
 */
export function problemFromTemporal(err: unknown, caseId: string): unknown {
  if (err instanceof WorkflowNotFoundError) return new HttpProblem(404, 'Not Found', `No case ${caseId}.`);
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const mapped = err.cause.type ? statusOfType[err.cause.type] : undefined;
    // The workflow names the request field a refusal is about (a reassign's assignee or department).
    const field = (err.cause.details?.[0] as { field?: unknown } | undefined)?.field;
    const errors =
      typeof field === 'string' ? { errors: [{ field: `body.${field}`, message: err.cause.message }] } : {};
    if (mapped) return new HttpProblem(mapped[0], mapped[1], err.cause.message, errors);
    return new HttpProblem(422, 'Unprocessable Content', err.cause.message);
  }
  if (isGrpc(err, GRPC_NOT_FOUND)) {
    const finished = /completed|closed|finished/i.test(err.message);
    return finished
      ? new HttpProblem(409, 'Conflict', `Case ${caseId} is finished and takes no more changes.`)
      : new HttpProblem(404, 'Not Found', `No case ${caseId}.`);
  }
  return err;
}

/**
 * A case's state query that failed for no fault of the client's: the case cannot answer right now. Temporal
 * answers WorkflowNotReady (FAILED_PRECONDITION) while a run has no completed workflow task or its task keeps
 * failing, and a query the worker failed arrives as QueryNotRegisteredError (INVALID_ARGUMENT) although the
 * case workflow always registers it. 503 with Retry-After, like a busy Temporal (RESOURCE_EXHAUSTED, which
 * the error handler answers 503 through api/unavailable.ts).
 */
export class CaseQueryFailed extends HttpProblem {
  constructor(
    caseId: string,
    readonly reason: unknown,
  ) {
    super(503, 'Service Unavailable', `Case ${caseId} cannot answer right now; retry shortly.`, {
      headers: { 'Retry-After': '2' },
    });
  }
}

/** problemFromTemporal for the answer of a query: failures of the case itself become CaseQueryFailed. */
export function problemFromQuery(err: unknown, caseId: string): unknown {
  if (err instanceof QueryNotRegisteredError || err instanceof QueryRejectedError)
    return new CaseQueryFailed(caseId, err);
  if (causedByGrpc(err, GRPC_FAILED_PRECONDITION)) return new CaseQueryFailed(caseId, err);
  return problemFromTemporal(err, caseId);
}

/** The client wraps gRPC errors in a ServiceError whose cause carries the code. */
function causedByGrpc(err: unknown, code: number): boolean {
  for (let cause = err, depth = 0; cause instanceof Error && depth < 5; depth += 1) {
    if (isGrpc(cause, code)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

function isGrpc(err: unknown, code: number): err is Error & { code: number } {
  return err instanceof Error && (err as { code?: unknown }).code === code;
}
