/**
 * The use cases' errors (cases/case-error.ts) as HTTP problems: the status and title of each kind, the
 * fields at fault as `errors`, a named refusal as the problem `type`, Retry-After for a case that cannot
 * answer. Mounted before the problem handler, so a route lets a CaseError pass as it is.
 */
import type { ErrorRequestHandler } from 'express';
import { CaseError, type CaseErrorKind } from '../cases/case-error';
import { HttpProblem } from './problem';

const statusOf: Record<CaseErrorKind, [number, string]> = {
  malformed: [400, 'Bad Request'],
  forbidden: [403, 'Forbidden'],
  'not-found': [404, 'Not Found'],
  conflict: [409, 'Conflict'],
  invalid: [422, 'Unprocessable Content'],
  unavailable: [503, 'Service Unavailable'],
};

const typeOfCode = { blocklisted: 'https://caseflow.dev/problems/blocklisted' } as const;

/** The problem+json answer to a use case's error. */
export function problemOf(error: CaseError): HttpProblem {
  const [status, title] = statusOf[error.kind];
  const { errors, code, retryAfterSeconds } = error.details;
  return new HttpProblem(status, title, error.message, {
    ...(errors ? { errors } : {}),
    ...(code ? { type: typeOfCode[code] } : {}),
    ...(retryAfterSeconds !== undefined ? { headers: { 'Retry-After': String(retryAfterSeconds) } } : {}),
  });
}

/** Error middleware: a CaseError goes on as its HttpProblem, anything else as it is. */
export const caseProblems: ErrorRequestHandler = (err: unknown, _req, _res, next) => {
  next(err instanceof CaseError ? problemOf(err) : err);
};
