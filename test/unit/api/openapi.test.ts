/**
 * The OpenAPI document is generated from the routes the app serves: every served route has a RouteDoc, the
 * document is OpenAPI 3.1, and each operation lists problem+json answers for the errors it can give.
 */
import { createApp } from '../../../api/app';
import { catalogOf } from '../../../api/openapi/catalog';
import { buildOpenApiDocument } from '../../../api/openapi/document';
import { idleApiContext } from '../contract/fixtures';

const app = createApp(idleApiContext());
const catalog = catalogOf(app);
const doc = buildOpenApiDocument(catalog, '0.0.0') as any;

it('documents every route the app serves', () => {
  const undocumented = catalog.filter((e) => !e.doc).map((e) => `${e.method.toUpperCase()} ${e.path}`);
  expect(undocumented).toEqual([]);
  for (const e of catalog) expect(doc.paths[e.template]?.[e.method]).toBeDefined();
});

it('covers the SPEC §6 routes that exist', () => {
  const ops = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item as object).map((m) => `${m.toUpperCase()} ${path}`),
  );
  expect(ops).toEqual(
    expect.arrayContaining([
      'GET /health',
      'GET /ready',
      'GET /metrics',
      'GET /openapi.json',
      'GET /docs',
      'GET /templates',
      'POST /templates',
      'POST /templates/validate',
      'GET /templates/{name}/diff',
      'POST /cases',
      'GET /cases',
      'GET /cases/{id}',
      'GET /tasks',
      'POST /tasks/{id}/complete',
      'POST /tasks/{id}/handoff',
      'GET /survey/{token}',
    ]),
  );
});

it('lists problem+json error answers and bearer security on protected routes', () => {
  const complete = doc.paths['/tasks/{id}/complete'].post;
  expect(Object.keys(complete.responses)).toEqual(
    expect.arrayContaining(['200', '400', '401', '403', '404', '409', '413', '415', '422', '429', '500']),
  );
  expect(complete.responses['409'].content['application/problem+json']).toBeDefined();
  expect(complete.security).toEqual([{ bearer: [] }]);
  expect(doc.paths['/survey/{token}'].get.security).toEqual([]);
  expect(doc.components.schemas.Problem).toBeDefined();
  expect(doc.components.schemas.Task).toBeDefined();
});

it("documents a task's forms: outcome id → its fields (SPEC §10)", () => {
  const forms = doc.components.schemas.Task.properties.forms;
  expect(forms).toMatchObject({
    type: 'object',
    additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/TaskFormField' } },
  });
  expect(doc.components.schemas.TaskFormField).toMatchObject({
    properties: {
      name: { type: 'string' },
      type: { enum: ['string', 'number', 'integer', 'boolean', 'datetime', 'enum'] },
      required: { type: 'boolean' },
      title: { type: 'string' },
      options: { type: 'array', items: { type: 'string' } },
    },
    required: ['name', 'type', 'required'],
  });
});

it('marks the creating POSTs and the task actions as taking an Idempotency-Key', () => {
  const takesKey = (op: any) =>
    (op.parameters ?? []).some((p: any) => p.in === 'header' && p.name === 'idempotency-key');
  expect(takesKey(doc.paths['/cases'].post)).toBe(true);
  expect(takesKey(doc.paths['/templates'].post)).toBe(true);
  expect(takesKey(doc.paths['/tasks/{id}/complete'].post)).toBe(true);
  expect(takesKey(doc.paths['/tasks/{id}/claim'].post)).toBe(true);
  expect(takesKey(doc.paths['/cases/{id}'].get)).toBe(false);
});

it('documents the browsable docs (Swagger UI) and its files as public', () => {
  expect(doc.paths['/docs'].get.security).toEqual([]);
  expect(doc.paths['/docs/{file}'].get.security).toEqual([]);
  expect(doc.paths['/docs/{file}'].get.parameters[0].schema.enum).toEqual([
    'swagger-ui.css',
    'swagger-ui-bundle.js',
    'docs-init.js',
  ]);
});

it('documents the survey page: the form body and HTML answers beside JSON', () => {
  const post = doc.paths['/survey/{token}'].post;
  expect(Object.keys(post.requestBody.content)).toEqual([
    'application/json',
    'application/x-www-form-urlencoded',
  ]);
  expect(Object.keys(post.responses['200'].content)).toEqual(['application/json', 'text/html']);
  expect(Object.keys(doc.paths['/survey/{token}'].get.responses['200'].content)).toEqual([
    'application/json',
    'text/html',
  ]);
});
