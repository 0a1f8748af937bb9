/**
 * The privacy inventory, walked (issue 16, item 4; docs/privacy.md): a customer's case goes through the
 * work that spreads their data around — a message from them and one to them, a notification, the survey
 * link and its answer with a comment, a repeat contact, a case list filtered by them, a second case still
 * open — on the real API, worker, Temporal and PostgreSQL, with the API's, the worker's and the Temporal
 * SDK's logs written to a file. Then an admin erases them (POST /customers/{id}/erase, cancelOpen), and
 * their name, phone and e-mail are searched for in every row of every table of the system's schema, in
 * the raw Temporal history of every workflow of the system (payload bytes as text) and in the same
 * histories decoded with the payload codec and revealed with the customer keys (what someone holding
 * CASEFLOW_CODEC_KEY and a backup of both databases could read), and in the log file. Nothing is found.
 *
 * The search is shown to work first: before erasure the revealed API answers hold the name, the phone
 * and the comment, and the codec-decoded history opened with the customer keys holds them too.
 *
 * Two systems: one with a payload codec key, as production runs, and one without (development), where
 * only the sealing protects the fields.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import pino from 'pino';
import { createLogger } from '../../config/logger';
import { quoteIdent } from '../../db/pool';
import { PersonalData } from '../../privacy/personal-data';
import { caseWorkflowId, customerWorkflowId } from '../../workflows/messages';
import { openTaskAt } from '../support/case-tasks';
import { customerKeyOf } from '../support/customer-key';
import { writeFastStandardTemplate } from '../support/fast-template';
import { apiAs, eventually, useTestSystem, type TestSystem } from '../support/system';

jest.setTimeout(240_000);

const logDir = mkdtempSync(join(tmpdir(), 'caseflow-privacy-'));
const logFile = join(logDir, 'caseflow.log');
const appendLog = (line: string) => appendFileSync(logFile, `${line}\n`);

// The Temporal SDK's own log (workflow `log` lines, activity and workflow task failures) into the file too,
// before the test systems start (they would install a quiet one). A runtime installed by an earlier file
// of this jest process stays: say so in the file, the search then covers what the loggers write.
beforeAll(() => {
  try {
    Runtime.install({
      logger: new DefaultLogger('INFO', (entry) =>
        appendLog(
          JSON.stringify({ sdk: entry.level, message: entry.message, meta: entry.meta }, (_k, v: unknown) =>
            typeof v === 'bigint' ? String(v) : v,
          ),
        ),
      ),
    });
  } catch {
    appendLog(
      '{"note":"the Temporal SDK runtime was installed before this file: its log is not in this file"}',
    );
  }
});
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

/** The API's and the worker's logger as production makes it (config/logger.ts: its redaction), to the file. */
const fileLogger = () =>
  createLogger('debug', 'caseflow-test', pino.destination({ dest: logFile, sync: true }));

const person = {
  name: 'Zephyrine Quillfeather',
  phone: '+44 7700 900417',
  email: 'zephyrine.q@example.org',
};
/** What must not be found, in lower case: the fields, and the shapes a copy of them might take. */
const needles = [
  person.name,
  'quillfeather',
  person.phone,
  person.phone.replace(/\s/g, ''),
  '7700 900417',
  '7700900417',
  person.email,
].map((n) => n.toLowerCase());
/** The fields as given: what the sanity checks find before erasure. */
const fields = [person.name, person.phone, person.email].map((n) => n.toLowerCase());

interface Finding {
  where: string;
  needle: string;
}

/** The needles found in `text` (never the text itself: a failure must not print the data it found). */
const findIn = (where: string, text: string): Finding[] => {
  const lower = text.toLowerCase();
  return needles.filter((n) => lower.includes(n)).map((needle) => ({ where, needle }));
};

