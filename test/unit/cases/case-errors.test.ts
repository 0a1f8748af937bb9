/**
 * The use cases' one error (cases/case-error.ts) and what it is at the API (api/case-problem.ts): each kind
 * keeps the status, title, fields, type and Retry-After the routes answered before the use cases moved out
 * of them; Temporal's answers become the same kinds (cases/temporal-outcome.ts).
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { problemOf } from '../../../api/case-problem';
import { CaseError, type CaseErrorKind } from '../../../cases/case-error';
import { caseIdFor } from '../../../cases/case-id';
import { caseErrorFromQuery, caseErrorFromTemporal } from '../../../cases/temporal-outcome';
import { CaseErrorTypes } from '../../../workflows/messages';

it.each<[CaseErrorKind, number, string]>([
  ['malformed', 400, 'Bad Request'],
  ['forbidden', 403, 'Forbidden'],
  ['not-found', 404, 'Not Found'],
  ['conflict', 409, 'Conflict'],
  ['invalid', 422, 'Unprocessable Content'],
  ['unavailable', 503, 'Service Unavailable'],
])('%s is %i %s', (kind, status, title) => {
  expect(problemOf(new CaseError(kind, 'why'))).toMatchObject({ status, title, detail: 'why', extra: {} });
});

it('keeps the fields, names a blocklisted refusal and says when to retry', () => {
  const errors = [{ field: 'body.version', message: 'expected a published template' }];
  expect(problemOf(new CaseError('invalid', 'No usable template x v9.', { errors })).extra).toEqual({
    errors,
  });
  expect(problemOf(new CaseError('forbidden', 'refused', { code: 'blocklisted' })).extra).toEqual({
    type: 'https://caseflow.dev/problems/blocklisted',
  });
  expect(problemOf(new CaseError('unavailable', 'later', { retryAfterSeconds: 2 })).extra).toEqual({
    headers: { 'Retry-After': '2' },
  });
});

describe('Temporal answers', () => {
  const rejected = (type: string | undefined, details: unknown[] = []) =>
    new WorkflowUpdateFailedError(
      'update failed',
      ApplicationFailure.create({ message: 'not yours', ...(type ? { type } : {}), details }),
    );

  it('a refused update keeps its kind and the field it names', () => {
    const err = caseErrorFromTemporal(rejected(CaseErrorTypes.Invalid, [{ field: 'assignee' }]), 'c-1');
    expect(err).toMatchObject({
      kind: 'invalid',
      message: 'not yours',
      details: { errors: [{ field: 'body.assignee', message: 'not yours' }] },
    });
    expect(caseErrorFromTemporal(rejected(CaseErrorTypes.Conflict), 'c-1')).toMatchObject({
      kind: 'conflict',
    });
    expect(caseErrorFromTemporal(rejected(CaseErrorTypes.Forbidden), 'c-1')).toMatchObject({
      kind: 'forbidden',
    });
  });

  it('a refused form names each of its fields, as the engine words them', () => {
    const refusal = new WorkflowUpdateFailedError(
      'update failed',
      ApplicationFailure.create({
        message: 'form: resolution: required; amount: expected a number; colour: not a field of this outcome',
        type: CaseErrorTypes.Invalid,
      }),
    );
    expect(caseErrorFromTemporal(refusal, 'c-1')).toMatchObject({
      kind: 'invalid',
      details: {
        errors: [
          { field: 'body.form.resolution', message: 'required' },
          { field: 'body.form.amount', message: 'expected a number' },
          { field: 'body.form.colour', message: 'not a field of this outcome' },
        ],
      },
    });
  });

  it('a failure of another type is invalid, without fields', () => {
    const err = caseErrorFromTemporal(rejected('Other', [{ field: 'assignee' }]), 'c-1');
    expect(err).toMatchObject({ kind: 'invalid', details: {} });
  });

  it('an unknown case is not found; a finished one takes no more changes', () => {
    expect(
      caseErrorFromTemporal(new WorkflowNotFoundError('gone', 'case-c-2', undefined), 'c-2'),
    ).toMatchObject({
      kind: 'not-found',
      message: 'No case c-2.',
    });
    const closed = Object.assign(new Error('workflow execution already completed'), { code: 5 });
    expect(caseErrorFromTemporal(closed, 'c-3')).toMatchObject({
      kind: 'conflict',
      message: 'Case c-3 is finished and takes no more changes.',
    });
  });

  it('a case that cannot answer its query is unavailable for two seconds; an outage passes as it is', () => {
    const notReady = Object.assign(new Error('9 FAILED_PRECONDITION: not ready'), { code: 9 });
    expect(caseErrorFromQuery(notReady, 'c-4')).toMatchObject({
      kind: 'unavailable',
      message: 'Case c-4 cannot answer right now; retry shortly.',
      details: { retryAfterSeconds: 2, cause: notReady },
    });
    const busy = Object.assign(new Error('8 RESOURCE_EXHAUSTED'), { code: 8 });
    expect(caseErrorFromQuery(busy, 'c-4')).toBe(busy);
  });
});

describe('case ids', () => {
  it('the same caller and idempotency key name the same case, shaped as a version-5 UUID', () => {
    const id = caseIdFor('dev-intake', 'key-1');
    expect(caseIdFor('dev-intake', 'key-1')).toBe(id);
    expect(caseIdFor('dev-other', 'key-1')).not.toBe(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('without a key every case is new', () => {
    expect(caseIdFor('dev-intake', undefined)).not.toBe(caseIdFor('dev-intake', undefined));
  });
});
