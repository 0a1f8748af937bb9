/**
 * Tracing end to end (issue 13, item 3; docs/operations.md, "Tracing"): the worker and the API as an
 * operator runs them (the compiled dist/ entry points, in processes of their own, where the http, express
 * and pg instrumentations patch those modules as they load), with OTEL_EXPORTER_OTLP_ENDPOINT pointing at
 * a small OTLP/HTTP receiver. One case opened and its triage task completed through the API must arrive as
 * traces that follow the request into Temporal, the workflow, the activity and its SQL. A database of its
 * own on the real PostgreSQL, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { quietReplayRuntime } from '../../audit/replay';
import { projectRoot } from '../../config/paths';
import { createPool, quoteIdent } from '../../db/pool';
import { workflowSpanSinks } from '../../telemetry/workflow-spans';
import { caseWorkflowId, customerWorkflowId } from '../../workflows/messages';
import { sharedWorkflowModules } from '../../workflows/shared-modules';
import { customerKeyOf } from '../support/customer-key';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { freePort, startNode, type Started } from '../support/processes';
import { apiAs, eventually } from '../support/system';
import { quietBundlerLogger } from '../support/temporal-server';

const suffix = randomBytes(4).toString('hex');
const database = `cf_tracing_${suffix}`;
const adminUrl = process.env.DATABASE_URL!;

let admin: Pool;
let receiver: OtlpReceiver;
const running: Started[] = [];
let url: string;

const SERVER = 2;

beforeAll(async () => {
  if (!existsSync(join(projectRoot, 'dist', 'telemetry', 'tracing.js'))) {
    throw new Error('dist/ is missing or old: run `npm run build` (npm test does it first)');
  }
  admin = createPool(adminUrl, { max: 1 });
  await admin.query(`CREATE DATABASE ${quoteIdent(database)}`);
  receiver = await startOtlpReceiver();
  const databaseUrl = new URL(adminUrl);
  databaseUrl.pathname = `/${database}`;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'info',
    CASEFLOW_API_HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl.toString(),
    TEMPORAL_ADDRESS: process.env.CASEFLOW_TEST_TEMPORAL_ADDRESS,
    CASEFLOW_TASK_QUEUE: `caseflow-tracing-${suffix}`,
    PORT: String(port),
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    // Export within a fifth of a second rather than the default five, so the test need not wait.
    OTEL_BSP_SCHEDULE_DELAY: '200',
  };
  // No CASEFLOW_WORKFLOW_BUNDLE: a traced worker bundles the workflow interceptors in at start anyway.
  running.push(await startNode(join(projectRoot, 'dist', 'worker', 'main.js'), env, /worker running/));
  running.push(await startNode(join(projectRoot, 'dist', 'api', 'main.js'), env, /api listening/));
  url = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  // The processes first: SIGTERM drains them and exports their last spans while the receiver still listens,
  // so no exporter complains about a closed port.
  await Promise.all(running.map((p) => p.stop('SIGTERM')));
  await receiver?.close();
  await ownPool?.end();
  await admin?.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
  await admin?.end();
});

/** A span of a PostgreSQL statement or connection (instrumentation-pg; older and newer attribute names). */
const isSql = (s: ReceivedSpan) =>
  (s.attributes['db.system'] ?? s.attributes['db.system.name']) === 'postgresql';

/** The spans of the trace that holds `root`. */
const traceOf = (root: ReceivedSpan) => receiver.spans.filter((s) => s.traceId === root.traceId);

/** The HTTP server span of the API's request `method path`. */
const requestSpan = (method: string, path: RegExp) =>
  receiver.spans.find(
    (s) =>
      s.service === 'caseflow-api' &&
      s.kind === SERVER &&
      (s.attributes['http.request.method'] ?? s.attributes['http.method']) === method &&
      path.test(s.attributes['url.path'] ?? s.attributes['http.target'] ?? ''),
  );

/** The names of `span`'s ancestors in `trace`, nearest first, as far as they have arrived. */
function ancestors(span: ReceivedSpan, trace: ReceivedSpan[]): string[] {
  const byId = new Map(trace.map((s) => [s.spanId, s]));
  const names: string[] = [];
  for (let at = byId.get(span.parentSpanId); at; at = byId.get(at.parentSpanId)) names.push(at.name);
  return names;
}

