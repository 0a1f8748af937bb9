/**
 * Audit routes on the real system: a case's Temporal history (open and closed), its readable timeline in
 * JSON and CSV, a replay against today's workflow code, and the audit log of every read.
 */
import { cancelCaseUpdate, caseWorkflowId } from '../../workflows/messages';
import { useWorkflowBundle } from '../../audit/replay';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../cli/main';
import { apiAs, eventually, useTestSystem } from '../support/system';

const system = useTestSystem();
let caseId: string;
let closedCaseId: string;

const as = (token: string) => apiAs(system.url, token);

async function openCase(customer: string): Promise<string> {
  const opened = await as('dev-intake').post('/cases', {
    channel: 'web',
    customer: { id: `${customer}-${Date.now()}`, name: 'Li Wei' },
    subject: 'Cannot log in',
    description: 'I cannot log in since this morning',
  });
  expect(opened.status).toBe(201);
  return opened.body.id as string;
}

async function triageTask(id: string): Promise<string> {
  return eventually(async () => {
    const view = await as('dev-admin').get(`/cases/${id}`);
    return view.body.tasks?.find((t: { step: string }) => t.step === 'triage')?.id as string | undefined;
  }, 'the triage task');
}

beforeAll(async () => {
  // The API process replays with the bundle the run already built (no second bundling).
  useWorkflowBundle(readFileSync(process.env.CASEFLOW_TEST_WORKFLOW_BUNDLE!, 'utf8'));
  caseId = await openCase('cu-audit');
  const task = await triageTask(caseId);
  expect((await as('dev-frontline').post(`/tasks/${task}/claim`)).status).toBe(200);
  const done = await as('dev-frontline').post(`/tasks/${task}/complete`, {
    outcome: 'resolved',
    form: { resolution: 'password reset' },
  });
  expect(done.status).toBe(200);

  closedCaseId = await openCase('cu-audit-closed');
  const handle = system.client.workflow.getHandle(caseWorkflowId(closedCaseId));
  await handle.executeUpdate(cancelCaseUpdate, {
    args: [{ reason: 'customer withdrew', principal: { name: 'admin', roles: ['admin'] } }],
  });
  await handle.result();
});

