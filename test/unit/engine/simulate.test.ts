import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatOffset, runSimulateCommand } from '../../../cli/simulate';

const TEMPLATE = join(__dirname, '../../../definitions/customer-issue/v1.yaml');
const dir = mkdtempSync(join(tmpdir(), 'caseflow-simulate-'));
const file = (name: string, content: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runSimulateCommand(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}

const vipOutage = file('case.json', {
  channel: 'phone',
  customer: { id: 'c-9', name: 'Wang', tier: 'vip', email: 'w@example.com' },
  subject: '无法登录',
  description: 'App outage since this morning',
  attributes: { affectedCustomers: 3 },
});

describe('caseflow simulate', () => {
  it('prints the path, the decisions with their reasons, and the final state', () => {
    const script = file('script.json', [
      { after: '5m', do: 'claim', task: 'triage', as: 'anna' },
      {
        after: '10m',
        do: 'complete',
        task: 'triage',
        outcome: 'route',
        form: { reason: 'technical fault' },
        as: 'anna',
      },
      {
        after: '1h',
        do: 'complete',
        outcome: 'resolved',
        form: { resolution: 'reset the session store' },
        as: 'tom',
      },
      { after: '2d', do: 'complete', task: 'follow-up', outcome: 'confirmed', as: 'anna' },
      { after: '1h', do: 'survey', answers: { speed: 5, ability: 4, attitude: 5 } },
    ]);
    const { code, stdout, stderr } = run([TEMPLATE, '--case', vipOutage, '--script', script]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('classified as technical → technical');
    expect(stdout).toMatch(/priority P1/);
    expect(stdout).toMatch(
      /path: classify → prioritize → .*triage → department-work → .*follow-up → survey → done/,
    );
    expect(stdout).toContain('» notify customer by email (fallback sms)');
    expect(stdout).toContain('[anna]');
    expect(stdout).toMatch(/final: status (resolved|closed), step done/);
  });

  it('lets timers run out after the script: waiting for the customer ends in closure', () => {
    const script = file('wait.json', {
      events: [{ after: '1m', do: 'complete', task: 'triage', outcome: 'needs-info' }],
    });
    const { code, stdout } = run([TEMPLATE, '--case', vipOutage, '--script', script]);
    expect(code).toBe(0);
    expect(stdout).toContain('wait timed out');
    expect(stdout).toMatch(/\+3d 0h 1m|\+3d 1m/);
  });

  it('reports a refused action and exits 1', () => {
    const script = file('bad.json', [{ do: 'complete', task: 'triage', outcome: 'resolved' }]);
    const { code, stdout } = run([TEMPLATE, '--case', vipOutage, '--script', script]);
    expect(code).toBe(1);
    expect(stdout).toContain('✗ complete refused (Invalid): form: resolution: required');
  });

  it('answers usage errors with exit 2', () => {
    expect(run([TEMPLATE]).code).toBe(2);
    expect(run([TEMPLATE, '--case', join(dir, 'missing.json')]).code).toBe(2);
    expect(run([TEMPLATE, '--case', file('nocust.json', { subject: 'x' })]).stderr).toContain('customer.id');
    expect(run(['--help']).stdout).toContain('usage: caseflow simulate');
  });

  it('reports template errors with exit 1', () => {
    const broken = file('broken.yaml', 'apiVersion: caseflow/v1\nkind: CaseTemplate\n');
    const { code, stderr } = run([broken, '--case', vipOutage]);
    expect(code).toBe(1);
    expect(stderr).toContain('broken.yaml');
  });

  it('shows clocks on virtual time: a P2 opened Friday 17:30 breaches its response Monday 09:30', () => {
    const gold = file('gold.json', {
      channel: 'web',
      customer: { id: 'c-2', tier: 'gold', email: 'g@example.com' },
      subject: 'Outage',
      description: 'service outage since this afternoon',
    });
    const friday = ['--at', '2026-01-09T17:30:00+08:00', '--until', '2026-01-12T12:00:00+08:00'];
    const { code, stdout } = run([TEMPLATE, '--case', gold, ...friday]);
    expect(code).toBe(0);
    expect(stdout).toContain('opened 2026-01-09T09:30:00.000Z (Fri 2026-01-09 17:30 +08:00 Asia/Shanghai)');
    expect(stdout).toMatch(/Mon 2026-01-12 09:30 \+08:00 +triage +response clock breached/);
    expect(stdout).toMatch(
      /response +PT1H on business-hours +due Mon 2026-01-12 09:30 \+08:00 +used 3h30m, left 0s +running, BREACHED/,
    );
    expect(stdout).toMatch(/resolution +PT9H on business-hours +due Mon 2026-01-12 17:30 \+08:00/);
    expect(stdout).toMatch(
      /Mon 2026-01-12 09:18 \+08:00 +response-warning: response clock at 80% → notify holder/,
    );
    // Nothing after --until fired: the case still waits at triage.
    expect(stdout).toContain('final: status open (still open), step triage');
  });

  it('prints local times in --zone and refuses bad instants and zones', () => {
    const { stdout } = run([
      TEMPLATE,
      '--case',
      vipOutage,
      '--at',
      '2026-01-09T09:30:00Z',
      '--zone',
      'Europe/London',
    ]);
    expect(stdout).toContain('(Fri 2026-01-09 09:30 +00:00 Europe/London)');
    expect(stdout).toMatch(/response +PT15M on 24x7 +due Fri 2026-01-09 09:45 \+00:00/);
    expect(run([TEMPLATE, '--case', vipOutage, '--at', 'friday']).code).toBe(2);
    expect(run([TEMPLATE, '--case', vipOutage, '--zone', 'Mars/Olympus']).stderr).toContain('IANA');
  });

  it('formats offsets', () => {
    expect(formatOffset(0)).toBe('+0m');
    expect(formatOffset(90 * 60_000)).toBe('+1h 30m');
    expect(formatOffset(2 * 86_400_000 + 60_000)).toBe('+2d 1m');
  });
});

if (process.env.SHOW_SIMULATION) {
  it('shows one run', () => {
    const script = file('show.json', [
      { after: '5m', do: 'complete', task: 'triage', outcome: 'route', form: { reason: 'x' }, as: 'anna' },
    ]);
    console.log(run([TEMPLATE, '--case', vipOutage, '--script', script]).stdout);
  });
}
