import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type ResponseConfig,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { CatalogEntry } from './catalog';
import { problemSchema } from './components';
import type { RouteDoc } from './describe';

const titles: Record<number, string> = {
  400: 'The request is not valid; `errors` names each field.',
  401: 'No bearer token, or an unknown one.',
  403: 'The principal may not do this (role or department).',
  404: 'No such resource, or one the principal may not see.',
  405: 'The path exists but not with this method.',
  409: 'Conflicts with the current state.',
  413: 'The body is larger than the API accepts.',
  415: 'The body has a content type this route does not accept.',
  422: 'Understood but refused (business rule, or an Idempotency-Key reused with another body).',
  429: 'Too many requests for this token; see Retry-After.',
  500: 'Something went wrong on our side (logged with the request id; no details leave the process).',
  503: 'Temporal or PostgreSQL is not answering right now (a restart, a failover); retry after Retry-After, with the same Idempotency-Key.',
};

const idempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe('Retries with the same key and body get the first answer again; another body is 422.'),
});

const requestIdHeader = {
  'X-Request-Id': {
    description: 'The request id (yours if you sent a plain one); every log line of the request carries it.',
    schema: { type: 'string' as const },
  },
};
const headersOf = (status: number, doc: RouteDoc) => ({
  ...requestIdHeader,
  ...(status === 429 || status === 503
    ? {
        'Retry-After': {
          description:
            status === 429 ? 'Seconds until the token may send again.' : 'Seconds after which to try again.',
          schema: { type: 'integer' as const },
        },
      }
    : {}),
  ...(doc.idempotent && status < 300
    ? {
        'Idempotent-Replayed': {
          description: '`true` when this is the stored answer to an earlier request with the same key.',
          schema: { type: 'string' as const },
        },
      }
    : {}),
});

/** The error statuses a route can answer, from what it declares. */
export function errorStatuses(doc: RouteDoc, method: string): number[] {
  const out = new Set<number>(doc.errors ?? []);
  if (doc.access !== 'public') [401, 403, 429].forEach((s) => out.add(s));
  if (doc.params || doc.query || doc.headers || doc.body) out.add(400);
  if (doc.params) out.add(404);
  // Any request with a body goes through the body parsers (malformed JSON 400, too large 413, charset 415).
  if (doc.body || method !== 'get') [400, 413, 415].forEach((s) => out.add(s));
  if (doc.idempotent) out.add(422);
  out.add(500);
  // Temporal or PostgreSQL may be restarting under any route that reaches them (api/unavailable.ts).
  out.add(503);
  return [...out].sort();
}

function responsesOf(doc: RouteDoc, method: string): Record<number, ResponseConfig> {
  const out: Record<number, ResponseConfig> = {};
  for (const [status, r] of Object.entries(doc.responses)) {
    out[Number(status)] = {
      description: r.description,
      headers: headersOf(Number(status), doc),
      ...(r.schema
        ? {
            content: {
              [r.contentType ?? 'application/json']: { schema: r.schema },
              ...Object.fromEntries(
                Object.entries(r.alternatives ?? {}).map(([t, schema]) => [t, { schema }]),
              ),
            },
          }
        : {}),
    };
  }
  for (const status of errorStatuses(doc, method)) {
    out[status] ??= {
      description: titles[status] ?? 'Error',
      headers: headersOf(status, doc),
      content: { 'application/problem+json': { schema: problemSchema } },
    };
  }
  return out;
}

function routeConfig(entry: CatalogEntry, doc: RouteDoc): RouteConfig {
  const roles = doc.roles?.length ? `Roles: ${[...new Set([...doc.roles, 'admin'])].join(', ')}.` : undefined;
  const access = doc.access === 'public' ? 'No bearer token needed.' : (roles ?? 'Any signed-in principal.');
  return {
    method: entry.method as RouteConfig['method'],
    path: entry.template,
    summary: doc.summary,
    description: [doc.description, access].filter(Boolean).join('\n\n'),
    tags: doc.tags,
    security: doc.access === 'public' ? [] : [{ bearer: [] }],
    request: {
      ...(doc.params ? { params: doc.params } : {}),
      ...(doc.query ? { query: doc.query as z.ZodObject } : {}),
      ...(doc.idempotent || doc.headers
        ? { headers: (doc.idempotent ? idempotencyHeader : z.object({})).extend(doc.headers?.shape ?? {}) }
        : {}),
      ...(doc.body
        ? {
            body: {
              required: true,
              content: Object.fromEntries(
                (doc.body.contentTypes ?? ['application/json']).map((type) => [
                  type,
                  { schema: type.includes('json') ? doc.body!.schema : z.string() },
                ]),
              ),
            },
          }
        : {}),
    },
    responses: responsesOf(doc, entry.method),
  };
}

/** The OpenAPI 3.1 document of the served routes, generated from the zod schemas they validate with. */
export function buildOpenApiDocument(catalog: CatalogEntry[], version: string): Record<string, unknown> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A token from CASEFLOW_AUTH_FILE (stored there as its SHA-256).',
  });
  for (const entry of catalog) {
    if (!entry.doc) continue;
    registry.registerPath(routeConfig(entry, entry.doc));
  }
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'caseflow API',
      version,
      description:
        'Customer-service cases as durable Temporal workflows. Errors are RFC 9457 problem+json; every ' +
        'response carries X-Request-Id (send your own to correlate logs). See docs/api.md.',
    },
    servers: [{ url: '/' }],
  });
  // Plain JSON from here on: it is served as is and read by the docs page.
  return JSON.parse(JSON.stringify(document)) as Record<string, unknown>;
}