describe('GET /cases/{id}/history', () => {
  it('exports the history of an open case as proto JSON, with decoded payloads', async () => {
    const res = await as('dev-auditor').get(`/cases/${caseId}/history`);
    expect(res.status).toBe(200);
    const types = (res.body.events as Array<{ eventType: string }>).map((e) => e.eventType);
    expect(types[0]).toMatch(/WORKFLOW_EXECUTION_STARTED/);
    expect(types.filter((t) => /UPDATE_ACCEPTED/.test(t))).toHaveLength(2);
    expect(types).not.toContainEqual(expect.stringMatching(/WORKFLOW_EXECUTION_COMPLETED/));
    const started = res.body.events[0].workflowExecutionStartedEventAttributes;
    const payload = started.input.payloads[0];
    const args = JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8'));
    // The plan by reference (issue 13): the start names the template version, the case loads its plan.
    expect(args).toMatchObject({ caseId, template: { name: 'customer-issue', version: 1 } });
    expect(args.plan).toBeUndefined();
  });

  it('exports a closed case too, and the raw form on request', async () => {
    const res = await as('dev-admin').get(`/cases/${closedCaseId}/history?raw=true`);
    expect(res.status).toBe(200);
    const last = res.body.events[res.body.events.length - 1];
    expect(last.eventType).toMatch(/WORKFLOW_EXECUTION_COMPLETED/);
    // As stored: encrypted by the payload codec.
    const stored = res.body.events[0].workflowExecutionStartedEventAttributes.input.payloads[0];
    expect(Buffer.from(stored.metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
  });

  it('lets agents of the case departments read it, and no one else', async () => {
    expect((await as('dev-frontline').get(`/cases/${caseId}/history`)).status).toBe(200);
    expect((await as('dev-billing').get(`/cases/${caseId}/history`)).status).toBe(404);
    expect((await as('dev-intake').get(`/cases/${caseId}/history`)).status).toBe(403);
    expect((await as('dev-auditor').get('/cases/no-such-case/history')).status).toBe(404);
  });
});

describe('GET /cases/{id}/timeline', () => {
  it('says who did what and why, with the template the case runs', async () => {
    const res = await as('dev-auditor').get(`/cases/${caseId}/timeline`);
    expect(res.status).toBe(200);
    expect(res.body.template).toMatchObject({ name: 'customer-issue', version: 1 });
    expect(res.body.template.sha256).toMatch(/^[0-9a-f]{64}$/);
    const entries = res.body.entries as Array<{
      kind: string;
      who: { kind: string; name: string };
      what: string;
    }>;
    const find = (kind: string) => entries.find((e) => e.kind === kind);
    expect(find('case.opened')?.who).toEqual({ kind: 'principal', name: 'intake' });
    expect(find('case.classified')?.who.kind).toBe('rule');
    expect(find('priority.set')).toMatchObject({
      who: { kind: 'rule' },
      what: expect.stringMatching(/^priority P\d/),
    });
    expect(find('task.opened')?.what).toMatch(/opened for frontline/);
    expect(find('task.claimed')?.who).toEqual({ kind: 'principal', name: 'frontline' });
    expect(find('task.completed')).toMatchObject({
      who: { name: 'frontline' },
      what: expect.stringMatching(/resolved/),
    });
    expect(find('notification.sent')?.what).toMatch(/notification to customer sent by/);
    const times = entries.map((e) => Date.parse((e as unknown as { at: string }).at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('answers text/csv by Accept header or ?format=csv', async () => {
    const viaQuery = await as('dev-auditor').get(`/cases/${closedCaseId}/timeline?format=csv`);
    expect(viaQuery.status).toBe(200);
    expect(viaQuery.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (viaQuery.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('at,kind,who,what,why,step,source,eventId,template,version,sha256');
    expect(lines.some((l) => l.includes('case.cancelled') && l.includes('principal:admin'))).toBe(true);
    const viaAccept = await apiAs(system.url, 'dev-auditor').raw(
      'GET',
      `/cases/${caseId}/timeline`,
      undefined,
      {
        accept: 'text/csv',
      },
    );
    expect(viaAccept.headers.get('content-type')).toMatch(/^text\/csv/);
  });
});

describe('POST /cases/{id}/replay', () => {
  it('replays the history through today’s workflow code', async () => {
    const res = await as('dev-auditor').post(`/cases/${closedCaseId}/replay`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ caseId: closedCaseId, deterministic: true });
    expect(res.body.events).toBeGreaterThan(5);
    expect((await as('dev-frontline').post(`/cases/${caseId}/replay`)).status).toBe(403);
  });

  it('caseflow replay --case fetches the history through the API (audited) and replays it here', async () => {
    process.env.CASEFLOW_API_URL = system.url;
    process.env.CASEFLOW_TOKEN = 'dev-auditor';
    const out = { stdout: '', stderr: '' };
    const io = {
      stdout: (t: string) => void (out.stdout += t),
      stderr: (t: string) => void (out.stderr += t),
    };
    const saved = join(mkdtempSync(join(tmpdir(), 'caseflow-case-')), 'case.json');
    expect(await runCli(['replay', '--case', caseId, '--save', saved], io)).toBe(0);
    expect(out.stdout).toMatch(new RegExp(`^deterministic\\s+case ${caseId}`));
    expect(JSON.parse(readFileSync(saved, 'utf8')).events.length).toBeGreaterThan(5);
    process.env.CASEFLOW_TOKEN = 'dev-billing';
    expect(await runCli(['replay', '--case', caseId], io)).toBe(2);
    expect(out.stderr).toMatch(/answered 404/);
  });
});

describe('audit log', () => {
  it('records every read, and refuses to change or delete what it holds', async () => {
    const log = await as('dev-auditor').get(`/audit-log?resource=case/${caseId}`);
    expect(log.status).toBe(200);
    const actions = (log.body.items as Array<{ action: string; principal: string; status: number }>).map(
      (r) => `${r.principal}:${r.action}:${r.status}`,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'auditor:case.history:200',
        'frontline:case.history:200',
        'auditor:case.timeline:200',
      ]),
    );
    // billing was refused: its attempt is recorded as such, and it read nothing.
    expect(actions).toContain('billing:case.history:404');
    expect(actions).not.toContain('billing:case.history:200');
    await expect(system.pool.query(`UPDATE audit_log SET principal = 'nobody'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(system.pool.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(system.pool.query('TRUNCATE audit_log')).rejects.toThrow(/append-only|permission/);
    const after = await system.pool.query('SELECT count(*)::int AS n FROM audit_log');
    expect(after.rows[0].n).toBeGreaterThan(0);
  });
});
