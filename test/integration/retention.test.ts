/**
 * The retention purge (issue 16, docs/privacy.md "Retention") on real PostgreSQL and Temporal: cases that
 * finished longer ago than the retention lose their personal data (view, customer, messages, outbox rows,
 * the idempotency store's answers), those still running or finished recently keep it, and every report
 * answers the same figures before and after. The worker given CASEFLOW_RETENTION writes the daily
 * schedule `caseflow-retention`, whose run purges through the same workflow.
 */
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { RETENTION_BATCH } from '../../db/retention';
import { startWorker } from '../../worker/start-worker';
import { RETENTION_SCHEDULE_ID } from '../../worker/schedules';
import { apiAs, useTestSystem, waitFor } from '../support/system';

const system = useTestSystem();
const DAY = 86_400_000;
const RETENTION_DAYS = 30;
const retentionSeconds = RETENTION_DAYS * 86_400;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

interface Row {
  id: string;
  status: string;
  step: string;
  /** Days ago it was opened, ended (undefined: not ended) and last changed. */
  created: number;
  ended?: number;
  updated: number;
  customerId: string;
  /** An open or claimed task (a quality review after the end). */
  openTask?: boolean;
}

/** A case as the projection writes it: a view with personal data, its messages, decisions, outbox and tasks. */
async function insertCase(r: Row): Promise<void> {
  const comment = `comment of ${r.id}`;
  const view = {
    id: r.id,
    subject: `Subject of ${r.id}: my router at Elm Street 5`,
    description: `Description of ${r.id}`,
    attributes: { orderNo: `A-${r.id}` },
    customer: { id: r.customerId, name: 'Ada Lovelace', phone: '+44 20 7946 0000', tier: 'vip' },
    status: r.status,
    tags: [],
    tasks: [],
    clocks: [],
    escalations: [],
    vars: {},
    decisions: [
      { at: ago(r.created), step: 'intake', what: 'message from customer', why: 'my router at Elm Street 5' },
      {
        at: ago(r.updated),
        step: 'survey',
        what: 'survey answered',
        why: JSON.stringify({ speed: 4, ability: 5, attitude: 3, comment }),
      },
    ],
    createdAt: ago(r.created),
    updatedAt: ago(r.updated),
    revision: 7,
  };
  await system.pool.query(
    `INSERT INTO cases (id, workflow_id, template_name, template_version, template_sha256, status, channel,
       customer_id, category, department, priority, step, view, revision, created_at, updated_at, ended_at,
       response_business_ms, response_met, resolution_business_ms, resolution_met, resolved_at, reopen_count,
       escalation_count, first_contact_resolution, survey_sent_at, survey_answered_at, survey_scores)
     VALUES ($1, 'case-' || $1, 'customer-issue', 1, 'x', $2, 'web', $3, 'technical', 'frontline', 'P3', $4,
       $5, 7, $6, $7, $8, 3600000, true, 7200000, $9, $8, 0, 1, true, $6, $7, $10)`,
    [
      r.id,
      r.status,
      r.customerId,
      r.step,
      JSON.stringify(view),
      ago(r.created),
      ago(r.updated),
      r.ended === undefined ? null : ago(r.ended),
      r.id.endsWith('1'),
      JSON.stringify({ speed: 4, ability: 5, attitude: 3, comment }),
    ],
  );
  await system.pool.query(
    `INSERT INTO case_messages (case_id, seq, at, sender, by_name, text) VALUES ($1, 0, $2, 'customer', 'web', $3)`,
    [r.id, ago(r.created), 'my router at Elm Street 5 is broken'],
  );
  await system.pool.query(
    `INSERT INTO case_decisions (case_id, seq, decision) SELECT $1, n - 1, d
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(d, n)`,
    [r.id, JSON.stringify(view.decisions)],
  );
  await system.pool.query(
    `INSERT INTO outbox (id, case_id, recipient, channel, message, data, created_at)
     VALUES ($1 || '/survey', $1, 'customer', 'email', 'Tell us: https://x.test/survey/tok', $2, $3)`,
    [r.id, JSON.stringify({ url: 'https://x.test/survey/tok', token: 'tok' }), ago(r.updated)],
  );
  await system.pool.query(
    `INSERT INTO tasks (id, case_id, department, step, title, status, view, revision, created_at, updated_at)
     VALUES ($1 || '-t1', $1, 'frontline', 'triage', 'Triage', $2, '{}', 7, $3, $4)`,
    [r.id, r.openTask ? 'open' : 'completed', ago(r.created), ago(r.updated)],
  );
  // The answer of the POST /cases that opened it, as the idempotency store keeps it.
  await system.pool.query(
    `INSERT INTO idempotency_keys (principal, key, request_hash, status, content_type, body, created_at)
     VALUES ('dev-intake', $1, 'h', 201, 'application/json', $2, now())`,
    [`key-${r.id}`, JSON.stringify({ id: r.id, subject: view.subject })],
  );
}

