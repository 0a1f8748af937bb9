/**
 * `npm start` as a user runs it (the compiled dist/stack/start.js, the Temporal dev server with SQLite and
 * the embedded PGlite): open a case, stop everything with Ctrl-C, start again, and the case and its task are
 * still there and can be completed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../config/paths';
import { apiAs, eventually } from '../support/system';
import { freePort, freePortWith, startNode, type Started } from '../support/processes';

const script = join(projectRoot, 'dist', 'stack', 'start.js');
let dataDir: string;
let running: Started | undefined;

beforeAll(() => {
  if (!existsSync(script)) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  dataDir = mkdtempSync(join(tmpdir(), 'caseflow-start-'));
});
afterAll(async () => {
  await running?.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(port: number, temporalPort: number): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    CASEFLOW_DATA_DIR: dataDir,
    CASEFLOW_DEV_TEMPORAL_PORT: String(temporalPort),
    LOG_LEVEL: 'warn',
  };
  return startNode(script, env, /ready\. Ctrl-C stops everything/);
}

it('keeps an open case and its task across a stop and a start', async () => {
  const port = await freePort();
  const temporalPort = await freePortWith(1000); // its UI listens on +1000 (stack/dev-server.ts)
  running = await start(port, temporalPort);
  expect(running.output()).toMatch(new RegExp(`API +http://127\\.0\\.0\\.1:${port}`));
  expect(running.output()).toMatch(/Temporal UI http:\/\/127\.0\.0\.1:\d+/);
  expect(running.output()).toMatch(/dev-frontline/);

  const url = `http://127.0.0.1:${port}`;
  const opened = await apiAs(url, 'dev-intake').post('/cases', {
    channel: 'phone',
    customer: { id: 'cu-restart' },
    subject: 'Invoice is wrong',
    description: '发票金额不对',
  });
  expect(opened.status).toBe(201);
  const caseId: string = opened.body.id;
  const task = await eventually(async () => {
    const inbox = await apiAs(url, 'dev-frontline').get('/tasks?department=frontline');
    return inbox.body.items.find((t: { caseId: string }) => t.caseId === caseId);
  }, 'the triage task');

  expect(await running.stop('SIGINT')).toBe(0);
  expect(running.output()).toMatch(/stopped/);
  running = await start(port, temporalPort);

  const again = await apiAs(url, 'dev-frontline').get(`/tasks/${task.id}`);
  expect(again).toMatchObject({ status: 200, body: { id: task.id, status: 'open' } });
  const done = await apiAs(url, 'dev-frontline').post(`/tasks/${task.id}/complete`, {
    outcome: 'resolved',
    form: { resolution: 'corrected invoice sent' },
  });
  expect(done.status).toBe(200);
  const view = await apiAs(url, 'dev-intake').get(`/cases/${caseId}`);
  expect(view.body.status).toBe('resolved');
  expect(await running.stop('SIGINT')).toBe(0);
  running = undefined;
});
