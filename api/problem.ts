import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { ZodError } from 'zod';
import { isDependencyUnavailable } from './unavailable';

/** A field-level issue of a rejected request, as RFC 9457 extension member `errors`. */
export interface FieldIssue {
  /** Where: `body.customer.id`, `query.limit`, `params.id`. */
  field: string;
  message: string;
}

/** An error a client can act on; becomes an RFC 9457 application/problem+json response. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: {
      errors?: FieldIssue[];
      type?: string;
      headers?: Record<string, string>;
      /** RFC 9457 extension members of this problem (`openCases` of a refused erasure). */
      members?: Record<string, unknown>;
    } = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
  }
}

export function zodIssues(error: ZodError, where: string): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpProblem(404, 'Not Found', `No route ${req.method} ${req.path}.`));
};

/** The one error middleware: every failure leaves as problem+json, and no stack trace leaves the process. */
export function problemHandler(log: (err: unknown, msg: string, req: Request) => void): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    // Too late for a problem document: let express drop the connection.
    if (res.headersSent) return next(err);
    let problem: HttpProblem;
    if (err instanceof HttpProblem) {
      problem = err;
    } else if (err instanceof URIError) {
      // The router could not percent-decode a path parameter.
      problem = new HttpProblem(400, 'Bad Request', 'The request path is not validly percent-encoded.', {
        errors: [{ field: 'params', message: 'expected valid percent-encoding' }],
      });
    } else if (isBodyParserError(err)) {
      problem =
        err.type === 'entity.too.large'
          ? new HttpProblem(413, 'Content Too Large', 'The request body is larger than the API accepts.')
          : err.type === 'entity.parse.failed'
            ? new HttpProblem(400, 'Bad Request', 'The request body is not valid JSON.', {
                errors: [{ field: 'body', message: 'expected a JSON document' }],
              })
            : err.status === 415
              ? new HttpProblem(
                  415,
                  'Unsupported Media Type',
                  "The body's charset or encoding is not supported.",
                )
              : new HttpProblem(400, 'Bad Request', 'The request body could not be read.');
    } else if (isDependencyUnavailable(err)) {
      problem = new HttpProblem(
        503,
        'Service Unavailable',
        'A service caseflow depends on is not answering right now; retry shortly (with the same Idempotency-Key).',
        { headers: { 'Retry-After': '2' } },
      );
    } else {
      log(err, 'unhandled error', req);
      problem = new HttpProblem(
        500,
        'Internal Server Error',
        'Something went wrong on our side; it has been logged.',
      );
    }
    for (const [name, value] of Object.entries(problem.extra.headers ?? {})) res.setHeader(name, value);
    res
      .status(problem.status)
      .type('application/problem+json')
      .json({
        // Extension members first: they never replace the standard ones.
        ...problem.extra.members,
        type: problem.extra.type ?? 'about:blank',
        title: problem.title,
        status: problem.status,
        ...(problem.detail ? { detail: problem.detail } : {}),
        instance: req.originalUrl,
        ...(problem.extra.errors ? { errors: problem.extra.errors } : {}),
      });
  };
}

function isBodyParserError(err: unknown): err is { type: string; status?: number } {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { type?: unknown }).type === 'string' &&
    'status' in err
  );
}
