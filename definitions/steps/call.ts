import * as z from 'zod';
import { defined, ms } from '../compile-actions';
import { duration, id } from '../schema-common';
import { base, next } from './fields';
import { defineStepKind, nextEdge, planEdge } from './step';

/** `CASEFLOW_SECRET_<NAME>` must be an ordinary environment variable name. */
export const SECRET_NAME_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;
const SECRET_NAME_HINT = 'expected a secret name: capital letters, digits and _, e.g. CRM_TOKEN';

/** `{ secret: NAME }`: the worker puts the value of CASEFLOW_SECRET_<NAME> here at call time. */
export const secretRef = z
  .strictObject({
    secret: z.string({ error: SECRET_NAME_HINT }).regex(SECRET_NAME_PATTERN, { error: SECRET_NAME_HINT }),
  })
  .meta({
    description:
      'A secret by reference: the worker reads CASEFLOW_SECRET_<NAME> when it calls; the value never enters the template, plan or history.',
  });

const callValue = z.union([z.string(), secretRef], {
  error: 'expected text or { secret: NAME } (the worker reads CASEFLOW_SECRET_<NAME>)',
});

/**
 * call: an HTTP request to a business system, retried as the step says; the response body is stored in
 * vars.<resultVar>, and a call that fails for good goes to onFailure. Credentials are named, never written
 * (check-credentials.ts warns about literal ones).
 */
export const callKind = defineStepKind({
  kind: 'call',
  schema: z.strictObject({
    ...base,
    kind: z.literal('call'),
    method: z
      .enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], { error: 'expected GET, POST, PUT, PATCH or DELETE' })
      .optional(),
    url: z.string().regex(/^https?:\/\//, { error: 'expected an http(s) URL' }),
    headers: z
      .record(z.string(), callValue)
      .optional()
      .meta({ description: 'Header values: text, or { secret: NAME } for credentials.' }),
    query: z
      .record(z.string(), callValue)
      .optional()
      .meta({ description: 'Query parameters added to the url: text, or { secret: NAME } for credentials.' }),
    body: z.unknown().optional(),
    timeout: duration.optional(),
    retry: z
      .strictObject({
        maxAttempts: z.number().int().min(1).max(100),
        initialInterval: duration.optional(),
        backoffCoefficient: z.number().min(1).max(10).optional(),
        maximumInterval: duration.optional(),
      })
      .optional(),
    resultVar: id('variable').meta({ description: 'The response body is stored in vars.<resultVar>.' }),
    next,
    onFailure: id('step').optional(),
  }),
  check: () => undefined,
  edges(step, below) {
    const edges = nextEdge(step, below);
    if (step.onFailure)
      edges.push({ from: step.id, to: step.onFailure, label: 'failure', path: ['onFailure'] });
    return edges;
  },
  compile: (step, below) =>
    defined({
      id: step.id,
      title: step.title,
      kind: 'call',
      request: defined({
        method: step.method ?? (step.body === undefined ? 'GET' : 'POST'),
        url: step.url,
        headers: step.headers ?? {},
        query: step.query,
        body: step.body,
      }),
      timeoutMs: step.timeout === undefined ? 10_000 : ms(step.timeout),
      retry: defined({
        maxAttempts: step.retry?.maxAttempts ?? 3,
        initialIntervalMs: step.retry?.initialInterval === undefined ? 1000 : ms(step.retry.initialInterval),
        backoffCoefficient: step.retry?.backoffCoefficient ?? 2,
        maximumIntervalMs:
          step.retry?.maximumInterval === undefined ? undefined : ms(step.retry.maximumInterval),
      }),
      resultVar: step.resultVar,
      next: step.next ?? below,
      onFailure: step.onFailure,
    }),
  planEdges: (step) =>
    step.onFailure
      ? [planEdge(step, step.next), planEdge(step, step.onFailure, 'failure')]
      : [planEdge(step, step.next)],
  diagram: { shape: 'subroutine', describe: (step) => `call · ${step.request.method}` },
  flow: { needsNext: true, mayLeadToItself: false, endsFlow: false },
});
