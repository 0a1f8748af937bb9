/**
 * A Temporal frontend that accepts connections and never answers must not hold a request for ever: every
 * Temporal call of a request runs under a deadline, and one past it is answered 503 with Retry-After.
 * Small deadlines here; the defaults (10 s reads, 60 s changes) are in docs/api.md.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type { ApiServer } from '../../api/server';
import { apiAs, startApiBeside, useTestSystem } from '../support/system';

const system = useTestSystem();
let silent: Server;
const sockets = new Set<Socket>();
let connection: Connection;
let api: ApiServer;

beforeAll(async () => {
  // Takes every connection and every byte, answers nothing: a hung frontend.
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as AddressInfo;
  connection = Connection.lazy({ address: `127.0.0.1:${port}` });
  api = await startApiBeside(system, {
    client: new Client({ connection }),
    temporalDeadlines: { readMs: 500, writeMs: 1000 },
  });
});
afterAll(async () => {
  await api?.close();
  await connection?.close().catch(() => undefined);
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent?.close(resolve));
});

const contact = {
  channel: 'email',
  customer: { id: 'cu-hung-frontend', name: 'Wang Fang' },
  subject: 'Cannot log in',
  description: 'since yesterday',
};

it('answers 503 with Retry-After within the write deadline when opening a case', async () => {
  const started = Date.now();
  const res = await apiAs(api.url, 'dev-intake').post('/cases', contact);
  const took = Date.now() - started;
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(took).toBeGreaterThanOrEqual(900);
  expect(took).toBeLessThan(5000);
});

it('answers 503 within the read deadline when reading a live case', async () => {
  // A case opened through the working API: its live view is a Temporal query.
  const opened = await apiAs(system.url, 'dev-intake').post('/cases', {
    ...contact,
    customer: { id: 'cu-hung-read', name: 'Li Na' },
  });
  expect(opened.status).toBe(201);
  const started = Date.now();
  const res = await apiAs(api.url, 'dev-admin').get(`/cases/${opened.body.id}`);
  const took = Date.now() - started;
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(took).toBeLessThan(4000);
});

it('is not ready while the frontend does not answer', async () => {
  const ready = await apiAs(api.url, '').get('/ready');
  expect(ready.status).toBe(503);
  expect(ready.body).toEqual({ status: 'not ready', temporal: 'unavailable', postgres: 'ok' });
});
