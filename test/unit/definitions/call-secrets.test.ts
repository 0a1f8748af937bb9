/**
 * `call` steps name secrets, never hold them: `{ secret: NAME }` in headers and query (schema, plan), and
 * `caseflow validate` warns — file:line:col, exit 0 — where a header, query value or URL looks like a
 * literal credential.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../cli/main';
import { compileTemplate } from '../../../definitions/compile';
import { validateTemplateSource } from '../../../definitions/validate';
import { smallTemplate } from './small-template';

const template = (call: string) =>
  smallTemplate(
    'secrets',
    1,
    `  - id: lookup
    kind: call
${call}
    resultVar: crm
  - { id: done, kind: end, status: closed }
`,
  );

const byReference = template(`    url: https://crm.example.com/api/customers
    headers:
      Authorization: { secret: CRM_TOKEN }
      Accept: application/json
    query:
      api_key: { secret: CRM_KEY }
      fields: level`);

describe('{ secret: NAME } in call steps', () => {
  it('is accepted in headers and query and compiles to a reference, not a value', () => {
    const result = compileTemplate(byReference, 'secrets.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.plan.steps.lookup).toMatchObject({
      request: {
        method: 'GET',
        url: 'https://crm.example.com/api/customers',
        headers: { Authorization: { secret: 'CRM_TOKEN' }, Accept: 'application/json' },
        query: { api_key: { secret: 'CRM_KEY' }, fields: 'level' },
      },
    });
    const validated = validateTemplateSource(byReference, 'secrets.yaml');
    expect(validated.ok && validated.warnings).toEqual([]);
  });

  it('refuses a secret name that is no environment variable name, at its place', () => {
    const result = validateTemplateSource(
      template(`    url: https://crm.example.com/api
    headers:
      Authorization: { secret: crm-token }`),
      'secrets.yaml',
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      {
        file: 'secrets.yaml',
        line: 20,
        column: 32,
        message: 'expected a secret name: capital letters, digits and _, e.g. CRM_TOKEN',
      },
    ]);
  });

  it('refuses other shapes of a header value', () => {
    const result = validateTemplateSource(
      template(`    url: https://crm.example.com/api
    headers:
      Authorization: { value: abc }`),
      'secrets.yaml',
    );
    expect(!result.ok && result.errors.map((e) => [e.line, e.message])).toEqual([
      [20, 'expected text or { secret: NAME } (the worker reads CASEFLOW_SECRET_<NAME>)'],
    ]);
  });
});

describe('warnings about literal credentials', () => {
  const literal = template(`    url: https://svc:hunter2@crm.example.com/api?access_token=abc123def456&q=1
    headers:
      Authorization: Bearer 9f8e7d6c5b4a
      X-Api-Key: plain-words-but-a-key-name
      X-Trace: 4f3c2a1b0e9d8c7b6a5f4e3d2c1b0a99
      Accept: application/json
      Idempotency-Key: fixed
    query:
      token: abc
      q: printers`);

  it('names each place, and the template stays valid', () => {
    const result = validateTemplateSource(literal, 'secrets.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.warnings.map((w) => `${w.line}:${w.column}: ${w.message}`)).toEqual([
      '18:10: the url holds a user name or password; use headers: { Authorization: { secret: NAME } } instead and set CASEFLOW_SECRET_NAME on the worker',
      "18:10: the url's query parameter access_token looks like a credential (literal text under a credential name); move it to query: { access_token: { secret: LOOKUP_ACCESS_TOKEN } } and set CASEFLOW_SECRET_LOOKUP_ACCESS_TOKEN on the worker",
      "20:22: header Authorization looks like a credential (an authorization scheme with its credential); write { secret: LOOKUP_AUTHORIZATION } and set CASEFLOW_SECRET_LOOKUP_AUTHORIZATION on the worker: every role that reads templates, and every case's history, would see literal text",
      "21:18: header X-Api-Key looks like a credential (literal text under a credential name); write { secret: LOOKUP_X_API_KEY } and set CASEFLOW_SECRET_LOOKUP_X_API_KEY on the worker: every role that reads templates, and every case's history, would see literal text",
      "22:16: header X-Trace looks like a credential (a long hex string); write { secret: LOOKUP_X_TRACE } and set CASEFLOW_SECRET_LOOKUP_X_TRACE on the worker: every role that reads templates, and every case's history, would see literal text",
      "26:14: query parameter token looks like a credential (literal text under a credential name); write { secret: LOOKUP_TOKEN } and set CASEFLOW_SECRET_LOOKUP_TOKEN on the worker: every role that reads templates, and every case's history, would see literal text",
    ]);
  });

  it('are printed by caseflow validate as warnings, exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseflow-secrets-'));
    const file = join(dir, 'v1.yaml');
    writeFileSync(file, literal);
    let stdout = '';
    let stderr = '';
    const code = await runCli(['validate', file], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
    });
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[2]).toBe(
      `${file}:20:22: warning: header Authorization looks like a credential (an authorization scheme with its credential); write { secret: LOOKUP_AUTHORIZATION } and set CASEFLOW_SECRET_LOOKUP_AUTHORIZATION on the worker: every role that reads templates, and every case's history, would see literal text`,
    );
    expect(stderr).toBe('1 template valid (6 warnings)\n');
  });

  it('are reported beside errors too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseflow-secrets-'));
    const file = join(dir, 'v1.yaml');
    writeFileSync(
      file,
      template(`    url: https://crm.example.com/api
    headers: { Authorization: Basic dXNlcjpwYXNz }
    timeout: soon`),
    );
    let stdout = '';
    let stderr = '';
    const code = await runCli(['validate', file], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
    });
    expect(code).toBe(1);
    expect(stdout).toMatch(/:19:31: warning: header Authorization looks like a credential/);
    expect(stdout).toMatch(/:20:14: expected a duration/);
    expect(stderr).toBe('1 of 1 template invalid (1 error, 1 warning)\n');
  });
});
