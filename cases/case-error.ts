/**
 * The one error the use cases (cases/, tasks/, audit/) throw for an outcome the caller can act on. It says
 * what went wrong in domain terms; the API turns it into problem+json (api/case-problem.ts) and the CLI into
 * a message and an exit code. Anything else a use case throws is a fault or an outage (Temporal or
 * PostgreSQL unreachable), which the caller answers as it always does.
 */

/**
 * - `malformed`: the input does not fit (the case attributes against the template's input): 400;
 * - `invalid`: the input names something unusable (a template version, an outcome, a department): 422;
 * - `forbidden`: the principal may not do this: 403;
 * - `not-found`: no such case or task, or one the principal may not see: 404;
 * - `conflict`: the case or task is not in a state that allows this: 409;
 * - `unavailable`: the case cannot answer right now, retry after `retryAfterSeconds`: 503.
 */
export type CaseErrorKind = 'malformed' | 'invalid' | 'forbidden' | 'not-found' | 'conflict' | 'unavailable';

/** An input field an error is about, named as the API names request fields (`body.version`). */
export interface FieldError {
  field: string;
  message: string;
}

export interface CaseErrorDetails {
  /** The fields at fault. */
  errors?: FieldError[];
  /** A refusal with a name of its own, for clients that tell it apart (a customer refused at intake). */
  code?: 'blocklisted';
  /** For `unavailable`: when to try again. */
  retryAfterSeconds?: number;
  /** What the use case caught (a Temporal error), for the log. */
  cause?: unknown;
}

export class CaseError extends Error {
  constructor(
    readonly kind: CaseErrorKind,
    message: string,
    readonly details: CaseErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'CaseError';
  }
}

/** No case of that id, or one the principal may not see (a 404 does not reveal that others exist). */
export const caseNotFound = (id: string): CaseError => new CaseError('not-found', `No case ${id}.`);
