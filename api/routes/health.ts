import { Router } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ApiContext } from '../context';
import { describe } from '../openapi/describe';

const readiness = z.looseObject({ status: z.string(), temporal: z.string(), postgres: z.string() });
const healthDoc = describe({
  summary: 'The process is up',
  tags: ['health'],
  access: 'public',
  responses: { 200: { description: 'Up', schema: z.looseObject({ status: z.literal('ok') }) } },
});
const readyDoc = describe({
  summary: 'Temporal and PostgreSQL are reachable',
  tags: ['health'],
  access: 'public',
  responses: {
    200: { description: 'Ready', schema: readiness },
    503: {
      description:
        "Not ready: the dependency that failed says 'unavailable' (its error is logged, never sent)",
      schema: readiness,
    },
  },
});

/** /health: the process is up. /ready: Temporal and PostgreSQL both answer (for load balancers). */
export function healthRouter(ctx: ApiContext): Router {
  const router = Router();
  router.get('/health', healthDoc, (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', readyDoc, async (req, res) => {
    const log = req.log ?? ctx.log;
    const [temporal, postgres] = await Promise.all([
      // The gRPC deadline ends the call itself; the race below only bounds the answer.
      check('temporal', log, () =>
        ctx.client.withDeadline(Date.now() + probeMs, () =>
          ctx.client.connection.workflowService.getSystemInfo({}),
        ),
      ),
      check('postgres', log, () => ctx.pool.query('SELECT 1')),
    ]);
    const ready = temporal === 'ok' && postgres === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', temporal, postgres });
  });
  return router;
}

/**
 * 'ok' or 'unavailable'. /ready is public: a driver's error text (addresses, user and database names,
 * server versions) goes to the log, never into the answer.
 */
const probeMs = 3000;

async function check(dependency: string, log: Logger, probe: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer within 3 s')), probeMs);
      }),
    ]);
    return 'ok';
  } catch (err) {
    log.warn({ err, dependency }, `ready: ${dependency} is not ready`);
    return 'unavailable';
  } finally {
    clearTimeout(timer);
  }
}
