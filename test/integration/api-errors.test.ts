/**
 * The API's edges on a running system: the OpenAPI document and docs page, and problem+json for every
 * kind of rejection — unknown routes (404 before auth), wrong methods (405), malformed JSON (400), bodies
 * too large (413) or of the wrong type (415), and no stack trace in any answer.
 */
import { apiAs, useTestSystem } from '../support/system';

const system = useTestSystem();

const problemType = /^application\/problem\+json/;

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document of every route, without a token', async () => {
    const res = await apiAs(system.url, '').get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const paths = Object.keys(res.body.paths);
    for (const path of ['/cases', '/cases/{id}', '/tasks/{id}/complete', '/templates/{name}/versions/{v}'])
      expect(paths).toContain(path);
    const open = res.body.paths['/cases'].post;
    expect(open.security).toEqual([{ bearer: [] }]);
    expect(open.parameters.map((p: { name: string }) => p.name)).toContain('idempotency-key');
    expect(open.responses['400'].content['application/problem+json'].schema.$ref).toBe(
      '#/components/schemas/Problem',
    );
    expect(res.body.paths['/health'].get.security).toEqual([]);
  });

  it('serves browsable docs (Swagger UI) from this server only', async () => {
    const res = await fetch(`${system.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toMatch(/caseflow API/);
    // Every script and stylesheet comes from /docs/ on this server; none is inline, none from a CDN.
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources).toEqual(['/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js', '/docs/docs-init.js']);
    expect(html).not.toMatch(/<script>/);
    for (const source of sources) expect((await fetch(`${system.url}${source}`)).status).toBe(200);
    expect(await (await fetch(`${system.url}/docs/docs-init.js`)).text()).toMatch(/'\/openapi\.json'/);
    expect((await fetch(`${system.url}/docs/index.html`)).status).toBe(404);
  });
});

describe('problem+json', () => {
  it('answers 404 for an unknown route before asking for a token', async () => {
    const res = await apiAs(system.url, '').get('/nowhere/at/all');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(problemType);
    expect(res.body).toMatchObject({ status: 404, title: 'Not Found', instance: '/nowhere/at/all' });
  });

  it('answers 405 with Allow for a known path and another method', async () => {
    const res = await apiAs(system.url, 'dev-admin').raw('DELETE', '/cases');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST, GET');
    expect(res.headers.get('content-type')).toMatch(problemType);
  });

  it('answers 401 for a known route without a token', async () => {
    const res = await apiAs(system.url, '').get('/cases');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers 400 for malformed JSON, 413 for a large body, 415 for another content type', async () => {
    const intake = apiAs(system.url, 'dev-intake');
    const bad = await intake.raw('POST', '/cases', '{"channel": web', { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(problemType);
    const large = await intake.raw('POST', '/cases', JSON.stringify({ x: 'x'.repeat(1_100_000) }));
    expect(large.status).toBe(413);
    expect(large.headers.get('content-type')).toMatch(problemType);
    const form = await intake.raw('POST', '/cases', 'channel=web', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect(form.body).toMatchObject({ status: 415, title: 'Unsupported Media Type' });
    expect(form.headers.get('accept-post')).toBe('application/json');
  });

  it('accepts YAML where the route says so, and refuses it elsewhere', async () => {
    const designer = apiAs(system.url, 'dev-designer');
    const check = await designer.raw('POST', '/templates/validate', 'name: x\n', {
      'content-type': 'text/yaml',
    });
    expect(check.status).toBe(200);
    const res = await apiAs(system.url, 'dev-intake').raw('POST', '/cases', 'channel: web\n', {
      'content-type': 'text/yaml',
    });
    expect(res.status).toBe(415);
  });

  it('gives every answer a request id, keeping a sensible one the caller sent', async () => {
    const mine = await apiAs(system.url, '').raw('GET', '/health', undefined, { 'x-request-id': 'abc-123' });
    expect(mine.headers.get('x-request-id')).toBe('abc-123');
    const odd = await apiAs(system.url, '').raw('GET', '/nowhere', undefined, { 'x-request-id': 'a b<c>' });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets helmet security headers', async () => {
    const res = await apiAs(system.url, '').get('/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});
