/**
 * The audit trail (api/audit-trail.ts, issue 11 item 8): every change and every read of case data, tasks,
 * the blocklist, reports and the audit log declares what it records; a read whose entry cannot be written
 * is not answered, while a change still is. (What is written, against PostgreSQL: the integration test
 * test/integration/audit-log.test.ts.)
 */
import { Writable } from 'node:stream';
import express from 'express';
import { Pool } from 'pg';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../../api/app';
import { auditTrail, paramsOf } from '../../../api/audit-trail';
import type { ApiContext } from '../../../api/context';
import { catalogOf, type CatalogEntry } from '../../../api/openapi/catalog';
import { describe as describeRoute } from '../../../api/openapi/describe';
import { routeGate } from '../../../api/openapi/gate';
import { problemHandler } from '../../../api/problem';
import { requestContext } from '../../../api/request-context';

/** Building the app touches none of its services; the routes only need them when called. */
const ctx = {
  client: {},
  pool: {},
  auth: { development: true, authenticate: () => undefined },
  taskQueue: 'q',
  log: pino({ level: 'silent' }),
  surveySecret: Buffer.alloc(32),
  defaultTemplate: 'customer-issue',
} as unknown as ApiContext;

/** Reads that carry no personal data and are not recorded (docs/security.md, What is logged). */
const unaudited = [
  /^GET \/(health|ready|metrics|openapi\.json|docs|docs\/:file)$/,
  /^GET \/templates(\/|$)/, // template text: no case data
  /^GET \/survey\/:token$/, // the customer's own survey, by its link
  /^GET \/console/, // the console's files: no data (it reads through the API)
  /^GET \/$/, // a redirect to the console
  /^GET \/me$/, // the caller's own name and roles
];

describe('declarations', () => {
  const catalog = catalogOf(createApp(ctx));
  const name = (e: CatalogEntry) => `${e.method.toUpperCase()} ${e.path}`;

  it('every change (POST, PUT, DELETE) is audited', () => {
    const changes = catalog.filter((e) => e.method !== 'get');
    expect(changes.length).toBeGreaterThan(10);
    expect(changes.filter((e) => !e.doc?.audit).map(name)).toEqual([]);
  });

  it('every read is audited except the public probes, the docs and templates', () => {
    const reads = catalog.filter((e) => e.method === 'get' && !unaudited.some((r) => r.test(name(e))));
    expect(reads.filter((e) => !e.doc?.audit).map(name)).toEqual([]);
    expect(reads.map((e) => `${name(e)} → ${e.doc?.audit?.action}`)).toEqual(
      expect.arrayContaining([
        'GET /cases → case.list',
        'GET /cases/:id → case.read',
        'GET /cases/:id/notifications → case.notifications',
        'GET /cases/:id/history → case.history',
        'GET /cases/:id/messages → case.messages',
        'GET /cases/:id/timeline → case.timeline',
        'GET /cases/:id/similar → case.similar',
        'GET /triage/model → triage.read',
        'GET /tasks → task.list',
        'GET /tasks/:id → task.read',
        'GET /blocklist → blocklist.list',
        'GET /blocklist/:customerId → blocklist.read',
        'GET /reports/sla → report.sla',
        'GET /audit-log → audit.list',
      ]),
    );
  });

  it('names a resource by ids only: the survey link (a credential) is never in it', () => {
    const survey = catalog.find((e) => e.method === 'post' && e.path === '/survey/:token');
    expect(survey?.doc?.audit?.resource({ token: 'secret-token' })).toBe('survey');
    const read = catalog.find((e) => e.method === 'get' && e.path === '/cases/:id');
    expect(read?.doc?.audit?.resource({ id: 'c-1' })).toBe('case/c-1');
  });
});

describe('when the entry cannot be written, and the request log', () => {
  // A real PostgreSQL client pointed at a port nothing listens on: every INSERT fails to connect.
  const pool = new Pool({ host: '127.0.0.1', port: 1, user: 'nobody', connectionTimeoutMillis: 2_000 });
  afterAll(() => pool.end());
  const lines: string[] = [];
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );

  function app() {
    const a = express();
    let catalog: CatalogEntry[] | undefined;
    a.use(requestContext(log));
    a.use(routeGate(() => (catalog ??= catalogOf(a))));
    a.use((req, _res, next) => {
      const principal = { name: 'auditor', roles: ['auditor'], departments: [] };
      req.principal = principal as unknown as NonNullable<typeof req.principal>;
      next();
    });
    a.use(auditTrail(pool));
    const audit = { action: 'case.read', resource: (p: Record<string, string>) => `case/${p.id}` };
    const doc = { summary: 's', tags: [], responses: { 200: { description: 'd' } }, audit };
    a.get('/cases/:id', describeRoute(doc), (_req, res) => {
      res.json({ customer: 'Li Wei' });
    });
    a.post(
      '/cases/:id/cancel',
      describeRoute({ ...doc, audit: { ...audit, action: 'case.cancel' } }),
      (_r, res) => {
        res.status(200).json({ cancelled: true });
      },
    );
    a.get('/survey/:token', (_req, res) => {
      res.json({});
    });
    a.use(problemHandler(() => undefined));
    return a;
  }

  it('does not answer a read: 503 with Retry-After, and the data stays in', async () => {
    const res = await request(app()).get('/cases/c-1');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.text).not.toContain('Li Wei');
    expect(res.body.detail).toMatch(/audit log/);
    expect(lines.join('')).toMatch(/audit entry not written/);
  });

  it('still answers a change, which has happened, and logs the lost entry', async () => {
    lines.length = 0;
    const res = await request(app()).post('/cases/c-1/cancel');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ cancelled: true });
    expect(lines.join('')).toMatch(/"action":"case.cancel".*audit entry not written/);
  });

  it('keeps survey link tokens out of the request log', async () => {
    lines.length = 0;
    const token = 'eyJjYXNlSWQiOiJjLTEifQ.c2lnbmF0dXJl';
    expect((await request(app()).get(`/survey/${token}?lang=zh`)).status).toBe(200);
    expect(lines.join('')).toContain('"url":"/survey/[hidden]?lang=zh"');
    expect(lines.join('')).not.toContain(token);
  });
});

it('reads path parameters as express does: case-insensitive, trailing slash, decoded', () => {
  expect(paramsOf('/tasks/:id/claim', '/Tasks/c%2F1-t2/claim/')).toEqual({ id: 'c/1-t2' });
  expect(paramsOf('/templates/:name/versions/:v/retire', '/templates/a/versions/3/retire')).toEqual({
    name: 'a',
    v: '3',
  });
  expect(paramsOf('/cases/:id', '/cases/%E0%A4%A')).toEqual({ id: '%E0%A4%A' });
});
