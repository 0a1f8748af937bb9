import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { AuditDeclaration } from '../audit-trail';
import type { Role } from '../auth';
import { HttpProblem } from '../problem';

// Route files may add OpenAPI-only metadata to their schemas (`.openapi({ example })`); `.meta()` and
// `.describe()` from zod itself work too.
extendZodWithOpenApi(z);

/** One documented response of a route; `schema` absent means no JSON body (or not a JSON one). */
export interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
  /** The same answer in other representations (content negotiation): content type → schema. */
  alternatives?: Record<string, z.ZodType>;
}

/**
 * What a route declares next to its handler: the same zod schemas it validates with, and what it answers.
 * The OpenAPI document (api/openapi/document.ts) is built from these, and the app uses them for the
 * cross-cutting rules: which routes exist (404/405 before auth), which content types a body may have (415),
 * and which POSTs honour Idempotency-Key.
 */
export interface RouteDoc {
  summary: string;
  description?: string;
  tags: string[];
  /** `public`: no bearer token (health, docs, survey links); default `bearer`. */
  access?: 'public' | 'bearer';
  /** Roles allowed besides admin (documentation; the handler enforces them). Empty: any signed-in role. */
  roles?: readonly Role[];
  params?: z.ZodObject;
  query?: z.ZodType;
  /** Request headers the route reads (lower-case names), validated like the rest of the request. */
  headers?: z.ZodObject;
  body?: {
    schema: z.ZodType;
    /** Accepted request content types; default application/json. Others answer 415. */
    contentTypes?: readonly string[];
  };
  /** Success responses by status. */
  responses: Record<number, ResponseDoc>;
  /** Error statuses specific to this route (409, 422, …); the usual ones are added automatically. */
  errors?: readonly number[];
  /** A POST that creates something: Idempotency-Key answers are stored and replayed. */
  idempotent?: boolean;
  /** What the audit log records for each request (api/audit-trail.ts); absent: not audited. */
  audit?: AuditDeclaration;
}

const docKey = Symbol.for('caseflow.routeDoc');

type DocumentedHandler = RequestHandler & { [docKey]?: RouteDoc };

/**
 * Declares a route's contract; put it first in the route's handlers:
 * `router.get('/cases/:id', describe({ summary, tags, params, responses }), handler)`.
 * At run time it only checks the request body's content type (415), before any body parser of the route.
 */
export function describe(doc: RouteDoc): RequestHandler {
  const allowed = doc.body?.contentTypes ?? ['application/json'];
  const handler: DocumentedHandler = (req, _res, next) => {
    if (doc.body && hasBody(req.headers) && !req.is([...allowed])) {
      next(
        new HttpProblem(415, 'Unsupported Media Type', `This route accepts ${allowed.join(', ')} bodies.`, {
          headers: { 'accept-post': allowed.join(', ') },
        }),
      );
      return;
    }
    next();
  };
  handler[docKey] = doc;
  return handler;
}

/** The RouteDoc a handler carries, if it was made by describe(). */
export function routeDocOf(handler: unknown): RouteDoc | undefined {
  return typeof handler === 'function' ? (handler as DocumentedHandler)[docKey] : undefined;
}

/** A body is present when it has a length or is chunked (the same test body parsers use). */
export function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}