describe.each([
  { label: 'with a payload codec key', payloadCodec: true },
  { label: 'without a payload codec key', payloadCodec: false },
])('$label', ({ payloadCodec }) => {
  const system = useTestSystem(() => ({
    files: [writeFastStandardTemplate(20)],
    log: fileLogger(),
    ...(payloadCodec ? {} : { payloadCodec: false as const }),
  }));
  let raw: Client;
  beforeAll(async () => {
    raw = new Client({ connection: await Connection.connect({ address: system.temporalAddress }) });
  });
  afterAll(async () => {
    await raw?.connection.close();
  });

  it("leaves no readable trace of an erased customer's name, phone or e-mail", async () => {
    const customerId = `cu-zq-${payloadCodec ? 'codec' : 'plain'}-${Date.now().toString(36)}`;
    const intake = apiAs(system.url, 'dev-intake');
    const admin = apiAs(system.url, 'dev-admin');
    const contact = (subject: string) => ({
      channel: 'web',
      customer: { id: customerId, ...person, tier: 'standard' },
      subject,
      description: 'The password reset mail never arrives.',
    });

    // The case, and a message from the customer while it waits for them.
    const opened = await intake.post('/cases', contact('Cannot log in to my account'));
    expect(opened.status).toBe(201);
    const caseId: string = opened.body.id;
    const triage = await openTaskAt(system.url, caseId, 'triage');
    const frontline = apiAs(system.url, 'dev-frontline');
    expect((await frontline.post(`/tasks/${triage.id}/complete`, { outcome: 'needs-info' })).status).toBe(
      200,
    );
    await eventually(
      async () => ((await admin.get(`/cases/${caseId}`)).body.status === 'waiting' ? true : undefined),
      'the case waiting for the customer',
    );
    const fromCustomer = `This is ${person.name}; call me on ${person.phone} or write to ${person.email}.`;
    const posted = await intake.post(`/cases/${caseId}/messages`, { from: 'customer', text: fromCustomer });
    expect(posted).toMatchObject({ status: 201, body: { text: fromCustomer } });
    // A repeat contact joins the open case.
    const again = await intake.post('/cases', contact('Still cannot log in'));
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(caseId);

    // Resolved at triage: the resolution notice to the customer, then (a follow-up first, for a case the
    // repeat contact made urgent) the survey link, answered with a comment that holds the phone.
    const second = await openTaskAt(system.url, caseId, 'triage');
    // The front line, holding the case again, answers with their name and phone.
    const toCustomer = `Dear ${person.name}, we will call ${person.phone} today.`;
    // (Once the projection shows the task: a message's access is read from it.)
    await eventually(async () => {
      const sent = await frontline.post(`/cases/${caseId}/messages`, { from: 'agent', text: toCustomer });
      return sent.status === 201 ? sent : undefined;
    }, "the front line's message");
    expect(
      (
        await frontline.post(`/tasks/${second.id}/complete`, {
          outcome: 'resolved',
          form: { resolution: 'password reset by phone' },
        })
      ).status,
    ).toBe(200);
    const link = await eventually(
      async () => {
        const listed = await admin.get(`/cases/${caseId}/notifications`);
        const survey = (listed.body.items ?? []).find(
          (n: { data?: { kind?: string } }) => n.data?.kind === 'survey',
        );
        if (survey) return survey as { data: { token: string } };
        const view = await admin.get(`/cases/${caseId}`);
        const followUp = view.body.tasks?.find(
          (t: { step: string; status: string }) => t.step === 'follow-up' && t.status === 'open',
        );
        if (followUp) await frontline.post(`/tasks/${followUp.id}/complete`, { outcome: 'confirmed' });
        return undefined;
      },
      'the survey link (after the follow-up, if any)',
      { timeoutMs: 60_000 },
    );
    const notifications = await admin.get(`/cases/${caseId}/notifications`);
    expect(notifications.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ recipient: 'customer' })]),
    );
    const comment = `Great service. Call me back on ${person.phone} any time.`;
    const answered = await apiAs(system.url, '').post(`/survey/${link.data.token}`, {
      speed: 5,
      ability: 5,
      attitude: 5,
      comment,
    });
    expect(answered).toMatchObject({ status: 200, body: { caseId, received: true } });
    await eventually(
      async () => ((await admin.get(`/cases/${caseId}`)).body.step === 'done' ? true : undefined),
      'the case done after the survey',
    );
    // A second case, still open at erasure (cancelled by it); and the case list filtered by the customer.
    const later = await intake.post('/cases', contact('Another question about my bill'));
    expect(later.status).toBe(201);
    expect(later.body.id).not.toBe(caseId);
    await openTaskAt(system.url, later.body.id, 'triage');
    const listed = await admin.get(`/cases?customer=${encodeURIComponent(customerId)}`);
    expect(listed.body.items.map((c: { id: string }) => c.id).sort()).toEqual([caseId, later.body.id].sort());

    // The search works: readers get the fields back, and the sealed copies open with the customer keys.
    const key = await customerKeyOf(system.pool, customerId);
    const revealedBefore = JSON.stringify([
      listed.body,
      (await admin.get(`/cases/${caseId}`)).body,
      (await admin.get(`/cases/${caseId}/messages`)).body,
    ]);
    const foundBefore = findIn('API', revealedBefore).map((f) => f.needle);
    expect(foundBefore).toEqual(expect.arrayContaining(fields));
    expect(revealedBefore).toContain(comment);
    expect(revealedBefore).toContain(fromCustomer);
    expect(revealedBefore).toContain(toCustomer);
    const workflowIds = await systemWorkflowIds(raw, system);
    expect(workflowIds).toEqual(
      expect.arrayContaining([
        caseWorkflowId(caseId),
        caseWorkflowId(later.body.id),
        customerWorkflowId(key),
      ]),
    );
    const openable = await openedHistories(system, workflowIds, payloadCodec);
    expect(findIn('history opened', openable).map((f) => f.needle)).toEqual(expect.arrayContaining(fields));

    // The erasure.
    const erased = await admin.post(`/customers/${encodeURIComponent(customerId)}/erase`, {
      reason: 'GDPR art. 17 request #4711',
      cancelOpen: true,
    });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ customer: key });
    expect(erased.body.cases).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: later.body.id, cancelled: true }),
        expect.objectContaining({ id: caseId, cancelled: false }),
      ]),
    );

    const findings: Finding[] = [];
    // (a) PostgreSQL: every row of every table of the system's schema, as text.
    const tables = await system.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
      [system.schema],
    );
    expect(tables.rows.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        'cases',
        'case_messages',
        'case_decisions',
        'outbox',
        'customers',
        'audit_log',
      ]),
    );
    for (const { table_name: table } of tables.rows) {
      const rows = await system.pool.query<{ row: string }>(
        `SELECT t::text AS row FROM ${quoteIdent(system.schema)}.${quoteIdent(table)} t`,
      );
      findings.push(...findIn(`table ${table}`, rows.rows.map((r) => r.row).join('\n')));
      if (rows.rows.some((r) => r.row.includes(customerId)))
        findings.push({ where: `table ${table}`, needle: 'the customer id' });
    }
    // (b) Temporal: the raw history of every workflow of the system, payload bytes as text…
    const afterIds = await systemWorkflowIds(raw, system);
    for (const id of afterIds) {
      const history = await raw.workflow.getHandle(id).fetchHistory();
      findings.push(...findIn(`raw history ${id}`, rawText(history)));
      if (id.includes(customerId) || rawText(history).includes(customerId))
        findings.push({ where: `raw history ${id}`, needle: 'the customer id' });
    }
    // …and the same histories decoded with the codec key and opened with what is left of the customer keys.
    findings.push(...findIn('history opened', await openedHistories(system, afterIds, payloadCodec)));
    // (c) The log file.
    const log = readFileSync(logFile, 'utf8');
    findings.push(...findIn('log file', log));
    if (log.includes(customerId)) findings.push({ where: 'log file', needle: 'the customer id' });
    expect(findings).toEqual([]);

    // The log is there and holds the requests (the customer filter hidden in its url).
    expect(log).toContain('/cases?customer=[hidden]');
    expect(log).toContain('/customers/[hidden]/erase');
    // Temporal knows the customer by their opaque key only: workflow id and CaseCustomer.
    expect(afterIds).toContain(customerWorkflowId(key));
    for (const id of [caseWorkflowId(caseId), caseWorkflowId(later.body.id)]) {
      const described = await raw.workflow.getHandle(id).describe();
      expect(described.searchAttributes.CaseCustomer).toEqual([key]);
    }
    const byPlainId = await countListed(raw, `CaseCustomer = "${customerId}"`);
    expect(byPlainId).toBe(0);
    // Readers see the case, erased.
    const after = await admin.get(`/cases/${caseId}`);
    expect(after.status).toBe(200);
    expect(after.body.customer).toMatchObject({ id: '[erased]', name: '[erased]' });
  });
});

