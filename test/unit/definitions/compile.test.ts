import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileTemplate, loadTemplateFile, sha256 } from '../../../definitions/compile';
import type { Plan } from '../../../definitions/plan';
import { smallTemplate } from './small-template';

const standardPath = join(__dirname, '../../../definitions/customer-issue/v1.yaml');
const standardText = readFileSync(standardPath, 'utf8');

function compileStandard(): Plan {
  const result = compileTemplate(standardText, 'v1.yaml');
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.line}:${e.column}: ${e.message}`).join('\n'));
  return result.plan;
}

describe('compileTemplate on the standard template', () => {
  const plan = compileStandard();

  it('keeps identity and the sha256 of the exact source', () => {
    expect(plan).toMatchObject({
      apiVersion: 'caseflow/v1',
      name: 'customer-issue',
      version: 1,
      start: 'classify',
    });
    expect(plan.sha256).toBe(sha256(standardText));
    expect(plan.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('uses the ids of SPEC §5', () => {
    expect(Object.keys(plan.departments)).toEqual([
      'frontline',
      'technical',
      'billing',
      'after-sales',
      'management',
      'quality',
    ]);
    expect(plan.departments.technical?.tiers).toEqual(['L1', 'L2']);
    expect(plan.priority.order).toEqual(['P1', 'P2', 'P3', 'P4']);
    expect([...new Set(plan.classify.map((r) => r.category))].sort()).toEqual([
      'after-sales',
      'billing',
      'complaint',
      'consulting',
      'other',
      'technical',
    ]);
    const outcomes = (id: string) => {
      const step = plan.steps[id];
      return step && (step.kind === 'task' || step.kind === 'follow-up') ? Object.keys(step.outcomes) : [];
    };
    expect(outcomes('triage')).toEqual(['resolved', 'route', 'needs-info']);
    expect(outcomes('department-work')).toEqual(['resolved', 'needs-info', 'escalate']);
    expect(outcomes('follow-up')).toEqual(['confirmed', 'reopen']);
    expect(outcomes('complaint-review')).toEqual(['upheld', 'dismissed']);
    const survey = plan.steps.survey;
    expect(survey?.kind === 'survey' && survey.questions.map((q) => [q.id, q.min, q.max])).toEqual([
      ['speed', 1, 5],
      ['ability', 1, 5],
      ['attitude', 1, 5],
    ]);
  });

  it('turns durations into milliseconds and fills calendars', () => {
    expect(plan.sla.targets).toEqual({
      P1: { responseMs: 15 * 60e3, resolutionMs: 4 * 3600e3, calendar: '24x7' },
      P2: { responseMs: 3600e3, resolutionMs: 9 * 3600e3, calendar: 'business-hours' },
      P3: { responseMs: 4 * 3600e3, resolutionMs: 27 * 3600e3, calendar: 'business-hours' },
      P4: { responseMs: 9 * 3600e3, resolutionMs: 45 * 3600e3, calendar: 'business-hours' },
    });
    expect(plan.sla.pauseWhen).toEqual(['waiting']);
    expect(plan.calendars['24x7']).toMatchObject({ alwaysOpen: true });
    expect(plan.calendars['business-hours']).toMatchObject({
      timezone: 'Asia/Shanghai',
      alwaysOpen: false,
      hours: { 1: [{ startMinute: 540, endMinute: 1080 }], 5: [{ startMinute: 540, endMinute: 1080 }] },
    });
    expect(plan.calendars['business-hours']?.hours[6]).toBeUndefined();
  });

  it('compiles steps with explicit next, department refs and waits', () => {
    expect(plan.steps.classify).toEqual({ id: 'classify', kind: 'classify', next: 'prioritize' });
    expect(plan.steps['department-work']).toMatchObject({
      department: { kind: 'expr', expr: 'case.department' },
    });
    expect(plan.steps.triage).toMatchObject({
      department: { kind: 'fixed', department: 'frontline' },
      outcomes: {
        route: { id: 'route', next: 'department-work', form: { reason: { type: 'string', required: true } } },
      },
      escalations: [
        { id: 'triage.escalation-1', trigger: { kind: 'task.unclaimed', afterMs: 3600e3 }, delayMs: 0 },
      ],
    });
    expect(plan.steps['await-customer-triage']).toEqual({
      id: 'await-customer-triage',
      kind: 'wait',
      for: { kind: 'customer-reply' },
      timeoutMs: 3 * 86400e3,
      onTimeout: 'no-reply-notice',
      status: 'waiting',
      next: 'triage',
    });
    expect(plan.steps['resolution-notice']).toMatchObject({
      to: { kind: 'customer' },
      channel: 'email',
      fallback: 'sms',
      next: 'follow-up-check',
    });
    expect(plan.steps['follow-up']).toMatchObject({ afterMs: 2 * 86400e3, calendar: '24x7' });
  });

  it('compiles escalation ladders', () => {
    const byId = Object.fromEntries(plan.escalations.map((e) => [e.id, e]));
    expect(byId['response-warning']).toMatchObject({
      trigger: { kind: 'clock.at', clock: 'response', percent: 80 },
      delayMs: 0,
    });
    expect(byId['technical-l1-breach']).toMatchObject({
      trigger: { kind: 'clock.breached', clock: 'response' },
      departments: ['technical'],
      tiers: ['L1'],
      actions: [
        { kind: 'reassign', tier: 'next' },
        { kind: 'notify', to: { kind: 'department', department: 'technical' } },
      ],
    });
    expect(byId['technical-l2-breach']?.actions).toEqual([{ kind: 'reassign', department: 'management' }]);
    expect(byId['breach-review']).toMatchObject({
      delayMs: 2 * 3600e3,
      actions: [{ kind: 'task', department: 'management' }],
    });
    expect(byId['unclaimed-task']?.trigger).toEqual({ kind: 'task.unclaimed', afterMs: 30 * 60e3 });
  });

  it('compiles continuity, quality and VIP raise', () => {
    expect(plan.continuity).toEqual({ mergeOpenCase: true, preferLastHandler: true });
    expect(plan.quality).toEqual({
      samplePercent: 5,
      department: 'quality',
      title: 'Quality review of a closed case',
      outcomes: ['pass', 'coach'],
    });
    expect(plan.priority.overrides).toEqual([
      { when: 'case.customer.tier == "vip"', raise: 1, reason: 'VIP customer', index: 0 },
    ]);
  });

  it('is plain JSON: survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });
});

describe('determinism', () => {
  it('gives the same plan and hash for the same source', () => {
    expect(JSON.stringify(compileStandard())).toBe(JSON.stringify(compileStandard()));
  });

  it('changes the hash when only a comment changes', () => {
    const a = compileTemplate(standardText, 'a.yaml');
    const b = compileTemplate(`${standardText}\n# a comment\n`, 'b.yaml');
    expect(a.ok && b.ok && a.plan.sha256 !== b.plan.sha256).toBe(true);
  });
});

