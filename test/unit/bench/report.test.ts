/**
 * The bench report's arithmetic (bench/report.ts): the ratio to the same run's baseline, the verdict on a
 * target, the table's columns, and the options parser. The benchmarks themselves are never tests.
 */
import { parseBenchOptions } from '../../../bench/options';
import {
  formatNumber,
  formatTable,
  ratioOf,
  reportRow,
  targetMet,
  type ReportRow,
} from '../../../bench/report';
import { percentile } from '../../../bench/stats';

const open: ReportRow = {
  bench: 'B1',
  figure: 'cases opened/s',
  unit: '/s',
  value: 12.6,
  baseline: 23.7,
  baselineLabel: 'bare',
  target: { on: 'ratio', op: '>=', bound: 0.8 },
};

describe('bench report', () => {
  it('compares a figure with its baseline and its target', () => {
    expect(ratioOf(open)).toBeCloseTo(0.532, 3);
    expect(targetMet(open)).toBe(false);
    expect(targetMet({ ...open, value: 19 })).toBe(true);
    // A ceiling on the ratio (p99 ≤ 1.25× bare) and on the value itself (≤ 200 ms).
    expect(
      targetMet({ ...open, value: 30, baseline: 24, target: { on: 'ratio', op: '<=', bound: 1.25 } }),
    ).toBe(true);
    expect(targetMet({ ...open, value: 201, target: { on: 'value', op: '<=', bound: 200 } })).toBe(false);
  });

  it('has no ratio without a baseline, and no verdict without a target', () => {
    const bare = { bench: 'B5', figure: 'x', unit: 'ms', value: 3 };
    expect(ratioOf(bare)).toBeUndefined();
    expect(ratioOf({ ...bare, baseline: 0 })).toBeUndefined();
    expect(targetMet(bare)).toBeUndefined();
    // A ratio target without a baseline cannot be judged.
    expect(targetMet({ ...bare, target: { on: 'ratio', op: '<=', bound: 3 } })).toBeUndefined();
    expect(reportRow(bare)).toEqual(bare);
  });

  it('prints one row per figure: value, baseline, ratio, target, met', () => {
    const table = formatTable([reportRow(open)]).split('\n');
    expect(table[0]).toMatch(/^bench\s+figure\s+value\s+baseline\s+ratio\s+target\s+target met\?$/);
    expect(table[2]).toMatch(
      /^B1\s+cases opened\/s\s+12\.6 \/s\s+23\.7 \/s \(bare\)\s+0\.53×\s+≥ 0\.8× base\s+NO$/,
    );
    expect(formatNumber(120)).toBe('120');
    expect(formatNumber(1234.56)).toBe('1235');
    expect(formatNumber(0.01234)).toBe('0.0123');
  });

  it('takes the nearest-rank percentile', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('reads its options from flags, then the environment', () => {
    const defaults = parseBenchOptions([], {});
    expect(defaults).toMatchObject({
      cases: 120,
      concurrency: 8,
      openCases: 10_000,
      cluster: false,
      compression: true,
    });
    expect([...defaults.only]).toEqual(['B1', 'B2', 'H', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8']);
    const some = parseBenchOptions(['--only', 'b4,B2', '--open-cases=1000', '--cluster'], {
      BENCH_CASES: '40',
    });
    expect([...some.only].sort()).toEqual(['B1', 'B2', 'B4']);
    expect(some).toMatchObject({ cases: 40, openCases: 1000, cluster: true, compression: true });
    expect(parseBenchOptions(['--no-compression'], {}).compression).toBe(false);
    expect(parseBenchOptions([], { BENCH_COMPRESSION: '0' }).compression).toBe(false);
    expect(() => parseBenchOptions(['--cases', '0'], {})).toThrow(/whole number/);
    expect(() => parseBenchOptions(['--only', 'B9'], {})).toThrow(/unknown benchmark B9/);
    expect(() => parseBenchOptions(['--fast'], {})).toThrow(/unknown option --fast/);
  });
});
