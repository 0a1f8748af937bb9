/**
 * `call` steps on the real server with the real activity: a secret named in the template is sent from the
 * worker's environment and appears nowhere in the case (history, timeline, view); a redirect to a host
 * outside CASEFLOW_CALL_ALLOW and an unset secret each fail the step at once through its onFailure, with
 * the reason in the timeline.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CaseView } from '../../workflows/messages';
import { decodedPayloads, readableHistory } from '../support/history-text';
import { writeIntegrationTemplate } from '../support/fast-template';
import { finalCaseView } from '../support/final-view';
import { apiAs, useTestSystem } from '../support/system';

const TOKEN = `tok-${Date.now().toString(36)}-9c1f2e7a`;
const KEY = 'key/with+odd=chars-51d0';
/** Every form in which a value could be written down. */
const forms = (value: string) => [
  value,
  encodeURIComponent(value),
  new URLSearchParams({ v: value }).toString().slice(2),
];

interface Seen {
  path: string;
  url: string;
  headers: IncomingHttpHeaders;
}
const seen: Seen[] = [];
let crm: Server;
let port: number;

const system = useTestSystem(async () => {
  process.env.CASEFLOW_SECRET_CALL_GUARD_TOKEN = TOKEN;
  process.env.CASEFLOW_SECRET_CALL_GUARD_KEY = KEY;
  delete process.env.CASEFLOW_SECRET_CALL_GUARD_UNSET;
  crm = createServer((req, res) => {
    const url = req.url ?? '';
    const path = new URL(url, 'http://x').pathname;
    seen.push({ path, url, headers: req.headers });
    req.resume();
    if (path === '/moved') res.writeHead(302, { location: 'http://erp.example.com/import' }).end();
    else
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ level: 'gold', authorization: req.headers.authorization, url }));
  });
  await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
  port = (crm.address() as AddressInfo).port;
  return { files: [writeIntegrationTemplate('call-guard', port)] };
});
afterAll(async () => {
  await new Promise((resolve) => crm?.close(resolve));
  delete process.env.CASEFLOW_SECRET_CALL_GUARD_TOKEN;
  delete process.env.CASEFLOW_SECRET_CALL_GUARD_KEY;
});

const auditor = () => apiAs(system.url, 'dev-auditor');

async function runCase(customer: string, mode: string): Promise<{ caseId: string; final: CaseView }> {
  const res = await apiAs(system.url, 'dev-intake').post('/cases', {
    template: 'call-guard',
    channel: 'web',
    customer: { id: customer },
    subject: 'Check my account',
    attributes: { mode },
  });
  expect(res.status).toBe(201);
  const caseId: string = res.body.id;
  const final = await finalCaseView(system.client, caseId);
  return { caseId, final };
}

/** The history as searchable text; the plan in the first event's input is a payload, so finding the secret's
 * name there shows the payloads were decoded (otherwise the check would prove nothing). */
function readableCallHistory(history: unknown): string {
  expect(decodedPayloads(history).some((text) => text.includes('{"secret":"CALL_GUARD_KEY"}'))).toBe(true);
  return readableHistory(history);
}

interface TimelineEntry {
  kind: string;
  what: string;
  why?: string;
}

it('sends secrets from the worker, keeps them out of the case, and refuses a redirect to a host not allowed', async () => {
  const { caseId, final } = await runCase('cu-guard', 'redirected');

  // The business system got the secrets, as header and query value.
  const lookup = seen.find(
    (s) => s.path === '/echo' && s.headers['idempotency-key']?.toString().startsWith(caseId),
  );
  expect(lookup?.headers.authorization).toBe(TOKEN);
  expect(new URL(lookup!.url, 'http://x').searchParams.get('key')).toBe(KEY);
  // The answer echoed them; vars hold the secret's name instead.
  expect(final.vars.crm).toMatchObject({ level: 'gold', authorization: '[secret CALL_GUARD_TOKEN]' });
  expect((final.vars.crm as { url: string }).url).toContain('key=[secret CALL_GUARD_KEY]');

  // The redirect to erp.example.com failed the step once (no retries) and took onFailure.
  expect(final.step).toBe('refused');
  expect(final.status).toBe('closed');
  expect(seen.filter((s) => s.path === '/moved')).toHaveLength(1);
  const timeline = await auditor().get(`/cases/${caseId}/timeline`);
  expect(timeline.status).toBe(200);
  const entries = timeline.body.entries as TimelineEntry[];
  const reason = `POST http://127.0.0.1:${port}/moved: host erp.example.com is not allowed (redirect 1 to http://erp.example.com/import); call steps may reach loopback hosts only (CASEFLOW_CALL_ALLOW is unset)`;
  expect(entries).toContainEqual(expect.objectContaining({ what: 'call failed → refused', why: reason }));
  expect(entries).toContainEqual(
    expect.objectContaining({ kind: 'call.finished', what: 'business call failed', why: reason }),
  );

  // The secrets' values are nowhere: not in the history (decoded), the timeline or the case view.
  const history = await auditor().get(`/cases/${caseId}/history`);
  expect(history.status).toBe(200);
  const view = await auditor().get(`/cases/${caseId}`);
  const readable = [
    readableCallHistory(history.body),
    JSON.stringify(timeline.body),
    JSON.stringify(view.body),
  ];
  for (const text of readable) {
    // Not toContain: on failure it would print the whole history.
    const leaked = [...forms(TOKEN), ...forms(KEY)].filter((form) => text.includes(form));
    expect(leaked).toEqual([]);
  }
});

it('fails the step at once through onFailure when a secret is not set, and says which variable to set', async () => {
  const { caseId, final } = await runCase('cu-guard-unset', 'missing-secret');
  expect(final.step).toBe('no-secret');
  expect(seen.filter((s) => s.headers['idempotency-key']?.toString().startsWith(caseId))).toEqual([]);
  const timeline = await auditor().get(`/cases/${caseId}/timeline`);
  const reason =
    /^GET http:\/\/127\.0\.0\.1:\d+\/echo: secret CALL_GUARD_UNSET is not set: set CASEFLOW_SECRET_CALL_GUARD_UNSET on the worker$/;
  const entries = timeline.body.entries as TimelineEntry[];
  expect(entries).toContainEqual(
    expect.objectContaining({ what: 'call failed → no-secret', why: expect.stringMatching(reason) }),
  );
  expect(entries).toContainEqual(
    expect.objectContaining({ what: 'business call failed', why: expect.stringMatching(reason) }),
  );
  // One attempt, although the step allows three: an unset secret does not get better by retrying.
  const history = await auditor().get(`/cases/${caseId}/history`);
  const attempts = (history.body.events as Array<Record<string, { attempt?: number } | undefined>>)
    .map((e) => e.activityTaskStartedEventAttributes?.attempt)
    .filter((a) => a !== undefined);
  expect(attempts.length).toBeGreaterThan(0);
  expect(Math.max(...attempts)).toBe(1);
});
