import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../cli/main';
import { templateJsonSchema } from '../../../definitions/schema';

const root = join(__dirname, '../../..');
const standard = join(root, 'definitions/customer-issue/v1.yaml');
const standardText = readFileSync(standard, 'utf8');

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'caseflow-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('caseflow (dispatch)', () => {
  it('prints usage and exits 2 without a command', async () => {
    const result = await run();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: caseflow <command>');
    expect(result.stderr).toContain('caseflow validate <file|dir>…');
  });

  it('prints help on --help and exits 0', async () => {
    const result = await run('--help');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('caseflow diff <old> <new>');
  });

  it('rejects an unknown command with the list of commands', async () => {
    const result = await run('valdate');
    expect(result.code).toBe(2);
    // Other commands (simulate, publish, replay) register after these four.
    expect(result.stderr).toMatch(
      /^caseflow: unknown command 'valdate' \(expected one of: validate, graph, schema, diff\b.*\)\n$/,
    );
  });
});

describe('caseflow validate', () => {
  it('accepts the standard template and the definitions directory', async () => {
    expect(await run('validate', standard)).toEqual({ code: 0, stdout: '', stderr: '1 template valid\n' });
    expect(await run('validate', join(root, 'definitions'))).toMatchObject({ code: 0, stdout: '' });
  });

  it('prints file:line:col: message for every error and exits 1', async () => {
    const broken = standardText
      .replace('timezone: Asia/Shanghai', 'timezone: Mars/Olympus')
      .replace('next: technical-l2', 'next: technical-l3');
    const dir = scratch({ 'customer-issue/v1.yaml': broken });
    const file = join(dir, 'customer-issue/v1.yaml');
    const result = await run('validate', dir);
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    // The unknown target is reported once, without a cascade of "unreachable" consequences.
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      `${file}:37:15: unknown time zone 'Mars/Olympus' (expected an IANA zone such as Asia/Shanghai)`,
    );
    expect(lines[1]).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:15: unknown step 'technical-l3'`),
    );
    expect(result.stderr).toBe('1 of 1 template invalid (2 errors)\n');
  });

  it('checks that v<N>.yaml declares version N', async () => {
    const dir = scratch({ 'customer-issue/v2.yaml': standardText });
    const result = await run('validate', join(dir, 'customer-issue/v2.yaml'));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(':1:1: the file is named v2.yaml but declares version 1');
  });

  it('says what is expected on usage errors', async () => {
    expect(await run('validate')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('expected at least one template file or directory'),
    });
    expect(await run('validate', '/no/such/file.yaml')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("cannot find '/no/such/file.yaml'"),
    });
    const empty = scratch({ 'readme.txt': 'x' });
    expect(await run('validate', empty)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no *.yaml templates'),
    });
  });
});

describe('caseflow graph', () => {
  it('prints a Mermaid flowchart with outcomes on the edges', async () => {
    const result = await run('graph', standard);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('flowchart TD\n')).toBe(true);
    expect(result.stdout).toContain('s_triage -->|"route"| s_department_work');
    expect(result.stdout).toContain('s_screen -->|"major complaint"| s_management_review');
    expect(result.stdout).toContain('s_await_customer_triage -->|"timeout"| s_no_reply_notice');
    expect(result.stdout).toContain('s_done((("done<br/><i>end · resolved</i>")))');
  });

  it('reports template errors on stderr and exits 1', async () => {
    const dir = scratch({ 'bad.yaml': 'apiVersion: caseflow/v2\n' });
    const result = await run('graph', join(dir, 'bad.yaml'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('bad.yaml:1:13: expected apiVersion: caseflow/v1');
  });

  it('needs exactly one file', async () => {
    expect(await run('graph')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage: caseflow graph <file>'),
    });
  });
});

describe('caseflow schema', () => {
  it('prints the JSON Schema', async () => {
    const result = await run('schema');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(templateJsonSchema());
  });

  it('takes no arguments', async () => {
    expect(await run('schema', 'x')).toMatchObject({ code: 2 });
  });
});

describe('caseflow diff', () => {
  it('says there are no changes between identical versions (exit 0)', async () => {
    expect(await run('diff', standard, standard)).toEqual({
      code: 0,
      stdout: 'customer-issue v1 → customer-issue v1: no changes\n',
      stderr: '',
    });
  });

  it('lists changes in plain words (exit 1)', async () => {
    const changed = standardText
      .replace('version: 1', 'version: 2')
      .replace('P2: { response: 1h, resolution: 9h }', 'P2: { response: 30m, resolution: 9h }')
      .replace(
        '      resolved:\n        next: resolution-notice',
        '      resolved:\n        next: follow-up-check',
      )
      .replace(
        '    next: closed-no-reply\n',
        '    next: no-reply-sms\n  - { id: no-reply-sms, kind: notify, to: customer, channel: sms, message: Closed., next: closed-no-reply }\n',
      )
      .replace('    low: { high: P3, medium: P3, low: P4 }', '    low: { high: P2, medium: P3, low: P4 }');
    const dir = scratch({ 'v2.yaml': changed });
    const result = await run('diff', standard, join(dir, 'v2.yaml'));
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('customer-issue v1 → customer-issue v2');
    expect(result.stdout).toContain('~ template: version 1 → 2');
    expect(result.stdout).toContain('~ SLA P2: response 1h → 30m');
    expect(result.stdout).toContain(
      "~ step 'triage': 'resolved' now leads to 'follow-up-check' (was 'resolution-notice')",
    );
    expect(result.stdout).toContain(
      "~ step 'no-reply-notice': next now leads to 'no-reply-sms' (was 'closed-no-reply')",
    );
    expect(result.stdout).toContain('~ matrix impact low × urgency high: P3 → P2');
    expect(result.stdout).toContain("+ added step 'no-reply-sms'");
    expect(result.code).toBe(1);
  });

  it('refuses invalid inputs with exit 2', async () => {
    const dir = scratch({ 'bad.yaml': 'kind: nope\n' });
    const result = await run('diff', standard, join(dir, 'bad.yaml'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('both templates must be valid');
  });
});
