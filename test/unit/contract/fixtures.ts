/**
 * What the contract tests read: real case views the engine builds on the shipped template (read as
 * `caseflow simulate` reads its files), and the API's OpenAPI document built from the served routes.
 */
import { join } from 'node:path';
import pino from 'pino';
import { surveyKeyringFromCodecKeys } from '../../../activities/survey-link';
import { createApp } from '../../../api/app';
import type { ApiContext } from '../../../api/context';
import { catalogOf } from '../../../api/openapi/catalog';
import { buildOpenApiDocument } from '../../../api/openapi/document';
import { scriptFileSchema, simulationCaseSchema, type CaseView } from '../../../contract';
import { loadTemplateFile } from '../../../definitions/compile';
import type { Plan } from '../../../definitions/plan';
import { takeMessages } from '../../../workflows/engine/bounds';
import { simulate } from '../../../workflows/engine/simulation';
import { toCaseView } from '../../../workflows/engine/view';

const compiled = loadTemplateFile(join(__dirname, '../../../definitions/customer-issue/v1.yaml'));
if (!compiled.ok) throw new Error('the shipped template does not compile');
export const plan: Plan = compiled.plan;

/** A case file and a script, read as `caseflow simulate` reads them, run on virtual time. */
function viewOf(caseFile: unknown, scriptFile: unknown, until?: string): CaseView {
  const opened = simulationCaseSchema.parse(caseFile);
  const lines = scriptFileSchema.parse(scriptFile);
  const { template: _t, version: _v, id, openedAt, ...input } = opened;
  const result = simulate(
    plan,
    { caseId: id ?? 'SIM-1', input, openedAt: openedAt ?? '2026-01-05T08:00:00Z' },
    Array.isArray(lines) ? { events: lines } : lines,
    { until: until === undefined ? undefined : Date.parse(until) },
  );
  // What the workflow does before it projects: messages leave the state, bounds count them.
  takeMessages(result.state);
  return toCaseView(plan, result.state, result.now);
}

const outage = {
  channel: 'phone',
  customer: { id: 'c-9', name: 'Wang', tier: 'vip', email: 'w@example.com', phone: '+86 10 1234' },
  subject: '无法登录',
  description: 'App outage since this morning',
  attributes: { affectedCustomers: 3 },
};

/** Worked through to the survey, with a customer message on the way: the case waits for the answers. */
const surveyed = viewOf(
  outage,
  [
    { after: '5m', do: 'claim', task: 'triage', as: 'anna' },
    { after: '10m', do: 'complete', task: 'triage', outcome: 'route', form: { reason: 'fault' }, as: 'anna' },
    { after: '10m', do: 'message', from: 'customer', text: 'any news?' },
    { after: '1h', do: 'complete', outcome: 'resolved', form: { resolution: 'reset' }, as: 'tom' },
    { after: '2d', do: 'complete', task: 'follow-up', outcome: 'confirmed', as: 'anna' },
  ],
  '2026-01-07T10:00:00Z',
);

/** Opened on a Friday evening and left alone: the response clock breaches, escalation rungs fire. */
const escalated = viewOf(
  { ...outage, channel: 'web', customer: { id: 'c-2', tier: 'gold' }, subject: 'Outage' },
  { events: [] },
  '2026-01-12T04:00:00Z',
);

/** A case waiting for its survey, and one whose clocks breached and rungs fired. */
export const views = { surveyed, escalated };

/** An API context whose services are never called: building the app touches none of them (its routes would). */
export function idleApiContext(): ApiContext {
  return {
    client: {},
    pool: {},
    auth: { development: true, authenticate: () => undefined },
    taskQueue: 'q',
    log: pino({ level: 'silent' }),
    surveyKeys: () => Promise.resolve(surveyKeyringFromCodecKeys('0'.repeat(64))),
    defaultTemplate: 'customer-issue',
  } as unknown as ApiContext;
}

/** The OpenAPI document of the app as it is built. */
export function openApiDocument(): any {
  return buildOpenApiDocument(catalogOf(createApp(idleApiContext())), '0.0.0');
}
