/**
 * What a Temporal answer means for a use case on a case: a rejected update carries the workflow's reason and
 * type, a finished case takes no more changes, an unknown case is not found, and a case that cannot answer
 * its state query is unavailable for a moment. Anything else (Temporal unreachable or busy, a fault) is
 * returned as it is, for the caller's error handler (the API answers an outage 503, api/unavailable.ts).
 */
import {
  QueryNotRegisteredError,
  QueryRejectedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { CaseErrorTypes } from '../workflows/messages';
import { CaseError, caseNotFound, type CaseErrorKind } from './case-error';

/** gRPC status NOT_FOUND, as Temporal's frontend answers for unknown or finished executions. */
const GRPC_NOT_FOUND = 5;
/** gRPC status FAILED_PRECONDITION: Temporal's WorkflowNotReady (no workflow task yet, or one failing). */
const GRPC_FAILED_PRECONDITION = 9;
/** How long a client waits before asking a case that could not answer again. */
const QUERY_RETRY_AFTER_SECONDS = 2;

const kindOfType: Record<string, CaseErrorKind> = {
  [CaseErrorTypes.Conflict]: 'conflict',
  [CaseErrorTypes.Invalid]: 'invalid',
  [CaseErrorTypes.Forbidden]: 'forbidden',
  [CaseErrorTypes.NotFound]: 'not-found',
};

/**
 * The CaseError for what Temporal answered a start, signal or update on case `caseId`, or `err` itself when
 * it is none of the case's outcomes. A refusal that names a request field (a reassign's assignee or
 * department) keeps it, as `body.<field>`.
 */
export function caseErrorFromTemporal(err: unknown, caseId: string): unknown {
  if (err instanceof WorkflowNotFoundError) return caseNotFound(caseId);
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const kind = err.cause.type ? kindOfType[err.cause.type] : undefined;
    // A failure of a type the case does not use is invalid input, without fields.
    if (!kind) return new CaseError('invalid', err.cause.message);
    const field = (err.cause.details?.[0] as { field?: unknown } | undefined)?.field;
    const errors =
      typeof field === 'string'
        ? [{ field: `body.${field}`, message: err.cause.message }]
        : kind === 'invalid'
          ? formIssues(err.cause.message)
          : undefined;
    return new CaseError(kind, err.cause.message, errors ? { errors } : {});
  }
  if (isGrpc(err, GRPC_NOT_FOUND)) {
    const finished = /completed|closed|finished/i.test(err.message);
    return finished
      ? new CaseError('conflict', `Case ${caseId} is finished and takes no more changes.`)
      : caseNotFound(caseId);
  }
  return err;
}

/**
 * The fields of a refused form, one issue each (`body.form.<field>`), read from the engine's refusal
 * `form: <field>: <problem>; …` (workflows/engine/steps/task.ts, definitions/field-values.ts formProblems),
 * so a client shows each problem next to its field. Read from the message rather than sent as failure
 * details, so the workflow code, and the histories it replays, stay as they are.
 */
export function formIssues(message: string): Array<{ field: string; message: string }> | undefined {
  if (!message.startsWith('form: ')) return undefined;
  const issues = message
    .slice('form: '.length)
    .split('; ')
    .map((part) => /^([^:\s]+): (.+)$/s.exec(part))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ field: `body.form.${m[1]}`, message: m[2]! }));
  return issues.length ? issues : undefined;
}

/**
 * A case's state query that failed for no fault of the caller's: the case cannot answer right now. Temporal
 * answers WorkflowNotReady (FAILED_PRECONDITION) while a run has no completed workflow task or its task
 * keeps failing, and a query the worker failed arrives as QueryNotRegisteredError (INVALID_ARGUMENT)
 * although the case workflow always registers it.
 */
export function caseCannotAnswer(caseId: string, reason: unknown): CaseError {
  return new CaseError('unavailable', `Case ${caseId} cannot answer right now; retry shortly.`, {
    retryAfterSeconds: QUERY_RETRY_AFTER_SECONDS,
    cause: reason,
  });
}

/** Whether the query failed because the case itself could not answer (see caseCannotAnswer). */
export function isCaseQueryFailure(err: unknown): boolean {
  return (
    err instanceof QueryNotRegisteredError ||
    err instanceof QueryRejectedError ||
    causedByGrpc(err, GRPC_FAILED_PRECONDITION)
  );
}

/** caseErrorFromTemporal for the answer of a state query: failures of the case itself are `unavailable`. */
export function caseErrorFromQuery(err: unknown, caseId: string): unknown {
  if (isCaseQueryFailure(err)) return caseCannotAnswer(caseId, err);
  return caseErrorFromTemporal(err, caseId);
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
