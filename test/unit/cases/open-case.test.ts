/**
 * Opening a case (cases/open-case.ts) refuses, step by step and before Temporal is asked, what the route
 * refused before it moved out of POST /cases: no usable template version, a retired one, attributes that do
 * not fit the template's input, a customer refused at intake. The answers' fields are the API's.
 */
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { PersonalData } from '../../../privacy/personal-data';
import type { AuthPrincipal } from '../../../access/principal';
import { CaseError } from '../../../cases/case-error';
import type { CaseContext } from '../../../cases/context';
import { openCase, type OpenCaseRequest } from '../../../cases/open-case';
import { loadTemplateFile } from '../../../definitions/compile';

const loaded = loadTemplateFile(join(__dirname, '../../../definitions/customer-issue/v1.yaml'));
if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
const plan = loaded.plan;

/** A registry row of the standard template, as PostgreSQL answers it. */
const templateRow = (status: 'active' | 'retired') => ({
  name: 'customer-issue',
  version: 1,
  sha256: 'ab'.repeat(32),
  source: '',
  plan,
  status,
  published_by: 'designer',
  published_at: new Date(0),
  retired_by: null,
  retired_at: null,
});

/** A pool that answers the registry and blocklist reads; Temporal must never be reached. */
function contextWith(rows: { template?: 'active' | 'retired'; blocked?: 'refuse' | 'flag' }): CaseContext {
  const pool = {
    query: (sql: string) => {
      if (sql.includes('FROM templates'))
        return Promise.resolve({ rows: rows.template ? [templateRow(rows.template)] : [] });
      if (sql.includes('FROM blocklist'))
        return Promise.resolve({
          rows: rows.blocked
            ? [
                {
                  customer_id: 'cu-1',
                  mode: rows.blocked,
                  reason: 'abuse',
                  updated_by: 'admin',
                  created_at: new Date(0),
                  updated_at: new Date(0),
                },
              ]
            : [],
        });
      return Promise.reject(new Error(`unexpected query: ${sql}`));
    },
  } as unknown as Pool;
  const client = new Proxy(
    {},
    {
      get: () => {
        throw new Error('Temporal was asked');
      },
    },
  ) as Client;
  return {
    pool,
    client,
    log: {} as Logger,
    taskQueue: 'q',
    defaultTemplate: 'customer-issue',
    // Every refusal here comes before intake seals the customer: a query for a key would fail the test.
    personalData: new PersonalData(pool),
  };
}

const intake: AuthPrincipal = { name: 'intake', roles: ['intake'], departments: [], leads: [] };
const request: OpenCaseRequest = {
  channel: 'email',
  customer: { id: 'cu-1' },
  subject: 'Cannot log in',
  description: '',
  attributes: {},
};

async function refusal(ctx: CaseContext, req: OpenCaseRequest = request): Promise<CaseError> {
  const error: unknown = await openCase(ctx, { principal: intake, request: req }).then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(error instanceof CaseError)) throw new Error(`expected a CaseError, got ${String(error)}`);
  return error;
}

it('a template nobody published is invalid, naming the template or the version asked for', async () => {
  expect(await refusal(contextWith({}))).toMatchObject({
    kind: 'invalid',
    message: 'No usable template customer-issue.',
    details: { errors: [{ field: 'body.template', message: 'expected a published template' }] },
  });
  expect(await refusal(contextWith({}), { ...request, version: 7 })).toMatchObject({
    kind: 'invalid',
    message: 'No usable template customer-issue v7.',
    details: { errors: [{ field: 'body.version', message: 'expected a published template' }] },
  });
});

it('a retired version is invalid', async () => {
  expect(await refusal(contextWith({ template: 'retired' }), { ...request, version: 1 })).toMatchObject({
    kind: 'invalid',
    message: 'Template customer-issue v1 is retired.',
    details: { errors: [{ field: 'body.version', message: 'expected a version that is not retired' }] },
  });
});

it('attributes that do not fit the input are malformed, field by field', async () => {
  const error = await refusal(contextWith({ template: 'active' }), {
    ...request,
    attributes: { businessImpact: 'enormous' },
  });
  expect(error).toMatchObject({ kind: 'malformed', message: 'The case does not fit the template input.' });
  expect(error.details.errors?.map((e) => e.field)).toEqual(['body.attributes.businessImpact']);
});

it('a customer refused at intake is forbidden, as a named refusal', async () => {
  expect(await refusal(contextWith({ template: 'active', blocked: 'refuse' }))).toMatchObject({
    kind: 'forbidden',
    message: 'Customer cu-1 is refused at intake: abuse',
    details: { code: 'blocklisted' },
  });
});