describe('loadTemplateFile', () => {
  it('loads and compiles a file', () => {
    const result = loadTemplateFile(standardPath);
    expect(result.ok).toBe(true);
  });

  it('reports an unreadable file as an error value', () => {
    expect(loadTemplateFile('/nonexistent/x.yaml')).toEqual({
      ok: false,
      errors: [{ file: '/nonexistent/x.yaml', line: 1, column: 1, message: 'cannot read the file (ENOENT)' }],
    });
  });
});

describe('defaults', () => {
  const minimal = smallTemplate(
    'mini',
    2,
    `  - { id: call-crm, kind: call, url: "https://crm.example/api", resultVar: crm, onFailure: done }
  - { id: wait-a-bit, kind: wait, for: { duration: 1h30m } }
  - { id: done, kind: end, status: closed }
`,
  );
  it('fills defaults of call, wait and sla', () => {
    const result = compileTemplate(minimal, 'mini.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.plan.sla.targets.P1).toEqual({
      responseMs: 3600e3,
      resolutionMs: 86400e3,
      calendar: '24x7',
    });
    expect(result.plan.steps['call-crm']).toMatchObject({
      request: { method: 'GET', url: 'https://crm.example/api', headers: {} },
      timeoutMs: 10000,
      retry: { maxAttempts: 3, initialIntervalMs: 1000, backoffCoefficient: 2 },
      next: 'wait-a-bit',
      onFailure: 'done',
    });
    expect(result.plan.steps['wait-a-bit']).toMatchObject({
      for: { kind: 'duration', durationMs: 5400e3 },
      status: 'open',
      next: 'done',
    });
    expect(result.plan.continuity).toEqual({ mergeOpenCase: false, preferLastHandler: false });
    expect(result.plan.quality).toBeUndefined();
    expect(result.plan.input).toEqual({});
  });
});
