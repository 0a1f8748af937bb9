import express, { type Express } from 'express';
import helmet from 'helmet';
import { auditTrail } from './audit-trail';
import { authenticate } from './auth';
import { caseProblems } from './case-problem';
import { consoleRouter } from './console/serve';
import { codecCors } from './codec-server/cors';
import { revealPersonalData } from './reveal-personal-data';
import type { ApiContext } from './context';
import { idempotency } from './idempotency';
import { createMetrics, metricsRouter } from './metrics';
import { catalogOf, type CatalogEntry } from './openapi/catalog';
import { buildOpenApiDocument } from './openapi/document';
import { routeGate } from './openapi/gate';
import { openApiRouter } from './openapi/routes';
import { notFoundHandler, problemHandler } from './problem';
import { rateLimit, type RateLimitSettings } from './rate-limit';
import { requestContext } from './request-context';
import { auditRouter } from './routes/audit';
import { backtestRouter } from './routes/backtest';
import { blocklistRouter } from './routes/blocklist';
import { casesRouter } from './routes/cases';
import { codecPaths, codecRouter } from './routes/codec';
import { customersRouter } from './routes/customers';
import { healthRouter } from './routes/health';
import { meRouter } from './routes/me';
import { migrationsRouter } from './routes/migrations';
import { reportsRouter } from './routes/reports';
import { surveyRouter } from './routes/survey';
import { tasksRouter } from './routes/tasks';
import { templatesRouter } from './routes/templates';
import { triageRouter } from './routes/triage';
import { defaultTemporalDeadlines, temporalDeadline, type TemporalDeadlines } from './temporal-deadline';
import { apiVersion } from './version';

export interface AppOptions {
  /** Per-token limit; `false` turns it off (default: 600 a minute, bursts of 600). */
  rateLimit?: RateLimitSettings | false;
  /** Origins of the Temporal UI, whose browsers may call the codec endpoints (CASEFLOW_UI_ORIGIN). */
  uiOrigins?: readonly string[];
  /** Deadlines of the Temporal calls a request makes (default 10 s for GET, 60 s otherwise). */
  temporalDeadlines?: TemporalDeadlines;
}

/** Body types the API reads: JSON everywhere, YAML text for templates (limit → 413). */
const bodyLimit = '1mb';
const yamlTypes = ['text/yaml', 'application/yaml', 'application/x-yaml', 'text/plain'];

/**
 * The express app. The order is the policy:
 * request id + logs and metrics first (every answer has an id and is timed), helmet, CORS for the Temporal
 * UI's calls to the codec endpoints (so even its refusals are readable there), then the route gate
 * (unknown path 404 / wrong method 405, before auth: the route list is public anyway), the public probes and
 * docs, the web console's files, the rate limit, body parsing, the request's Temporal deadline, the audit trail (one entry per answer
 * of a route that declares `audit`), the survey link (its own credential), bearer auth, Idempotency-Key,
 * the resource routers (each calls its use case in cases/, tasks/ or audit/), the use cases' errors as
 * HTTP problems, and one problem+json error handler.
 */
export function createApp(ctx: ApiContext, options: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  let catalog: CatalogEntry[] | undefined;
  const routes = () => (catalog ??= catalogOf(app));
  let document: Record<string, unknown> | undefined;
  const documentOf = () => (document ??= buildOpenApiDocument(routes(), apiVersion));
  const metrics = createMetrics(ctx.pool, ctx.log);

  app.use(requestContext(ctx.log));
  app.use(metrics.timer);
  app.use(helmet());
  app.use(codecCors(options.uiOrigins ?? [], codecPaths));
  app.use(routeGate(routes));
  app.use(healthRouter(ctx));
  app.use(metricsRouter(metrics));
  app.use(openApiRouter(documentOf));
  app.use(consoleRouter());
  if (options.rateLimit !== false) {
    app.use(rateLimit(options.rateLimit ?? { perMinute: 600 }, ctx.auth));
  }
  app.use(express.json({ limit: bodyLimit }));
  app.use(express.text({ type: yamlTypes, limit: bodyLimit }));
  app.use(temporalDeadline(ctx.client, options.temporalDeadlines ?? defaultTemporalDeadlines));
  app.use(auditTrail(ctx.pool));
  // The survey link is its own credential: mounted before bearer auth.
  app.use(surveyRouter(ctx));
  app.use(authenticate(ctx.auth));
  app.use(revealPersonalData(ctx.personalData));
  app.use(idempotency(ctx.pool));
  app.use(meRouter());
  app.use(casesRouter(ctx));
  app.use(tasksRouter(ctx));
  app.use(templatesRouter(ctx));
  app.use(backtestRouter(ctx));
  app.use(migrationsRouter(ctx));
  app.use(blocklistRouter(ctx));
  app.use(auditRouter(ctx));
  app.use(reportsRouter(ctx));
  app.use(codecRouter(ctx));
  app.use(triageRouter(ctx));
  app.use(customersRouter(ctx));
  app.use(notFoundHandler);
  // The use cases' errors (cases/case-error.ts) as problem+json, then every error.
  app.use(caseProblems);
  app.use(problemHandler((err, msg, req) => (req.log ?? ctx.log).error({ err }, msg)));
  return app;
}
