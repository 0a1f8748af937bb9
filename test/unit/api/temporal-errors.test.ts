/**
 * A case's state query that fails for no fault of the client's is 503 with Retry-After, not 500
 * (api/temporal-errors.ts problemFromQuery): Temporal's WorkflowNotReady while a run has no completed
 * workflow task or its task keeps failing, a query the worker failed. An unknown case stays 404.
 */
import { QueryNotRegisteredError, ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { HttpProblem } from '../../../api/problem';
import { CaseQueryFailed, problemFromQuery } from '../../../api/temporal-errors';

const grpc = (message: string, code: number) => Object.assign(new Error(message), { code });

it.each([
  [
    'a workflow task in failed state',
    new ServiceError('Failed to query Workflow', {
      cause: grpc('9 FAILED_PRECONDITION: Unable to query workflow due to Workflow Task in failed state.', 9),
    }),
  ],
  [
    'a run whose first workflow task is not scheduled yet',
    new ServiceError('Failed to query Workflow', {
      cause: grpc('9 FAILED_PRECONDITION: Workflow task is not scheduled yet.', 9),
    }),
  ],
  ['a query the worker failed', new QueryNotRegisteredError('query failed: replay diverged', 3)],
])('%s is 503 with Retry-After', (_what, err) => {
  const problem = problemFromQuery(err, 'c-1');
  expect(problem).toBeInstanceOf(CaseQueryFailed);
  const { status, detail, extra } = problem as HttpProblem;
  expect({ status, detail, retryAfter: extra.headers?.['Retry-After'] }).toEqual({
    status: 503,
    detail: 'Case c-1 cannot answer right now; retry shortly.',
    retryAfter: '2',
  });
  expect((problem as CaseQueryFailed).reason).toBe(err);
});

it('an unknown case is still 404', () => {
  const problem = problemFromQuery(new WorkflowNotFoundError('not found', 'case-c-2', undefined), 'c-2');
  expect(problem).toMatchObject({ status: 404, detail: 'No case c-2.' });
});

it('a busy Temporal is left to the error handler (503 through api/unavailable.ts)', () => {
  const busy = new ServiceError('Failed to query Workflow', {
    cause: grpc('8 RESOURCE_EXHAUSTED: consistent query buffer is full', 8),
  });
  expect(problemFromQuery(busy, 'c-3')).toBe(busy);
});
