/**
 * The template registry on the real PostgreSQL, through the API: publish is immutable and race-safe,
 * retire stops new cases, reads return YAML, hash and status.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../config/paths';
import { publishTemplate } from '../../db/templates';
import { compileTemplate } from '../../definitions/compile';
import { runCli } from '../../cli/main';
import { apiAs, useTestSystem } from '../support/system';

const system = useTestSystem();

const standard = readFileSync(join(projectRoot, 'definitions', 'customer-issue', 'v1.yaml'), 'utf8');
/** The standard template under another name and version; `note` changes the content (and so the hash). */
const variant = (name: string, version: number, note = '') =>
  standard.replace(/^name: .*$/m, `name: ${name}`).replace(/^version: .*$/m, `version: ${version}`) + note;

describe('template registry', () => {
  it('lists the shipped standard template, readable by any signed-in principal', async () => {
    const res = await apiAs(system.url, 'dev-frontline').get('/templates/customer-issue/versions/1');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'customer-issue', version: 1, status: 'active', yaml: standard });
    expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const list = await apiAs(system.url, 'dev-auditor').get('/templates');
    expect(list.body.items.map((i: { name: string }) => i.name)).toContain('customer-issue');
  });

  it('publishes once, treats the same content as a no-op, and refuses other content under the version', async () => {
    const designer = apiAs(system.url, 'dev-designer');
    const first = await designer.post('/templates', { source: variant('publish-test', 1) });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      name: 'publish-test',
      version: 1,
      outcome: 'published',
      publishedBy: 'designer',
    });
    const again = await designer.post('/templates', { source: variant('publish-test', 1) });
    expect(again).toMatchObject({ status: 200, body: { outcome: 'unchanged', sha256: first.body.sha256 } });
    const changed = await designer.post('/templates', { source: variant('publish-test', 1, '# changed\n') });
    expect(changed.status).toBe(409);
    expect(changed.body.detail).toMatch(/already published with other content.*new version/);
  });

  it('accepts YAML text bodies and answers 422 with located errors for a broken template', async () => {
    const designer = apiAs(system.url, 'dev-designer');
    const broken = variant('broken-test', 1).replace(/^kind: .*$/m, 'kind: Nonsense');
    const res = await designer.raw('POST', '/templates', broken, { 'content-type': 'text/yaml' });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toMatch(/^request\.yaml:\d+:\d+$/);
    const check = await designer.raw('POST', '/templates/validate', broken, {
      'content-type': 'application/yaml',
    });
    expect(check.status).toBe(200);
    expect(check.body.valid).toBe(false);
  });

  it('lets exactly one of two racing publishers of different content win', async () => {
    const sources = [variant('race-test', 3, '# a\n'), variant('race-test', 3, '# b\n')] as const;
    const [a, b] = sources.map((source, i) => compileTemplate(source, `${i}.yaml`));
    if (!a?.ok || !b?.ok) throw new Error('variants must compile');
    const results = await Promise.all([
      publishTemplate(system.pool, a.plan, sources[0], 'alice'),
      publishTemplate(system.pool, b.plan, sources[1], 'bob'),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['conflict', 'published']);
    const row = await apiAs(system.url, 'dev-designer').get('/templates/race-test/versions/3');
    const winner = results.find((r) => r.outcome === 'published');
    expect(row.body.sha256).toBe(winner?.outcome === 'published' ? winner.row.sha256 : undefined);
  });

  it('only designers publish and retire; a retired version opens no new cases', async () => {
    expect(
      (await apiAs(system.url, 'dev-frontline').post('/templates', { source: variant('x', 1) })).status,
    ).toBe(403);
    const designer = apiAs(system.url, 'dev-designer');
    await designer.post('/templates', { source: variant('retire-test', 1) });
    const retired = await designer.post('/templates/retire-test/versions/1/retire');
    expect(retired).toMatchObject({ status: 200, body: { status: 'retired', retiredBy: 'designer' } });
    const open = await apiAs(system.url, 'dev-intake').post('/cases', {
      template: 'retire-test',
      channel: 'web',
      customer: { id: 'cu-r' },
      subject: 'x',
    });
    expect(open.status).toBe(422);
  });

  it('serves the flow as Mermaid and the changes between two versions in words', async () => {
    const designer = apiAs(system.url, 'dev-designer');
    const graph = await designer.get('/templates/customer-issue/versions/1/graph');
    expect(graph.status).toBe(200);
    expect(graph.body.mermaid).toMatch(/^flowchart/);
    expect(graph.body.mermaid).toMatch(/triage/);
    await designer.post('/templates', { source: variant('diff-test', 1) });
    const v2 = variant('diff-test', 2).replace('response: 15m', 'response: 10m');
    expect((await designer.post('/templates', { source: v2 })).status).toBe(201);
    const diff = await designer.get('/templates/diff-test/diff?from=1&to=2');
    expect(diff.status).toBe(200);
    expect(diff.body.changes.length).toBeGreaterThan(0);
    expect(diff.body.text).toMatch(/P1/);
    const bad = await designer.get('/templates/diff-test/diff?from=one');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['query.from', 'query.to']);
  });
});

describe('caseflow publish', () => {
  const run = async (token: string, file: string) => {
    const out = { stdout: '', stderr: '' };
    const io = {
      stdout: (t: string) => void (out.stdout += t),
      stderr: (t: string) => void (out.stderr += t),
    };
    process.env.CASEFLOW_API_URL = system.url;
    process.env.CASEFLOW_TOKEN = token;
    const code = await runCli(['publish', file], io);
    return { code, ...out };
  };

  it('publishes through the API with the designer’s token, once, and names what is wrong otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseflow-publish-'));
    const file = join(dir, 'cli-publish.yaml');
    writeFileSync(file, variant('cli-publish', 1));
    expect(await run('dev-designer', file)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^published cli-publish v1 \(sha256 [0-9a-f]{64}\)/),
    });
    expect((await run('dev-designer', file)).stdout).toMatch(/already published with this content/);
    const read = await apiAs(system.url, 'dev-auditor').get('/templates/cli-publish/versions/1');
    expect(read.body).toMatchObject({ status: 'active', publishedBy: 'designer' });

    writeFileSync(file, variant('cli-publish', 1, '\n# changed\n'));
    const conflict = await run('dev-designer', file);
    expect(conflict).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/409 Conflict: cli-publish v1 is already published with other content/),
    });
    expect((await run('dev-frontline', file)).stderr).toMatch(/403/);

    writeFileSync(file, 'name: broken\n');
    const broken = await run('dev-designer', file);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/cli-publish\.yaml:\d+:\d+: /);
  });
});
