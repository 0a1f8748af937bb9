/**
 * A dependency that is down answers 503 with Retry-After, not 500: the shapes below are what the Temporal
 * client and pg raise while the server restarts or the database terminates connections.
 */
import express from 'express';
import { ServiceError } from '@temporalio/client';
import request from 'supertest';
import { problemHandler } from '../../../api/problem';
import { isDependencyUnavailable } from '../../../api/unavailable';

const withCode = (message: string, code: unknown, cause?: unknown) =>
  Object.assign(new Error(message, cause === undefined ? {} : { cause }), { code });

it.each([
  [
    'a gRPC UNAVAILABLE under a ServiceError',
    new Error('Failed to start', { cause: withCode('unavailable', 14) }),
  ],
  ['a gRPC deadline', withCode('deadline exceeded', 4)],
  ['connection refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
  ['PostgreSQL terminating the connection', withCode('terminating connection', '57P01')],
  ['PostgreSQL out of connections', withCode('sorry, too many clients already', '53300')],
  ['pg losing its connection', new Error('Connection terminated unexpectedly')],
  // What 100 messages at once to one case met (docs/api.md, "Messages and the projection"): Temporal busy.
  [
    "a busy case's query buffer, after the client's retries",
    new ServiceError('Failed to query Workflow', {
      cause: withCode(
        '8 RESOURCE_EXHAUSTED: consistent query buffer is full, this may be caused by too many queries and workflow not able to process query fast enough',
        8,
      ),
    }),
  ],
  ['a namespace rate limit', withCode('8 RESOURCE_EXHAUSTED: namespace rate limit exceeded', 8)],
  ["pg's pool timing out", new Error('timeout exceeded when trying to connect')],
])('%s is a dependency outage', (_what, err) => {
  expect(isDependencyUnavailable(err)).toBe(true);
});

it.each([
  ['a bug', new TypeError('x is undefined')],
  ['a constraint violation', withCode('duplicate key', '23505')],
  ['a gRPC NOT_FOUND', withCode('not found', 5)],
  // grpc-js's own RESOURCE_EXHAUSTED for an oversized message: no retry makes it fit.
  [
    'a message over the gRPC size limit',
    withCode('8 RESOURCE_EXHAUSTED: Received message larger than max (5000000 vs 4194304)', 8),
  ],
])('%s is not', (_what, err) => {
  expect(isDependencyUnavailable(err)).toBe(false);
});

it('answers 503 problem+json with Retry-After, and logs no error for it', async () => {
  const logged: unknown[] = [];
  const app = express();
  app.get('/down', () => {
    throw new Error('Failed to query', { cause: withCode('unavailable', 14) });
  });
  app.get('/busy', () => {
    throw new ServiceError('Failed to query Workflow', {
      cause: withCode('8 RESOURCE_EXHAUSTED: consistent query buffer is full', 8),
    });
  });
  app.get('/bug', () => {
    throw new TypeError('boom');
  });
  app.use(problemHandler((err) => logged.push(err)));
  const down = await request(app).get('/down');
  expect(down.status).toBe(503);
  expect(down.headers['retry-after']).toBe('2');
  expect(down.headers['content-type']).toMatch(/application\/problem\+json/);
  const busy = await request(app).get('/busy');
  expect({ status: busy.status, retryAfter: busy.headers['retry-after'] }).toEqual({
    status: 503,
    retryAfter: '2',
  });
  expect(logged).toEqual([]);
  expect((await request(app).get('/bug')).status).toBe(500);
  expect(logged).toHaveLength(1);
});
