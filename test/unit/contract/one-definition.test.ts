/**
 * Each shape of a case has one definition, in contract/ (issue 12, item 1). The OpenAPI document, the API's
 * request schemas and the template language take their statuses, channels and tiers from it, and no
 * production file writes one of the contract's lists again.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as api from '../../../api/schemas';
import * as contract from '../../../contract';
import { templateJsonSchema } from '../../../definitions/schema';
import { contractChecker } from '../../support/contract';
import { openApiDocument, views } from './fixtures';

const root = join(__dirname, '../../..');

const doc = openApiDocument();
const schemas = doc.components.schemas;

const keysOf = (shape: object): string[] => Object.keys(shape).sort();

describe('the OpenAPI document', () => {
  it("takes the case's and the task's statuses, the channels and the tiers from the contract", () => {
    expect(schemas.Case.properties.status.enum).toEqual([...contract.CASE_STATUSES]);
    expect(schemas.Case.properties.channel.enum).toEqual([...contract.CHANNELS]);
    expect(schemas.Task.properties.status.enum).toEqual([...contract.TASK_STATUSES]);
    expect(schemas.Customer.properties.tier.enum).toEqual([...contract.CUSTOMER_TIERS]);
    expect(schemas.Escalation.properties.trigger.enum).toEqual([...contract.ESCALATION_TRIGGERS]);
  });

  it('documents every field of the views, closed', () => {
    expect(keysOf(schemas.Case.properties)).toEqual(keysOf(contract.caseViewSchema.shape));
    expect(keysOf(schemas.Clock.properties)).toEqual(keysOf(contract.clockViewSchema.shape));
    expect(keysOf(schemas.Escalation.properties)).toEqual(keysOf(contract.escalationViewSchema.shape));
    expect(keysOf(schemas.Customer.properties)).toEqual(keysOf(contract.customerSchema.shape));
    expect(keysOf(schemas.Task.properties)).toEqual(keysOf({ ...contract.taskViewSchema.shape, forms: 1 }));
    for (const name of ['Case', 'Task', 'Clock', 'Escalation', 'Customer', 'TemplateRef', 'TaskFormField'])
      expect([name, schemas[name].additionalProperties]).toEqual([name, false]);
  });

  it("filters lists by the contract's statuses and opens cases with its channels and tiers", () => {
    const param = (path: string, name: string) =>
      doc.paths[path].get.parameters.find((p: { name: string }) => p.name === name).schema;
    expect(param('/cases', 'status').enum).toEqual([...contract.CASE_STATUSES]);
    // GET /tasks takes one task status or several, comma-separated: a pattern over the contract's list.
    const tasks = new RegExp(param('/tasks', 'status').pattern as string);
    expect(contract.TASK_STATUSES.every((s) => tasks.test(s))).toBe(true);
    expect(tasks.test(contract.TASK_STATUSES.join(','))).toBe(true);
    expect(tasks.test('open,waiting')).toBe(false);
    const body = doc.paths['/cases'].post.requestBody.content['application/json'].schema;
    expect(body.properties.channel.enum).toEqual([...contract.CHANNELS]);
    expect(body.properties.customer.properties.tier.enum).toEqual([...contract.CUSTOMER_TIERS]);
  });
});

it("fails the API's contract test on a case response with a field the document lacks", () => {
  const check = contractChecker(doc);
  const answer = (body: unknown) => ({
    method: 'GET',
    path: '/cases/c-1',
    status: 200,
    contentType: 'application/json',
    body,
  });
  const page = { items: [], total: 0 };
  expect(check(answer({ ...views.surveyed, messages: page }))).toBeUndefined();
  expect(check(answer({ ...views.escalated, messages: page }))).toBeUndefined();
  expect(check(answer({ ...views.escalated, messages: page, surprise: 1 }))).toMatch(/'surprise'/);
  const [clock] = views.escalated.clocks;
  const clocks = [{ ...clock, surprise: 1 }];
  expect(check(answer({ ...views.escalated, messages: page, clocks }))).toMatch(/clocks\/0 .*'surprise'/);
});

it("builds the API's request schemas from the contract's", () => {
  expect(api.openCaseBody).toBe(contract.openCaseBodySchema);
  expect(api.completeTaskBody).toBe(contract.completeTaskBodySchema);
  expect(api.handoffTaskBody).toBe(contract.handoffTaskBodySchema);
  expect(api.reassignTaskBody).toBe(contract.reassignTaskBodySchema);
  expect(api.caseMessageBody).toBe(contract.caseMessageBodySchema);
  expect(api.cancelCaseBody).toBe(contract.cancelCaseBodySchema);
  expect(api.caseListQuery.shape.status.unwrap()).toBe(contract.caseStatusSchema);
  // GET /tasks takes one status or several: each must be the contract's.
  expect(api.taskListQuery.parse({ status: 'open,claimed' }).status).toEqual(['open', 'claimed']);
  for (const status of contract.TASK_STATUSES)
    expect(api.taskListQuery.parse({ status }).status).toEqual([contract.taskStatusSchema.parse(status)]);
  expect(api.taskListQuery.safeParse({ status: 'open,done' }).success).toBe(false);
});

it('splits the case statuses into those whose work goes on and those that end it', () => {
  expect([...contract.ONGOING_STATUSES, ...contract.END_STATUSES]).toEqual([...contract.CASE_STATUSES]);
  expect(contract.FINAL_STATUSES.every((s) => contract.isEndStatus(s) && contract.isFinalStatus(s))).toBe(
    true,
  );
  expect(contract.isFinalStatus('resolved')).toBe(false);
});

it("gives the template language the contract's case statuses and end statuses", () => {
  const found: Record<string, unknown> = {};
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const properties = (node as { properties?: Record<string, any> }).properties;
    if (properties?.kind?.const === 'end') found.end = properties.status.enum;
    if (properties?.pauseWhen) found.pauseWhen = properties.pauseWhen.items.enum;
    Object.values(node).forEach(walk);
  };
  walk(templateJsonSchema());
  expect(found).toEqual({ end: [...contract.END_STATUSES], pauseWhen: [...contract.CASE_STATUSES] });
});

describe('no production file outside contract/ writes one of its lists again', () => {
  const lists: Record<string, readonly string[]> = {
    'case statuses': contract.CASE_STATUSES,
    'task statuses': contract.TASK_STATUSES,
    channels: contract.CHANNELS,
    'customer tiers': contract.CUSTOMER_TIERS,
    'message senders': contract.MESSAGE_SENDERS,
    'escalation triggers': contract.ESCALATION_TRIGGERS,
    'field types': contract.FIELD_TYPES,
  };
  const skipped = new Set(['node_modules', 'dist', 'test', 'contract', '.git', 'deploy', 'docs']);
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (skipped.has(name) && dir === root) continue;
      if (name === 'node_modules') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) files.push(relative(root, path));
    }
  };
  walk(root);

  /** A run of quoted members of `list` joined by `,` or `|`: as long as the list, or 3 members at least. */
  const copies = (source: string, list: readonly string[]): string[] => {
    const member = `'(?:${list.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})'`;
    const run = new RegExp(`${member}(?:\\s*[,|]\\s*${member}){${Math.min(3, list.length) - 1},}`, 'g');
    return source.match(run) ?? [];
  };

  it.each(Object.entries(lists))('%s', (_name, list) => {
    const found = files.flatMap((file) =>
      copies(readFileSync(join(root, file), 'utf8'), list).map((c) => `${file}: ${c}`),
    );
    expect(found).toEqual([]);
  });

  it('finds a copy where there is one', () => {
    expect(files).toEqual(expect.arrayContaining(['workflows/engine/sla.ts', 'api/schemas.ts']));
    expect(copies("z.enum(['resolved', 'closed', 'rejected'])", contract.CASE_STATUSES)).toHaveLength(1);
    expect(copies("from: 'customer' | 'agent';", contract.MESSAGE_SENDERS)).toHaveLength(1);
    expect(copies("z.enum(['string', 'number', 'integer', 'boolean'])", contract.FIELD_TYPES)).toHaveLength(
      1,
    );
    expect(copies("s === 'open' || s === 'claimed'", contract.TASK_STATUSES)).toEqual([]);
  });
});
