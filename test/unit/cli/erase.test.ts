/**
 * `caseflow erase`: what the command line refuses before any request, the request it sends, and how the
 * answer and a refusal print. The API is a local HTTP server answering as the real one does (the route
 * itself is tested against Temporal and PostgreSQL in test/integration/customer-erasure.test.ts).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatErasure, runErase } from '../../../cli/erase';
import type { CustomerErasure } from '../../../contract/customer-erasure';

const erasure: CustomerErasure = {
  customer: 'ck_AAAAAAAAAAAAAAAAAAAAAA',
  erasedAt: '2026-12-02T10:00:00.000Z',
  erasedBy: 'admin',
  cases: [
    { id: 'C-1', status: 'closed', cancelled: false },
    { id: 'C-2', status: 'cancelled', cancelled: true },
  ],
};

function collect() {
  const out = { stdout: '', stderr: '' };
  const io = {
    stdout: (t: string) => void (out.stdout += t),
    stderr: (t: string) => void (out.stderr += t),
  };
  return { out, io };
}

it('prints the key and each case, saying which the erasure cancelled', () => {
  expect(formatErasure(erasure)).toBe(
    [
      'erased customer ck_AAAAAAAAAAAAAAAAAAAAAA at 2026-12-02T10:00:00.000Z by admin',
      '  case C-1: closed',
      '  case C-2: cancelled (cancelled by the erasure)',
      '',
    ].join('\n'),
  );
  expect(formatErasure({ ...erasure, cases: [] })).toContain('  no cases');
});

it('refuses a command line without one customer id or without a reason, before any request', async () => {
  const { out, io } = collect();
  expect(await runErase(['--reason', 'x'], io, {})).toBe(2);
  expect(out.stderr).toContain('name one customer id');
  expect(await runErase(['cu-1'], io, {})).toBe(2);
  expect(out.stderr).toContain('--reason');
  expect(await runErase(['cu-1', '--reason', '  '], io, {})).toBe(2);
  expect(await runErase(['cu-1', '--reason', 'x', '--force'], io, {})).toBe(2);
  expect(out.stderr).toContain("Unknown option '--force'");
});

describe('through the API', () => {
  const seen: Array<{ method: string; url: string; auth: string | undefined; body: unknown }> = [];
  let answer: { status: number; body: unknown } = { status: 200, body: erasure };
  let server: Server;
  let env: NodeJS.ProcessEnv;

  const bodyOf = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (chunk) => (text += String(chunk)));
      req.on('end', () => resolve(text));
    });

  beforeAll(async () => {
    server = createServer((req, res) => {
      void bodyOf(req).then((text) => {
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          auth: req.headers.authorization,
          body: JSON.parse(text),
        });
        const problem = answer.status >= 400;
        res.writeHead(answer.status, {
          'content-type': problem ? 'application/problem+json' : 'application/json',
        });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    env = { CASEFLOW_API_URL: `http://127.0.0.1:${port}`, CASEFLOW_TOKEN: 'dev-admin' };
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts the reason (and cancelOpen) for the id, percent-encoded, and prints the erasure', async () => {
    const { out, io } = collect();
    answer = { status: 200, body: erasure };
    expect(await runErase(['cu 1/x', '--reason', 'GDPR request 42', '--cancel-open'], io, env)).toBe(0);
    expect(seen.at(-1)).toEqual({
      method: 'POST',
      url: '/customers/cu%201%2Fx/erase',
      auth: 'Bearer dev-admin',
      body: { reason: 'GDPR request 42', cancelOpen: true },
    });
    expect(out.stdout).toBe(formatErasure(erasure));
    expect(await runErase(['cu-2', '--reason', 'closed account'], io, env)).toBe(0);
    expect(seen.at(-1)?.body).toEqual({ reason: 'closed account' });
  });

  it('prints a refusal with the open cases and how to cancel them; exit 1', async () => {
    const { out, io } = collect();
    answer = {
      status: 409,
      body: {
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        detail: 'Customer cu-1 has open cases (C-3): cancel them first.',
        openCases: ['C-3'],
      },
    };
    expect(await runErase(['cu-1', '--reason', 'r'], io, env)).toBe(1);
    expect(out.stderr).toContain('409 Conflict: Customer cu-1 has open cases (C-3)');
    expect(out.stderr).toContain('open cases: C-3');
    expect(out.stderr).toContain('--cancel-open');
    expect(out.stdout).toBe('');
  });

  it('says an unknown (or already erased) customer is not found; exit 1', async () => {
    const { out, io } = collect();
    answer = {
      status: 404,
      body: { title: 'Not Found', status: 404, detail: 'No customer cu-9: never seen, or already erased.' },
    };
    expect(await runErase(['cu-9', '--reason', 'r'], io, env)).toBe(1);
    expect(out.stderr).toContain('404 Not Found: No customer cu-9: never seen, or already erased.');
  });
});
