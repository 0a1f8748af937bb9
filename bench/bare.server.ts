/**
 * The bare workflow behind the thinnest HTTP there is (node:http, no auth, no validation), so the load
 * benchmark times both sides through an HTTP call on the same machine:
 *
 *   POST /bare              starts a bare workflow and answers 201 once its first row is in PostgreSQL,
 *                           polled every 50 ms for at most 10 s, as POST /cases waits for a case's
 *                           projection (db/cases.ts waitForCaseProjection)
 *   POST /bare/{id}/finish  the Update that writes the second row; answers 200 when it has
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { hasBareRow } from './bare.activities';
import { finishBareUpdate } from './bare.workflow';

/** The workflow id of bare workflow `id`. */
export const bareWorkflowId = (id: string): string => `bare-${id}`;

export interface BareServer {
  url: string;
  close(): Promise<void>;
}

/** Listens on a free loopback port. */
export async function startBareServer(options: {
  client: Client;
  pool: Pool;
  schema: string;
  taskQueue: string;
}): Promise<BareServer> {
  const { client, pool, schema, taskQueue } = options;
  const open = async (): Promise<{ id: string }> => {
    const id = randomUUID();
    await client.workflow.start('bareWorkflow', { taskQueue, workflowId: bareWorkflowId(id), args: [id] });
    // As waitForCaseProjection: at most 10 s, then answer anyway (the row is late, not lost).
    const deadline = Date.now() + 10_000;
    while (!(await hasBareRow(pool, schema, id, 'opened')) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    return { id };
  };
  const finish = async (id: string): Promise<{ id: string; outcome: string }> => {
    const outcome = await client.workflow
      .getHandle(bareWorkflowId(id))
      .executeUpdate(finishBareUpdate, { args: ['resolved'] });
    return { id, outcome };
  };
  const server: Server = createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    // The body is not needed: drain it so the connection can be reused.
    req.resume();
    req.on('end', () => {
      const finishing = /^\/bare\/([^/]+)\/finish$/.exec(req.url ?? '');
      const work =
        req.method === 'POST' && req.url === '/bare'
          ? open().then((body) => answer(201, body))
          : req.method === 'POST' && finishing
            ? finish(finishing[1]!).then((body) => answer(200, body))
            : Promise.resolve(answer(404, { title: 'Not Found' }));
      work.catch((err: unknown) => answer(500, { title: 'Internal Server Error', detail: String(err) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.listen(0, '127.0.0.1', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