const rows: Row[] = [
  // Due: closed 60 days ago; resolved at the template's `end` step 40 days ago (where its cases finish).
  {
    id: 'old1',
    status: 'closed',
    step: 'closed-no-reply',
    created: 90,
    ended: 60,
    updated: 60,
    customerId: 'ck_old1',
  },
  {
    id: 'old2',
    status: 'resolved',
    step: 'done',
    created: 80,
    ended: 40,
    updated: 40,
    customerId: 'cu-old2',
  },
  // Not due: finished 10 days ago; resolved by a follow-up step (still running); a quality review still open;
  // reopened (its earlier end is measured, its status is open); changed since its end.
  {
    id: 'recent',
    status: 'closed',
    step: 'closed-no-reply',
    created: 20,
    ended: 10,
    updated: 10,
    customerId: 'ck_recent',
  },
  {
    id: 'following',
    status: 'resolved',
    step: 'follow-up',
    created: 90,
    ended: 60,
    updated: 60,
    customerId: 'ck_f',
  },
  {
    id: 'reviewed',
    status: 'closed',
    step: 'closed-no-reply',
    created: 90,
    ended: 60,
    updated: 60,
    customerId: 'ck_r',
    openTask: true,
  },
  { id: 'reopened', status: 'open', step: 'triage', created: 90, ended: 60, updated: 60, customerId: 'ck_o' },
  {
    id: 'changed',
    status: 'rejected',
    step: 'rejected',
    created: 90,
    ended: 60,
    updated: 5,
    customerId: 'ck_c',
  },
];
const untouched = ['recent', 'following', 'reviewed', 'reopened', 'changed'];

const admin = () => apiAs(system.url, 'dev-admin');
const period = () => `from=${ago(100).slice(0, 10)}&to=${ago(-1).slice(0, 10)}`;
const reports = ['sla', 'backlog', 'satisfaction', 'workload'];
const groupings = ['none', 'priority', 'department'];

/** Every report's figures for the period, in every grouping that the rows differ by. */
async function figures(): Promise<Record<string, unknown>> {
  const answers: Record<string, unknown> = {};
  for (const report of reports)
    for (const groupBy of groupings) {
      const res = await admin().get(`/reports/${report}?groupBy=${groupBy}&${period()}`);
      expect(res.status).toBe(200);
      // The instant of the answer moves, and with it the open case's age; the figures must not.
      const { groups } = res.body as { groups: Array<Record<string, unknown>> };
      answers[`${report}/${groupBy}`] = groups.map(({ oldestAgeMs: _age, ...figures }) => figures);
    }
  return answers;
}

const caseRow = async (id: string) =>
  (
    await system.pool.query<{
      view: { subject: string; description: string; customer: Record<string, string>; decisions: unknown[] };
      customer_id: string;
      purged_at: Date | null;
      survey_scores: Record<string, unknown>;
      ended_at: Date;
      resolution_met: boolean;
    }>(
      'SELECT view, customer_id, purged_at, survey_scores, ended_at, resolution_met FROM cases WHERE id = $1',
      [id],
    )
  ).rows[0]!;
