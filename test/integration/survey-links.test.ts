/**
 * Survey links (issue 11, items 10 and 12), on the real server and PostgreSQL:
 * - a link answers only the survey it was sent for: a reopened case's second survey refuses the first link;
 * - a key id in the token: after a rotation, links signed with the key now in CASEFLOW_CODEC_OLD_KEYS work;
 * - auditors see that a link was sent but not its token, in the outbox or the case's decoded history (the
 *   notification activity signs the link at delivery); an earlier or answered survey's link shows no questions;
 * - without CASEFLOW_CODEC_KEY, worker and API agree on a random key kept in PostgreSQL — not the old
 *   constant, whose links are refused.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import pino from 'pino';
import { surveyKeysFrom } from '../../activities/survey-keys';
import { loadAuthFile } from '../../api/auth';
import { createPool } from '../../db/pool';
import { connectClient, startApi } from '../../api/server';
import { devAuthFile } from '../../config/paths';
import { startWorker } from '../../worker/start-worker';
import { writeFastStandardTemplate } from '../support/fast-template';
import { readableHistory } from '../support/history-text';
import { apiAs, eventually, startApiBeside, useTestSystem } from '../support/system';

jest.setTimeout(120_000);

// Surveys wait a minute, so every link stays live while the test runs.
const system = useTestSystem({ files: [writeFastStandardTemplate(60)] });

const as = (token: string, url = system.url) => apiAs(url, token);

/** Opens a case and resolves it at triage; the case then sends its survey. */
async function openAndResolve(url: string, customerId: string): Promise<string> {
  const opened = await as('dev-intake', url).post('/cases', {
    channel: 'web',
    customer: { id: customerId, name: 'Li Wei', email: 'li@example.com' },
    subject: 'Cannot log in',
    description: 'I cannot log in since this morning',
  });
  expect(opened.status).toBe(201);
  await completeTask(url, opened.body.id, 'frontline', 'resolved', { resolution: 'password reset' });
  return opened.body.id;
}

async function completeTask(
  url: string,
  caseId: string,
  department: string,
  outcome: string,
  form?: Record<string, unknown>,
): Promise<void> {
  const agent = as(`dev-${department}`, url);
  const task = await eventually(async () => {
    const inbox = await agent.get(`/tasks?department=${department}`);
    return inbox.body.items.find((t: { caseId: string; status: string }) => t.caseId === caseId);
  }, `the ${department} task`);
  const done = await agent.post(`/tasks/${task.id}/complete`, { outcome, ...(form ? { form } : {}) });
  expect(done.status).toBe(200);
}

/** The survey links sent for the case, oldest first, as `reader` sees them in the outbox. */
async function surveyLinks(caseId: string, count: number, reader = 'dev-admin', url = system.url) {
  return eventually(async () => {
    const listed = await as(reader, url).get(`/cases/${caseId}/notifications`);
    const links = (listed.body.items ?? []).filter(
      (n: { data?: { kind?: string } }) => n.data?.kind === 'survey',
    );
    return links.length === count ? links : undefined;
  }, `${count} survey link(s)`) as Promise<Array<{ message: string; data: { token: string; url: string } }>>;
}

const answer = (token: string, scores: Record<string, number>, url = system.url) =>
  as('', url).post(`/survey/${token}`, scores);

