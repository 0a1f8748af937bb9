/**
 * The walking skeleton of the standard flow, on a real Temporal dev server and the real PostgreSQL:
 * open a case over HTTP, find its triage task in the front line's inbox, complete it, see the case resolved.
 */
import pino from 'pino';
import { loadAuthFile } from '../../api/auth';
import { createPool } from '../../db/pool';
import { devAuthFile } from '../../config/paths';
import { startApi } from '../../api/server';
import { freePort } from '../support/processes';
import { apiAs, eventually, useTestSystem } from '../support/system';

const system = useTestSystem();

const newCase = {
  channel: 'web',
  customer: { id: 'cu-skeleton', name: 'Li Wei', tier: 'standard' },
  subject: 'Cannot log in',
  description: 'I cannot log in since this morning',
};

describe('walking skeleton', () => {
  it('opens a case, lists its triage task, completes it, and shows the case resolved', async () => {
    const intake = apiAs(system.url, 'dev-intake');
    const frontline = apiAs(system.url, 'dev-frontline');

    const opened = await intake.post('/cases', newCase);
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ status: 'open', template: { name: 'customer-issue', version: 1 } });
    expect(opened.body.template.sha256).toMatch(/^[0-9a-f]{64}$/);
    const caseId: string = opened.body.id;

    const task = await eventually(async () => {
      const inbox = await frontline.get('/tasks?department=frontline');
      expect(inbox.status).toBe(200);
      return inbox.body.items.find((t: { caseId: string }) => t.caseId === caseId);
    }, 'the triage task in the frontline inbox');
    expect(task).toMatchObject({ department: 'frontline', status: 'open' });
    expect(task.outcomes).toEqual(expect.arrayContaining(['resolved', 'route', 'needs-info']));

    const done = await frontline.post(`/tasks/${task.id}/complete`, {
      outcome: 'resolved',
      form: { resolution: 'password reset' },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: task.id, status: 'completed' });

    // The update returned after the projection was written: the inbox is already right.
    const after = await frontline.get('/tasks?department=frontline&status=open');
    expect(after.body.items.map((t: { id: string }) => t.id)).not.toContain(task.id);

    const view = await intake.get(`/cases/${caseId}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ id: caseId, status: 'resolved', category: 'technical' });
  });

  it('refuses a second completion of the same task with 409 and leaves the case unchanged', async () => {
    const intake = apiAs(system.url, 'dev-intake');
    const frontline = apiAs(system.url, 'dev-frontline');
    const opened = await intake.post('/cases', { ...newCase, customer: { id: 'cu-twice' } });
    const task = await eventually(async () => {
      const inbox = await frontline.get('/tasks?department=frontline');
      return inbox.body.items.find((t: { caseId: string }) => t.caseId === opened.body.id);
    }, 'the triage task');
    const [a, b] = await Promise.all([
      frontline.post(`/tasks/${task.id}/complete`, { outcome: 'resolved', form: { resolution: 'a' } }),
      frontline.post(`/tasks/${task.id}/complete`, { outcome: 'resolved', form: { resolution: 'b' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('answers 422 for an outcome the step does not have', async () => {
    const intake = apiAs(system.url, 'dev-intake');
    const frontline = apiAs(system.url, 'dev-frontline');
    const opened = await intake.post('/cases', { ...newCase, customer: { id: 'cu-bad-outcome' } });
    const task = await eventually(async () => {
      const inbox = await frontline.get('/tasks?department=frontline');
      return inbox.body.items.find((t: { caseId: string }) => t.caseId === opened.body.id);
    }, 'the triage task');
    const res = await frontline.post(`/tasks/${task.id}/complete`, { outcome: 'teleported' });
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/teleported/);
    const still = await frontline.get(`/tasks/${task.id}`);
    expect(still.body.status).toBe('open');
  });
});

describe('bad input and auth', () => {
  it('answers 401 problem+json without a token or with an unknown one', async () => {
    for (const token of ['', 'not-a-token']) {
      const res = await apiAs(system.url, token).get('/tasks');
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
  });

  it('answers 400 naming each bad field, never a 500', async () => {
    const intake = apiAs(system.url, 'dev-intake');
    const res = await intake.post('/cases', { channel: 'pigeon', customer: {}, subject: '' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.channel', 'body.customer.id', 'body.subject']));
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await apiAs(system.url, 'dev-intake').raw('POST', '/cases', '{"channel":', {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'body', message: 'expected a JSON document' }]);
  });

  it('answers 403 when an agent asks for another department inbox', async () => {
    const res = await apiAs(system.url, 'dev-frontline').get('/tasks?department=billing');
    expect(res.status).toBe(403);
  });

  it('is healthy and ready when Temporal and PostgreSQL answer', async () => {
    const health = await apiAs(system.url, '').get('/health');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await apiAs(system.url, '').get('/ready');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready', temporal: 'ok', postgres: 'ok' } });
  });

  it('is not ready while PostgreSQL does not answer, and says so', async () => {
    const deadPool = createPool(`postgres://nobody@127.0.0.1:${await freePort()}/none`, { max: 1 });
    const api = await startApi({
      client: system.client,
      pool: deadPool,
      auth: loadAuthFile(devAuthFile, 'test'),
      taskQueue: system.taskQueue,
      port: 0,
      log: pino({ level: 'silent' }),
    });
    try {
      const ready = await apiAs(api.url, '').get('/ready');
      expect(ready.status).toBe(503);
      // Which dependency, in a fixed phrase: the driver's error (address, user, database) stays in the log.
      expect(ready.body).toEqual({ status: 'not ready', temporal: 'ok', postgres: 'unavailable' });
      expect(JSON.stringify(ready.body)).not.toMatch(/ECONNREFUSED|connect|127\.0\.0\.1|nobody/);
    } finally {
      await api.close();
      await deadPool.end();
    }
  });
});
