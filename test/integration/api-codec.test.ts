/**
 * Customer data is encrypted in Temporal's history: a client without the codec reads the raw history of
 * the case and of the customer's continuity workflow and finds none of the customer's text, while the API
 * (whose client has the codec) answers with it as usual.
 */
import { Client, Connection } from '@temporalio/client';
import { customerKeyOf } from '../support/customer-key';
import { apiAs, eventually, useTestSystem } from '../support/system';

const system = useTestSystem();
let raw: Client;
beforeAll(async () => {
  raw = new Client({ connection: await Connection.connect({ address: system.temporalAddress }) });
});
afterAll(async () => {
  await raw?.connection.close();
});

const secrets = {
  name: 'Ouyang Mingyue',
  subject: 'Refund for the broken kettle K-77',
  description: '水壶漏水，发票号 88-1234，我要退款',
  resolution: 'refund 88-1234 approved',
};

/** Every byte string and text in a (proto) history, to search for plaintext. */
function everything(node: unknown, out: Buffer[] = []): Buffer[] {
  if (node instanceof Uint8Array) out.push(Buffer.from(node));
  else if (typeof node === 'string') out.push(Buffer.from(node));
  else if (Array.isArray(node)) node.forEach((n) => everything(n, out));
  else if (node && typeof node === 'object') Object.values(node).forEach((n) => everything(n, out));
  return out;
}

it('stores no customer text in the raw history, and the API still reads it', async () => {
  const intake = apiAs(system.url, 'dev-intake');
  const opened = await intake.post('/cases', {
    channel: 'phone',
    customer: { id: 'cu-codec', name: secrets.name, tier: 'gold' },
    subject: secrets.subject,
    description: secrets.description,
  });
  expect(opened.status).toBe(201);
  const caseId: string = opened.body.id;
  const frontline = apiAs(system.url, 'dev-frontline');
  const task = await eventually(async () => {
    const inbox = await frontline.get('/tasks?department=frontline');
    return inbox.body.items.find((t: { caseId: string }) => t.caseId === caseId);
  }, 'the triage task');
  const done = await frontline.post(`/tasks/${task.id}/complete`, {
    outcome: 'resolved',
    form: { resolution: secrets.resolution },
  });
  expect(done.status).toBe(200);

  // The API decodes: the live state has the customer's text.
  const view = await intake.get(`/cases/${caseId}`);
  expect(view.body).toMatchObject({ subject: secrets.subject, customer: { name: secrets.name } });

  // The customer's workflow is named by their opaque key (privacy/), never by their id.
  const customerKey = await customerKeyOf(system.pool, 'cu-codec');
  for (const workflowId of [`case-${caseId}`, `customer-${customerKey}`]) {
    const history = await raw.workflow.getHandle(workflowId).fetchHistory();
    const bytes = Buffer.concat(everything(history));
    for (const secret of Object.values(secrets)) {
      expect({ workflowId, secret, found: bytes.includes(Buffer.from(secret)) }).toMatchObject({
        found: false,
      });
    }
    // And it is the codec that hides them: the workflow's input is sealed with the test key.
    const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    expect(Buffer.from(input?.metadata?.encoding ?? []).toString()).toBe('binary/encrypted');
    expect(Buffer.from(input?.metadata?.['encryption-key-id'] ?? []).toString()).toBe(system.codec.keyId);
  }

  // Sanity of the search: the same walk over the decoded history finds the text.
  const decoded = await system.client.workflow.getHandle(`case-${caseId}`).fetchHistory();
  const plain = await system.codec.decode(
    decoded.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [],
  );
  expect(Buffer.concat(everything(plain)).includes(Buffer.from(secrets.subject))).toBe(true);
});