it('refuses the first survey’s link on a reopened case’s second survey, and takes the second’s', async () => {
  const caseId = await openAndResolve(system.url, 'cu-survey-twice');
  const [first] = await surveyLinks(caseId, 1);
  // A low score: quality reviews it, upholds the complaint, the case is triaged and resolved again.
  expect(await answer(first!.data.token, { speed: 1, ability: 3, attitude: 3 })).toMatchObject({
    status: 200,
  });
  await completeTask(system.url, caseId, 'quality', 'upheld');
  await completeTask(system.url, caseId, 'frontline', 'resolved', { resolution: 'fixed for real' });
  const [, second] = await surveyLinks(caseId, 2);
  expect(second!.data.token).not.toBe(first!.data.token);

  const replayed = await answer(first!.data.token, { speed: 5, ability: 5, attitude: 5 });
  expect(replayed.status).toBe(403);
  expect(replayed.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(replayed.body.detail).toMatch(/earlier survey/);
  expect((await as('dev-intake').get(`/cases/${caseId}`)).body).toMatchObject({ step: 'survey' });
  // Opening the first link no longer shows the questions either; the second's does.
  const shown = await as('').get(`/survey/${first!.data.token}`);
  expect(shown).toMatchObject({ status: 403, body: { detail: expect.stringMatching(/earlier survey/) } });
  expect(shown.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(await as('').get(`/survey/${second!.data.token}`)).toMatchObject({
    status: 200,
    body: { caseId, questions: expect.any(Array) },
  });

  expect(await answer(second!.data.token, { speed: 5, ability: 5, attitude: 5 })).toMatchObject({
    status: 200,
    body: { caseId, received: true },
  });
});

it('shows an answered survey’s link no more: 409 while the case no longer waits for answers', async () => {
  const caseId = await openAndResolve(system.url, 'cu-survey-answered');
  const [link] = await surveyLinks(caseId, 1);
  expect((await as('').get(`/survey/${link!.data.token}`)).status).toBe(200);
  // A low score: the case goes to quality's complaint review and waits for no survey.
  expect((await answer(link!.data.token, { speed: 1, ability: 3, attitude: 3 })).status).toBe(200);
  const shown = await as('').get(`/survey/${link!.data.token}`);
  expect(shown).toMatchObject({
    status: 409,
    body: { detail: 'The case is not waiting for survey answers.' },
  });
  expect(shown.headers.get('content-type')).toMatch(/application\/problem\+json/);
});

it('keeps every survey token out of the case history: the link is signed when it is delivered', async () => {
  const caseId = await openAndResolve(system.url, 'cu-survey-history');
  const [link] = await surveyLinks(caseId, 1);
  const history = await as('dev-auditor').get(`/cases/${caseId}/history`);
  expect(history.status).toBe(200);
  const readable = readableHistory(history.body);
  // The payloads were decoded: the notification's input, with the claims of the link, is readable.
  expect(readable.includes(`"surveyKey":"${caseId}/survey/1"`)).toBe(true);
  // Its signature is nowhere (not toContain: a failure would print the whole history).
  const signature = link!.data.token.split('.')[1]!;
  expect(signature.length).toBeGreaterThan(20);
  expect(readable.includes(signature)).toBe(false);
  // The customer answers with the link as delivered.
  expect(await answer(link!.data.token, { speed: 5, ability: 5, attitude: 5 })).toMatchObject({
    status: 200,
    body: { caseId, received: true },
  });
});

it('accepts a link signed before a key rotation while the old key is in CASEFLOW_CODEC_OLD_KEYS', async () => {
  const caseId = await openAndResolve(system.url, 'cu-survey-rotation');
  const [link] = await surveyLinks(caseId, 1);
  const newKey = randomBytes(32).toString('hex');
  const start = (oldCodecKeys: string[]) => startApiBeside(system, { codecKey: newKey, oldCodecKeys });
  const withoutOld = await start([]);
  const rotated = await start([system.codecKey]);
  try {
    const refused = await answer(link!.data.token, { speed: 4, ability: 4, attitude: 4 }, withoutOld.url);
    expect(refused).toMatchObject({
      status: 403,
      body: { detail: expect.stringMatching(/no longer accepts/) },
    });
    expect(await answer(link!.data.token, { speed: 4, ability: 4, attitude: 4 }, rotated.url)).toMatchObject({
      status: 200,
      body: { received: true },
    });
  } finally {
    await withoutOld.close();
    await rotated.close();
  }
});

it('shows auditors that a survey link was sent, never a token that answers it', async () => {
  const caseId = await openAndResolve(system.url, 'cu-survey-auditor');
  const [whole] = await surveyLinks(caseId, 1, 'dev-admin');
  const [seen] = await surveyLinks(caseId, 1, 'dev-auditor');
  const signature = whole!.data.token.split('.')[1]!;
  expect(JSON.stringify(seen)).not.toContain(signature);
  expect(seen!.data.token).toMatch(/\.\[hidden\]$/);
  expect(seen!.data.url).toContain(seen!.data.token);
  expect(seen!.message).toContain(seen!.data.url);
  const tried = await answer(seen!.data.token, { speed: 5, ability: 5, attitude: 5 });
  expect(tried.status).toBe(403);
  // The customer's link still works.
  expect(await answer(whole!.data.token, { speed: 5, ability: 5, attitude: 5 })).toMatchObject({
    status: 200,
  });
});

describe('without CASEFLOW_CODEC_KEY', () => {
  /** The fixed key development systems signed links with before (issue 11, item 10). */
  const oldConstant = Buffer.from('caseflow development survey key: never use in production');

  it('worker and API agree on one random key kept in PostgreSQL; the old constant’s links are refused', async () => {
    const databaseUrl = process.env.DATABASE_URL!;
    const workerPool = createPool(databaseUrl, { schema: system.schema, max: 2 });
    const apiPool = createPool(databaseUrl, { schema: system.schema, max: 2 });
    const lines: string[] = [];
    const log = pino(
      { level: 'warn' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(String(JSON.parse(chunk.toString()).msg));
          done();
        },
      }),
    );
    const temporal = {
      address: system.temporalAddress,
      namespace: 'default',
      taskQueue: `caseflow-test-nokey-${randomBytes(4).toString('hex')}`,
    };
    const worker = await startWorker({
      temporal,
      pool: workerPool,
      publicUrl: 'http://localhost:3000',
      workflowBundle: { code: readFileSync(process.env.CASEFLOW_TEST_WORKFLOW_BUNDLE!, 'utf8') },
      log,
    });
    const client = await connectClient(temporal);
    const api = await startApi({
      client,
      pool: apiPool,
      auth: loadAuthFile(devAuthFile, 'test'),
      taskQueue: temporal.taskQueue,
      port: 0,
      rateLimit: false,
      log,
    });
    try {
      // Both say loudly which key they use.
      expect(
        lines.filter((l) => /CASEFLOW_CODEC_KEY is not set: survey links .* PostgreSQL/.test(l)),
      ).toHaveLength(2);
      const caseId = await openAndResolve(api.url, 'cu-survey-nokey');
      const [link] = await surveyLinks(caseId, 1, 'dev-admin', api.url);

      const stored = await system.pool.query<{ secret: Buffer }>('SELECT secret FROM survey_key');
      expect(stored.rows).toHaveLength(1);
      expect(stored.rows[0]!.secret.equals(oldConstant)).toBe(false);
      expect(stored.rows[0]!.secret).toHaveLength(32);

      // A link forged with the old constant (the format of the time) is refused.
      const payload = Buffer.from(
        JSON.stringify([caseId, 'survey', new Date(Date.now() + 60_000).toISOString()]),
      ).toString('base64url');
      const forged = `${payload}.${createHmac('sha256', oldConstant).update(payload).digest('base64url')}`;
      expect((await answer(forged, { speed: 1, ability: 1, attitude: 1 }, api.url)).status).toBe(403);

      // The link the worker signed is answered through the API: they hold the same key.
      expect(await answer(link!.data.token, { speed: 5, ability: 5, attitude: 5 }, api.url)).toMatchObject({
        status: 200,
        body: { caseId, received: true },
      });
    } finally {
      await api.close();
      await worker.shutdown();
      await client.connection.close();
      await workerPool.end();
      await apiPool.end();
    }
  });

  it('lets concurrent starters make one key between them', async () => {
    await system.pool.query('DELETE FROM survey_key');
    const pools = [1, 2, 3, 4].map(() =>
      createPool(process.env.DATABASE_URL!, { schema: system.schema, max: 1 }),
    );
    try {
      const rings = await Promise.all(pools.map((pool) => surveyKeysFrom({}, pool)()));
      expect(new Set(rings.map((r) => r.current.id)).size).toBe(1);
      expect(new Set(rings.map((r) => r.current.secret.toString('hex'))).size).toBe(1);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('refuses to start in production, naming the setting', () => {
    expect(() => surveyKeysFrom({ NODE_ENV: 'production' }, system.pool)).toThrow(
      /^CASEFLOW_CODEC_KEY: required when NODE_ENV=production/,
    );
  });
});
