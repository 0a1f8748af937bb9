import express, { type Express } from 'express';
import helmet from 'helmet';
import { authenticate } from './auth';
import type { ApiContext } from './context';
import { notFoundHandler, problemHandler } from './problem';
import { auditRouter } from './routes/audit';
import { blocklistRouter } from './routes/blocklist';
import { casesRouter } from './routes/cases';
import { healthRouter } from './routes/health';
import { surveyRouter } from './routes/survey';
import { tasksRouter } from './routes/tasks';
import { templatesRouter } from './routes/templates';

/** The express app: public probes first, then bearer auth, one router per resource, one error handler. */
export function createApp(ctx: ApiContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(helmet());
  app.use(express.json({ limit: '1mb' }));
  app.use(healthRouter(ctx));
  // The survey link is its own credential: mounted before bearer auth.
  app.use(surveyRouter(ctx));
  app.use(authenticate(ctx.auth));
  app.use(casesRouter(ctx));
  app.use(tasksRouter(ctx));
  app.use(templatesRouter(ctx));
  app.use(blocklistRouter(ctx));
  app.use(auditRouter(ctx));
  app.use(notFoundHandler);
  app.use(problemHandler((err, msg) => ctx.log.error({ err }, msg)));
  return app;
}
