/**
 * Moving every open case of a version (issue 15, docs/migration.md "Moving many cases") on the real API,
 * Temporal and PostgreSQL: five cases of v1 stand at three steps, one of them at a step v2 renamed. The
 * dry run answers each case and moves none; the migration (a workflow of its own) pauses and resumes, moves
 * four and records the fifth's refusal with its reason, and the cases then run v2. `caseflow migrate`
 * does the same through the API, and moves the refused case with a step map.
 */
import { runMigrate } from '../../cli/migrate';
import type { CaseMigration, MigrationRun } from '../../contract';
import { apiAs, useTestSystem, waitFor } from '../support/system';
import { openTaskAt } from '../support/case-tasks';
import { movingTemplate } from '../support/moving-template';

const system = useTestSystem();
const as = (token: string) => apiAs(system.url, token);
const designer = () => as('dev-designer');

/** v1: work → review or ask (a wait for the customer) → done. */
const v1 = movingTemplate('moving-bulk');
/** v2: a shorter resolution target, and the wait renamed: a case waiting at `ask` has no place in v2. */
const version = (n: number) =>
  v1
    .replace('version: 1', `version: ${n}`)
    .replace('resolution: 2d', 'resolution: 1d')
    .replace('needs-info: ask', 'needs-info: await-reply')
    .replace('  - id: ask\n', '  - id: await-reply\n');

/** The cases: two at work, two at review, one waiting at ask. */
const at: { work: string[]; review: string[]; ask: string[] } = { work: [], review: [], ask: [] };
const all = () => [...at.work, ...at.review, ...at.ask];

async function openCase(n: number): Promise<string> {
  const opened = await as('dev-intake').post('/cases', {
    template: 'moving-bulk',
    version: 1,
    channel: 'web',
    customer: { id: `cu-moving-bulk-${n}` },
    subject: `Case ${n}`,
  });
  expect(opened.status).toBe(201);
  return opened.body.id as string;
}

/** The case's open task at `step`, once the case has it. */
const taskAt = async (caseId: string, step: string): Promise<string> =>
  (await openTaskAt(system.url, caseId, step)).id;

/** Waits until the case index shows the case at `step` (a bulk migration lists cases from it). */
const projectedAt = (caseId: string, step: string) =>
  waitFor(
    async () => (await system.pool.query('SELECT step FROM cases WHERE id = $1', [caseId])).rows[0]?.step,
    (s) => s === step,
    `case ${caseId} projected at ${step}`,
  );

async function complete(caseId: string, step: string, outcome: string): Promise<void> {
  const task = await taskAt(caseId, step);
  expect((await as('dev-frontline').post(`/tasks/${task}/complete`, { outcome })).status).toBe(200);
}

beforeAll(async () => {
  expect((await designer().post('/templates', { source: v1 })).status).toBe(201);
  for (let n = 0; n < 5; n += 1) {
    const id = await openCase(n);
    await taskAt(id, 'work');
    (n < 2 ? at.work : n < 4 ? at.review : at.ask).push(id);
  }
  for (const id of at.review) await complete(id, 'work', 'escalate');
  for (const id of at.ask) await complete(id, 'work', 'needs-info');
  for (const id of at.work) await projectedAt(id, 'work');
  for (const id of at.review) await projectedAt(id, 'review');
  for (const id of at.ask) await projectedAt(id, 'ask');
  expect((await designer().post('/templates', { source: version(2) })).status).toBe(201);
});

const versionOf = async (caseId: string): Promise<number> =>
  (await as('dev-admin').get(`/cases/${caseId}`)).body.template.version as number;
const byId = (cases: CaseMigration[]) => new Map(cases.map((c) => [c.id, c]));

it('refuses a move to the same version, to an unknown one, and to a retired one', async () => {
  const same = await designer().post('/templates/moving-bulk/versions/1/migrate', { from: 1 });
  expect(same.status).toBe(422);
  expect(same.body.errors).toEqual([expect.objectContaining({ field: 'body.from' })]);
  expect((await designer().post('/templates/moving-bulk/versions/9/migrate', { from: 1 })).status).toBe(404);
  expect((await designer().post('/templates/moving-bulk/versions/2/migrate', { from: 7 })).status).toBe(404);
  expect((await designer().post('/templates', { source: version(3) })).status).toBe(201);
  expect((await designer().post('/templates/moving-bulk/versions/3/retire')).status).toBe(200);
  const retired = await designer().post('/templates/moving-bulk/versions/3/migrate', { from: 1 });
  expect(retired.status).toBe(409);
  expect(retired.body.detail).toMatch(/retired/);
  expect(
    (await as('dev-frontline').post('/templates/moving-bulk/versions/2/migrate', { from: 1 })).status,
  ).toBe(403);
});