/** Every workflow id the system's worker ran (its own task queue). */
async function systemWorkflowIds(raw: Client, system: TestSystem): Promise<string[]> {
  const ids = new Set<string>();
  for await (const wf of raw.workflow.list({ query: `TaskQueue = "${system.taskQueue}"` }))
    ids.add(wf.workflowId);
  return [...ids].sort();
}

async function countListed(raw: Client, query: string): Promise<number> {
  let count = 0;
  for await (const _wf of raw.workflow.list({ query })) count += 1;
  return count;
}

/** Every string and byte string of a (proto) history, bytes as UTF-8: payload data base64-decoded. */
function rawText(history: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (node instanceof Uint8Array) out.push(Buffer.from(node).toString('utf8'));
    else if (typeof node === 'string') out.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(history);
  return out.join('\n');
}

/**
 * The histories as someone with the payload key and a copy of the customers table reads them: every
 * payload decoded with the codec, then every sealed token opened with whatever customer keys remain.
 */
async function openedHistories(system: TestSystem, ids: string[], payloadCodec: boolean): Promise<string> {
  const raw = new Client({ connection: await Connection.connect({ address: system.temporalAddress }) });
  const personalData = new PersonalData(system.pool, payloadCodec ? { codecKey: system.codecKey } : {});
  try {
    const texts: string[] = [];
    for (const id of ids) {
      const history = await raw.workflow.getHandle(id).fetchHistory();
      const payloads: Payload[] = [];
      collectPayloads(history, payloads);
      const decoded = payloadCodec ? await system.codec.decode(payloads) : payloads;
      const text = `${rawText(history)}\n${decoded.map((p) => rawText(p)).join('\n')}`;
      // reveal opens tokens anywhere in a string (and turns keys under `customer` into ids).
      texts.push(await personalData.reveal(text));
    }
    return texts.join('\n');
  } finally {
    await raw.connection.close();
  }
}

function collectPayloads(node: unknown, out: Payload[]): void {
  if (Array.isArray(node)) node.forEach((n) => collectPayloads(n, out));
  else if (node && typeof node === 'object' && !(node instanceof Uint8Array)) {
    const { metadata, data } = node as { metadata?: unknown; data?: unknown };
    if (metadata && typeof metadata === 'object' && data instanceof Uint8Array) out.push(node);
    else Object.values(node).forEach((n) => collectPayloads(n, out));
  }
}
