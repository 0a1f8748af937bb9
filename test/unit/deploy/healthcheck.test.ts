/**
 * bin/healthcheck.js, the containers' health check: healthy only on a 200 answer, unhealthy on any other
 * status, a closed port or no answer.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../../../config/paths';

const script = join(projectRoot, 'bin', 'healthcheck.js');

function check(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/health') res.writeHead(200).end('{"status":"ok"}');
    else if (req.url === '/silent')
      return; // never answers
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

it('is healthy when the URL answers 200, and checks GET /health on $PORT by default', async () => {
  expect((await check([`http://127.0.0.1:${port}/health`])).code).toBe(0);
  expect((await check([], { PORT: String(port) })).code).toBe(0);
});

it('is unhealthy on another status, a closed port, or no answer within 4 s', async () => {
  expect((await check([`http://127.0.0.1:${port}/metrics`])).code).toBe(1);
  const closed = await check(['http://127.0.0.1:1/health']);
  expect(closed.code).toBe(1);
  expect(closed.stderr).toMatch(/^healthcheck: connect ECONNREFUSED 127\.0\.0\.1:1\n$/);
  const silent = await check([`http://127.0.0.1:${port}/silent`]);
  expect(silent.code).toBe(1);
  expect(silent.stderr).toMatch(/no answer from .* within 4 s/);
}, 15_000);