it('dry run: answers every open case, the one at a renamed step refused, and moves none', async () => {
  const dry = await designer().post('/templates/moving-bulk/versions/2/migrate', { from: 1, dryRun: true });
  expect(dry.status).toBe(200);
  expect(dry.body).toMatchObject({
    template: 'moving-bulk',
    from: 1,
    to: 2,
    dryRun: true,
    total: 5,
    movable: 4,
  });
  expect(dry.body.refused).toBe(1);
  const cases = byId(dry.body.cases);
  for (const id of at.work)
    expect(cases.get(id)).toMatchObject({
      ok: true,
      from: { version: 1, step: 'work' },
      to: { version: 2, step: 'work' },
    });
  for (const id of at.review)
    expect(cases.get(id)).toMatchObject({ ok: true, to: { version: 2, step: 'review' } });
  const waiting = cases.get(at.ask[0]!);
  expect(waiting).toMatchObject({ ok: false, from: { version: 1, step: 'ask' } });
  expect(waiting?.reason).toMatch(/ask/);
  for (const id of all()) expect(await versionOf(id)).toBe(1);
});

it('checks the open cases against a candidate that is not published yet, with its step map', async () => {
  // v7 is never published: the editor's check before publish. It renames ask, like v2.
  const candidate = version(7);
  const check = await designer().post('/templates/migration-check', {
    source: candidate,
    from: 1,
    stepMap: { ask: 'await-reply' },
  });
  expect(check.status).toBe(200);
  expect(check.body).toMatchObject({
    template: 'moving-bulk',
    from: 1,
    to: 7,
    total: 5,
    movable: 5,
    refused: 0,
  });
  expect(byId(check.body.cases).get(at.ask[0]!)).toMatchObject({
    ok: true,
    to: { version: 7, step: 'await-reply' },
  });
  expect((await designer().get('/templates/moving-bulk/versions/7')).status).toBe(404);
  for (const id of all()) expect(await versionOf(id)).toBe(1);

  const broken = await designer().post('/templates/migration-check', { source: 'name: [', from: 1 });
  expect(broken.status).toBe(422);
  expect(broken.body.errors[0].field).toMatch(/^request\.yaml:\d+:\d+$/);
  const unknown = await designer().post('/templates/migration-check', { source: candidate, from: 9 });
  expect(unknown.status).toBe(404);
  expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'body.from' })]);
  const itself = await designer().post('/templates/migration-check', { source: version(1), from: 1 });
  expect(itself.status).toBe(422);
  expect(
    (await as('dev-frontline').post('/templates/migration-check', { source: candidate, from: 1 })).status,
  ).toBe(403);
});

it('caseflow migrate cases --dry-run prints each case and the totals, through the API', async () => {
  let stdout = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stdout += t) };
  const env = { CASEFLOW_API_URL: system.url, CASEFLOW_TOKEN: 'dev-designer' };
  const code = await runMigrate(['cases', 'moving-bulk', '--from', '1', '--to', '2', '--dry-run'], io, env);
  expect(code).toBe(1); // one case refused
  expect(stdout).toContain(`${at.work[0]}  v1/work → v2/work  ok`);
  expect(stdout).toMatch(new RegExp(`${at.ask[0]}  v1/ask → v2/\\S*  refused: .*ask`));
  expect(stdout).toContain(
    'dry run: 5 open cases of moving-bulk v1, 4 movable to v2, 1 refused; nothing changed',
  );
});

