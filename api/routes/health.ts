import { Router } from 'express';
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
    503: { description: 'Not ready; says which dependency failed', schema: readiness },
  },
});

/** /health: the process is up. /ready: Temporal and PostgreSQL both answer (for load balancers). */
export function healthRouter(ctx: ApiContext): Router {
  const router = Router();
  router.get('/health', healthDoc, (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', readyDoc, async (_req, res) => {
    const [temporal, postgres] = await Promise.all([
      check(() => ctx.client.connection.workflowService.getSystemInfo({})),
      check(() => ctx.pool.query('SELECT 1')),
    ]);
    const ready = temporal === 'ok' && postgres === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', temporal, postgres });
  });
  return router;
}

async function check(probe: () => Promise<unknown>): Promise<string> {
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 3 s')), 3000)),
    ]);
    return 'ok';
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