const count = async (table: string, id: string) =>
  Number(
    (await system.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE case_id = $1`, [id]))
      .rows[0]!.n,
  );

beforeAll(async () => {
  for (const row of rows) await insertCase(row);
  // An answer older than the retention, naming no case: the purge deletes it too.
  await system.pool.query(
    `INSERT INTO idempotency_keys (principal, key, request_hash, status, body, created_at)
     VALUES ('dev-intake', 'key-ancient', 'h', 201, '{}', now() - interval '40 days')`,
  );
});

describe('the retention purge', () => {
  let before: Record<string, unknown>;

  test('scrubs the cases finished longer ago than the retention, and only those', async () => {
    before = await figures();
    // The figures compared below are those of the seven cases (and their tasks), not an empty answer.
    expect(before['sla/none']).toEqual([expect.objectContaining({ cases: 7, resolutionMet: 1 })]);
    expect(before['workload/none']).toEqual([expect.objectContaining({ tasks: 7, completed: 6 })]);
    const run = await system.client.workflow.execute('retentionWorkflow', {
      taskQueue: system.taskQueue,
      workflowId: `retention-test-${system.schema}`,
      args: [{ retentionSeconds }],
    });
    expect(run).toEqual({ purged: 2 });

    for (const id of ['old1', 'old2']) {
      const row = await caseRow(id);
      expect(row.purged_at).not.toBeNull();
      expect(row.view.subject).toBe('[erased]');
      expect(row.view.description).toBe('[erased]');
      expect(row.view.customer).toMatchObject({
        id: '[erased]',
        name: '[erased]',
        phone: '[erased]',
        tier: 'vip',
      });
      expect(JSON.stringify(row.view)).not.toMatch(/Elm Street|Lovelace|comment of/);
      // The figures stay: scores without the comment, the end, the SLA result.
      expect(row.survey_scores).toEqual({ speed: 4, ability: 5, attitude: 3 });
      expect(row.ended_at).not.toBeNull();
      expect(row.resolution_met).toBe(id === 'old1');
      expect(await count('case_messages', id)).toBe(0);
      expect(await count('outbox', id)).toBe(0);
      // The decision log stays, without what the customer wrote.
      expect(await count('case_decisions', id)).toBe(2);
      const log = await system.pool.query<{ decision: unknown }>(
        'SELECT decision FROM case_decisions WHERE case_id = $1',
        [id],
      );
      expect(JSON.stringify(log.rows)).not.toMatch(/Elm Street|comment of/);
    }
    // The opaque key stays (a customer's cases still count together); a customer's own id goes.
    expect((await caseRow('old1')).customer_id).toBe('ck_old1');
    expect((await caseRow('old2')).customer_id).toBe('[erased]');

    for (const id of untouched) {
      const row = await caseRow(id);
      expect(row.purged_at).toBeNull();
      expect(row.view.subject).toBe(`Subject of ${id}: my router at Elm Street 5`);
      expect(row.view.customer.name).toBe('Ada Lovelace');
      expect(await count('case_messages', id)).toBe(1);
      expect(await count('outbox', id)).toBe(1);
    }

    const keys = await system.pool.query<{ key: string }>('SELECT key FROM idempotency_keys ORDER BY key');
    expect(keys.rows.map((r) => r.key)).toEqual(untouched.map((id) => `key-${id}`).sort());
  });

  test('leaves every report adding up as before', async () => {
    expect(await figures()).toEqual(before);
  });

  test('a second run finds nothing left', async () => {
    const run = await system.client.workflow.execute('retentionWorkflow', {
      taskQueue: system.taskQueue,
      workflowId: `retention-test-again-${system.schema}`,
      args: [{ retentionSeconds }],
    });
    expect(run).toEqual({ purged: 0 });
  });

  test('goes on batch after batch until none is due', async () => {
    const many = RETENTION_BATCH + 3;
    await system.pool.query(
      `INSERT INTO cases (id, workflow_id, template_name, template_version, template_sha256, status, channel,
         customer_id, step, view, revision, created_at, updated_at, ended_at)
       SELECT 'bulk' || n, 'case-bulk' || n, 'customer-issue', 1, 'x', 'cancelled', 'web', 'ck_bulk', 'triage',
         jsonb_build_object('subject', 'bulk ' || n, 'customer', jsonb_build_object('id', 'ck_bulk'),
           'decisions', '[]'::jsonb),
         1, now() - interval '50 days', now() - interval '45 days', now() - interval '45 days'
       FROM generate_series(1, $1) AS n`,
      [many],
    );
    const run = await system.client.workflow.execute('retentionWorkflow', {
      taskQueue: system.taskQueue,
      workflowId: `retention-test-bulk-${system.schema}`,
      args: [{ retentionSeconds }],
    });
    expect(run).toEqual({ purged: many });
    const left = await system.pool.query(`SELECT 1 FROM cases WHERE id LIKE 'bulk%' AND purged_at IS NULL`);
    expect(left.rowCount).toBe(0);
  });
});

describe('the schedule caseflow-retention', () => {
  const workerWith = (retention: number) =>
    startWorker({
      temporal: { address: system.temporalAddress, namespace: 'default', taskQueue: system.taskQueue },
      pool: system.pool,
      publicUrl: 'http://localhost:3000',
      workflowBundle: { code: readFileSync(process.env.CASEFLOW_TEST_WORKFLOW_BUNDLE!, 'utf8') },
      codecKey: system.codecKey,
      codec: system.codec,
      retentionSeconds: retention,
      log: pino({ level: 'silent' }),
    });

  test('is written by a worker given the retention, daily at 03:00 UTC, and updated by the next', async () => {
    const handle = system.client.schedule.getHandle(RETENTION_SCHEDULE_ID);
    // The test system's own worker has no retention: it wrote none.
    await expect(handle.describe()).rejects.toThrow();

    const first = await workerWith(40 * 86_400);
    try {
      const described = await handle.describe();
      expect(described.action).toMatchObject({
        type: 'startWorkflow',
        workflowType: 'retentionWorkflow',
        taskQueue: system.taskQueue,
        args: [{ retentionSeconds: 40 * 86_400 }],
      });
      expect(described.policies.overlap).toBe('SKIP');
      expect(described.spec.calendars).toEqual([
        expect.objectContaining({
          hour: [{ start: 3, end: 3, step: 1 }],
          minute: [{ start: 0, end: 0, step: 1 }],
        }),
      ]);
    } finally {
      await first.shutdown();
    }

    // A changed setting takes effect at the next start; an operator's pause stays.
    await handle.pause('paused by the test');
    const second = await workerWith(retentionSeconds);
    try {
      const described = await handle.describe();
      expect(described.action.args).toEqual([{ retentionSeconds }]);
      expect(described.state.paused).toBe(true);

      // Triggered by hand (as `temporal schedule trigger` does), it purges what is due now.
      await system.pool.query(
        `INSERT INTO cases (id, workflow_id, template_name, template_version, template_sha256, status, channel,
           customer_id, step, view, revision, created_at, updated_at, ended_at)
         VALUES ('triggered', 'case-triggered', 'customer-issue', 1, 'x', 'closed', 'web', 'ck_t', 'closed-no-reply',
           '{"subject": "mine", "customer": {"id": "ck_t"}, "decisions": []}', 1,
           now() - interval '50 days', now() - interval '45 days', now() - interval '45 days')`,
      );
      await handle.unpause();
      await handle.trigger();
      await waitFor(
        () => caseRow('triggered'),
        (row) => row.purged_at !== null,
        'the triggered purge',
        30_000,
      );
      expect((await caseRow('triggered')).view.subject).toBe('[erased]');
    } finally {
      await second.shutdown();
      // The dev server's namespace is shared by the run's test files: no schedule of this one stays behind.
      await handle.delete();
    }
  });
});