it('moves the cases one by one, pauses and resumes, and records the refusal with its reason', async () => {
  const started = await designer().post('/templates/moving-bulk/versions/2/migrate', { from: 1 });
  expect(started.status).toBe(202);
  const run = started.body as MigrationRun;
  expect(started.headers.get('location')).toBe(`/migrations/${run.id}`);
  expect(run).toMatchObject({ template: 'moving-bulk', from: 1, to: 2, total: 5, startedBy: 'designer' });

  const paused = await designer().post(`/migrations/${run.id}/pause`);
  expect(paused.status).toBe(200);
  // The case being moved when the pause came finishes first (running until then); then nothing moves.
  expect(['paused', 'running']).toContain(paused.body.status);
  const settled = await waitFor(
    async () => (await designer().get(`/migrations/${run.id}`)).body as MigrationRun,
    (r) => r.status === 'paused',
    'the paused migration',
  );
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const still = (await designer().get(`/migrations/${run.id}`)).body as MigrationRun;
  expect(still.status).toBe('paused');
  expect(still.done).toBe(settled.done);
  expect(still.done).toBeLessThan(5);
  // All its state is in its workflow: a new worker goes on where the old one stopped.
  await system.restartWorker();

  const resumed = await designer().post(`/migrations/${run.id}/resume`);
  expect(resumed.status).toBe(200);
  expect(resumed.body.status).toBe('running');

  const done = await waitFor(
    async () => (await designer().get(`/migrations/${run.id}`)).body as MigrationRun,
    (r) => r.status === 'completed',
    'the completed migration',
    30_000,
  );
  expect(done).toMatchObject({ total: 5, done: 5, moved: 4, refused: 1 });
  const refused = done.cases.filter((c) => !c.ok);
  expect(refused).toEqual([expect.objectContaining({ id: at.ask[0], from: { version: 1, step: 'ask' } })]);
  expect(refused[0]?.reason).toMatch(/ask/);
  for (const id of [...at.work, ...at.review]) expect(await versionOf(id)).toBe(2);
  expect(await versionOf(at.ask[0]!)).toBe(1);
  const views = await Promise.all(at.review.map((id) => as('dev-admin').get(`/cases/${id}`)));
  for (const view of views) expect(view.body.step).toBe('review');

  // An ended migration still answers, and takes no pause.
  expect((await designer().post(`/migrations/${run.id}/pause`)).status).toBe(409);
  expect((await designer().get('/migrations/no-such-migration')).status).toBe(404);

  // The CLI reads the same run.
  let stdout = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stdout += t) };
  const env = { CASEFLOW_API_URL: system.url, CASEFLOW_TOKEN: 'dev-designer' };
  expect(await runMigrate(['status', run.id], io, env)).toBe(0);
  expect(stdout).toContain('moving-bulk v1 → v2: completed, 5/5 done, 4 moved, 1 refused');
});

it('caseflow migrate case moves the refused case with a step map', async () => {
  let stdout = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stdout += t) };
  const env = { CASEFLOW_API_URL: system.url, CASEFLOW_TOKEN: 'dev-designer' };
  const id = at.ask[0]!;
  const args = ['case', id, '--to', '2', '--step-map', 'ask=await-reply'];
  expect(await runMigrate(args, io, env)).toBe(0);
  expect(stdout).toContain(`${id}  v1/ask → v2/await-reply  ok\n  step ask kept as await-reply\n`);
  expect(await versionOf(id)).toBe(2);
});

it('with Idempotency-Key a retried start answers the same migration (here of no case left on v1)', async () => {
  const key = { 'idempotency-key': 'bulk-move-retry' };
  const first = await designer().post('/templates/moving-bulk/versions/2/migrate', { from: 1 }, key);
  const again = await designer().post('/templates/moving-bulk/versions/2/migrate', { from: 1 }, key);
  expect(first.status).toBe(202);
  expect(again.status).toBe(202);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(again.body.id).toBe(first.body.id);
  expect(first.body.total).toBe(0);
  const done = await waitFor(
    async () => (await designer().get(`/migrations/${first.body.id as string}`)).body as MigrationRun,
    (r) => r.status === 'completed',
    'the empty migration',
  );
  expect(done).toMatchObject({ total: 0, done: 0, cases: [] });
});

it('caseflow migrate cases starts a migration and follows it case by case until it completes', async () => {
  expect((await designer().post('/templates', { source: version(4) })).status).toBe(201);
  let stdout = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stdout += t) };
  const env = { CASEFLOW_API_URL: system.url, CASEFLOW_TOKEN: 'dev-designer' };
  expect(await runMigrate(['cases', 'moving-bulk', '--from', '2', '--to', '4'], io, env)).toBe(0);
  expect(stdout).toMatch(/^migration \S+ started: 5 open cases of moving-bulk v2 → v4$/m);
  for (const id of all()) expect(stdout).toMatch(new RegExp(`^${id}  v2/\\S+ → v4/\\S+  ok$`, 'm'));
  expect(stdout).toContain('moving-bulk v2 → v4: completed, 5/5 done, 5 moved, 0 refused');
  for (const id of all()) expect(await versionOf(id)).toBe(4);
});

it('the audit log names who started, read and paused the migration', async () => {
  const log = await as('dev-auditor').get('/audit-log?limit=200');
  expect(log.status).toBe(200);
  const actions = (log.body.items as Array<{ action: string; principal: string }>)
    .filter((e) => e.principal === 'designer')
    .map((e) => e.action);
  expect(actions).toEqual(
    expect.arrayContaining(['template.migrate', 'migration.read', 'migration.pause', 'migration.resume']),
  );
});
