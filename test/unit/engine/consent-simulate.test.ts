/**
 * `caseflow simulate` with a case file carrying consent (docs/privacy.md "Consent"): the standard template's
 * notices to the customer go by email only, the SMS refusals and the unsent survey are in the printed
 * decisions, and the case ends without waiting the survey's three days.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSimulateCommand } from '../../../cli/simulate';

const TEMPLATE = join(__dirname, '../../../definitions/customer-issue/v1.yaml');
const dir = mkdtempSync(join(tmpdir(), 'caseflow-consent-'));
const file = (name: string, content: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
};

function simulate(consent?: Record<string, boolean>): { code: number; stdout: string; stderr: string } {
  const caseFile = file(`case-${consent ? 'consent' : 'none'}.json`, {
    channel: 'web',
    customer: { id: 'c-7', name: 'Zhao', email: 'z@example.com', phone: '+86 138 0000 0000' },
    subject: 'Cannot log in',
    description: 'Password rejected',
    ...(consent ? { consent } : {}),
  });
  const script = file('script.json', [
    { after: '5m', do: 'complete', task: 'triage', outcome: 'resolved', form: { resolution: 'reset' } },
  ]);
  let stdout = '';
  let stderr = '';
  const code = runSimulateCommand([TEMPLATE, '--case', caseFile, '--script', script], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}

it('without consent: the survey link is sent and the case waits for it', () => {
  const { code, stdout, stderr } = simulate();
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(stdout).toContain('» notify customer by email (fallback sms)');
  expect(stdout).not.toContain('no consent');
  expect(stdout).toContain('survey link sent');
  expect(stdout).toContain('survey timed out → done');
});

it('email only, no survey: no SMS fallback, no survey link, the case done at once', () => {
  const { code, stdout, stderr } = simulate({ email: true, sms: false, survey: false });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(stdout).toContain('sms fallback dropped: no consent');
  expect(stdout).toContain('survey not sent: no consent');
  expect(stdout).not.toContain('fallback sms');
  expect(stdout).toMatch(/final: status resolved, step done/);
  expect(stdout).toContain('at: +5m');
});
