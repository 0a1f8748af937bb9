/**
 * Temporal's answers as HTTP problems, for routes that call Temporal themselves: the meaning of an answer is
 * the use cases' (cases/temporal-outcome.ts), the status and body api/case-problem.ts's.
 */
import { CaseError } from '../cases/case-error';
import { caseCannotAnswer, caseErrorFromTemporal, isCaseQueryFailure } from '../cases/temporal-outcome';
import { problemOf } from './case-problem';
import { HttpProblem } from './problem';

/**
 * Turns what Temporal answered into an HTTP problem: a rejected update carries the workflow's reason and
 * type (409/422/403/404); a finished case no longer takes updates (409); an unknown case is 404. Anything
 * else is returned as it is.
 */
export function problemFromTemporal(err: unknown, caseId: string): unknown {
  const outcome = caseErrorFromTemporal(err, caseId);
  return outcome instanceof CaseError ? problemOf(outcome) : outcome;
}

/**
 * A case's state query that failed for no fault of the client's: the case cannot answer right now
 * (cases/temporal-outcome.ts caseCannotAnswer). 503 with Retry-After, like a busy Temporal
 * (RESOURCE_EXHAUSTED, which the error handler answers 503 through api/unavailable.ts).
 */
export class CaseQueryFailed extends HttpProblem {
  constructor(
    caseId: string,
    readonly reason: unknown,
  ) {
    const problem = problemOf(caseCannotAnswer(caseId, reason));
    super(problem.status, problem.title, problem.detail, problem.extra);
  }
}

/** problemFromTemporal for the answer of a query: failures of the case itself become CaseQueryFailed. */
export function problemFromQuery(err: unknown, caseId: string): unknown {
  if (isCaseQueryFailure(err)) return new CaseQueryFailed(caseId, err);
  return problemFromTemporal(err, caseId);
}
