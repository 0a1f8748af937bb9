import { Router } from 'express';
import type { ApiContext } from '../context';

/** /health: the process is up. /ready: Temporal and PostgreSQL both answer (for load balancers). */
export function healthRouter(ctx: ApiContext): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
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
