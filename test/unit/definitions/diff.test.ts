import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileTemplate } from '../../../definitions/compile';
import { diffPlans, formatDuration } from '../../../definitions/diff';
import { planToMermaid } from '../../../definitions/mermaid';
import type { Plan } from '../../../definitions/plan';

const text = readFileSync(join(__dirname, '../../../definitions/customer-issue/v1.yaml'), 'utf8');

function plan(source: string): Plan {
  const result = compileTemplate(source, 'v.yaml');
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.plan;
}

describe('formatDuration', () => {
  it.each([
    [15 * 60e3, '15m'],
    [9 * 3600e3, '9h'],
    [27 * 3600e3, '1d 3h'],
    [90e3, '1m 30s'],
    [0, '0ms'],
  ])('%d ms → %s', (ms, words) => expect(formatDuration(ms)).toBe(words));
});

describe('diffPlans', () => {
  const before = plan(text);

  it('finds nothing between a plan and itself', () => {
    expect(diffPlans(before, before)).toEqual([]);
  });

  it('describes removed escalations, changed rules, SLA calendars and quality', () => {
    const after = plan(
      text
        .replace(/ {2}- id: unclaimed-task\n(.*\n){5}/, '')
        .replace('"refund", "invoice"', '"refund", "refunds", "invoice"')
        .replace(
          'P1: { response: 15m, resolution: 4h, calendar: 24x7 }',
          'P1: { response: 15m, resolution: 4h }',
        )
        .replace('sample: 5%', 'sample: 10%'),
    );
    const texts = diffPlans(before, after).map((c) => `${c.section} ${c.kind}: ${c.text}`);
    expect(texts).toEqual(
      expect.arrayContaining([
        "escalations removed: removed escalation 'unclaimed-task'",
        'sla changed: SLA P1: calendar 24x7 → business-hours',
        'quality changed: quality: samplePercent 5 → 10',
      ]),
    );
    expect(texts.filter((t) => t.startsWith('classify'))).toEqual([
      expect.stringMatching(
        /^classify removed: removed classify rule #3 \(category billing → billing when \[/,
      ),
      expect.stringMatching(
        /^classify added: added classify rule #3 \(category billing → billing when .*"refunds"/,
      ),
    ]);
  });
});

describe('planToMermaid', () => {
  it('draws every step once and escapes quotes in labels', () => {
    const chart = planToMermaid(plan(text));
    for (const id of Object.keys(plan(text).steps)) {
      expect(chart.match(new RegExp(`^  s_${id.replace(/-/g, '_')}[\\[{(>]`, 'm'))).not.toBeNull();
    }
    expect(chart).not.toMatch(/\|"[^|]*[^#]"[^|]*"\|/);
  });
});