it('follows a request from the API through Temporal, the workflow and the activity to its SQL', async () => {
  const opened = await apiAs(url, 'dev-intake').post('/cases', {
    channel: 'web',
    customer: { id: `cu-tracing-${suffix}` },
    subject: 'Cannot log in',
    description: 'the password reset mail never arrives',
  });
  expect(opened.status).toBe(201);
  const caseId: string = opened.body.id;

  // One trace: the request, the client's update-with-start, the customer workflow's update handler (and
  // its run), the case workflow it starts, the projection activity that case schedules, and its SQL.
  const opening = await eventually(() => {
    const http = requestSpan('POST', /^\/cases$/);
    const trace = http ? traceOf(http) : [];
    const worker = trace.filter((s) => s.service === 'caseflow-worker');
    const complete =
      trace.some((s) => s.service === 'caseflow-api' && s.name.startsWith('UpdateWithStartWorkflow:')) &&
      worker.some((s) => s.name.startsWith('HandleUpdate:')) &&
      worker.some((s) => s.name === 'RunActivity:projectCase') &&
      worker.some(isSql);
    return complete ? trace : undefined;
  }, 'one trace from POST /cases to the projection activity and its SQL');

  const handler = opening.find((s) => s.name === 'HandleUpdate:openOrJoinCase')!;
  expect(ancestors(handler, opening)).toEqual([
    'UpdateWithStartWorkflow:openOrJoinCase',
    'request handler',
    'POST /cases',
  ]);
  // The activity continues the trace under the case workflow's run span (exported when the case ends).
  const activity = opening.find((s) => s.name === 'RunActivity:projectCase')!;
  const apiSpans = new Set(opening.filter((s) => s.service === 'caseflow-api').map((s) => s.spanId));
  expect(activity.parentSpanId).toMatch(/^[0-9a-f]{16}$/);
  expect(apiSpans.has(activity.parentSpanId)).toBe(false);
  const activitySql = opening.filter((s) => isSql(s) && s.parentSpanId === activity.spanId);
  expect(activitySql.map((s) => s.name)).toContainEqual(expect.stringMatching(/^pg\.query:INSERT/));

  const task = await eventually(async () => {
    const inbox = await apiAs(url, 'dev-frontline').get('/tasks?department=frontline');
    return inbox.body.items?.find((t: { caseId: string }) => t.caseId === caseId);
  }, 'the triage task');
  const done = await apiAs(url, 'dev-frontline').post(`/tasks/${task.id}/complete`, {
    outcome: 'resolved',
    form: { resolution: 'password reset by phone' },
  });
  expect(done.status).toBe(200);

  // And the task's completion: the request, its SQL, the client's update and the case's update handler.
  const completing = await eventually(() => {
    const http = requestSpan('POST', /^\/tasks\/[^/]+\/complete$/);
    const trace = http ? traceOf(http) : [];
    const complete =
      trace.some((s) => s.service === 'caseflow-api' && isSql(s)) &&
      trace.some((s) => s.service === 'caseflow-api' && s.name.startsWith('StartWorkflowUpdate:')) &&
      trace.some((s) => s.service === 'caseflow-worker' && s.name.startsWith('HandleUpdate:'));
    return complete ? trace : undefined;
  }, 'one trace from POST /tasks/…/complete to the case workflow update handler');
  const update = completing.find(
    (s) => s.service === 'caseflow-worker' && s.name.startsWith('HandleUpdate:'),
  )!;
  expect(ancestors(update, completing)).toEqual([
    expect.stringMatching(/^StartWorkflowUpdate:/),
    'request handler',
    expect.stringMatching(/^POST \/tasks\/.+\/complete$/),
  ]);
});

it('leaves histories that replay with tracing and without it, so it can be turned off again', async () => {
  quietReplayRuntime();
  const connection = await Connection.connect({ address: process.env.CASEFLOW_TEST_TEMPORAL_ADDRESS! });
  try {
    const client = new Client({ connection });
    const cases = await eventually(async () => {
      const { rows } = await createPoolOnce().query<{ id: string }>('SELECT id FROM cases');
      return rows.length > 0 ? rows : undefined;
    }, 'the traced case in its projection');
    const histories = await Promise.all([
      client.workflow.getHandle(caseWorkflowId(cases[0]!.id)).fetchHistory(),
      // The customer's workflow is named by their opaque key (privacy/).
      client.workflow
        .getHandle(customerWorkflowId(await customerKeyOf(createPoolOnce(), `cu-tracing-${suffix}`)))
        .fetchHistory(),
    ]);
    // They carry the trace: the header is in the history, on the update and on the scheduled activities.
    expect(JSON.stringify(histories[0])).toContain('_tracer-data');
    // The compiled workflows the worker ran (dist/, as the test's processes), with and without the
    // interceptors: the sources may have moved on since the last build.
    const entry = join(projectRoot, 'dist', 'workflows', 'index.js');
    const bundle = (interceptors: string[]) =>
      bundleWorkflowCode({
        workflowsPath: entry,
        preloadModules: sharedWorkflowModules(entry),
        workflowInterceptorModules: interceptors,
        logger: quietBundlerLogger,
      });
    const [plain, traced] = await Promise.all([
      bundle([]),
      bundle([join(projectRoot, 'dist', 'telemetry', 'workflow-interceptors.js')]),
    ]);
    // Replay reports no span (sinks are not called during replay); the sink is there as a worker's is.
    const unexported = workflowSpanSinks(
      {
        onStart: () => undefined,
        onEnd: () => undefined,
        forceFlush: async () => {},
        shutdown: async () => {},
      },
      resourceFromAttributes({}),
    );
    for (const history of histories) {
      await Worker.runReplayHistory({ workflowBundle: plain }, history);
      await Worker.runReplayHistory({ workflowBundle: traced, sinks: unexported }, history);
    }
  } finally {
    await connection.close();
  }
});

let ownPool: Pool | undefined;
/** A pool on the test's own database, for reading the projection. */
function createPoolOnce(): Pool {
  const databaseUrl = new URL(adminUrl);
  databaseUrl.pathname = `/${database}`;
  ownPool ??= createPool(databaseUrl.toString(), { max: 1 });
  return ownPool;
}
