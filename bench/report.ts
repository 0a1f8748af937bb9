/**
 * The bench's report: one row per figure, next to its baseline from the same run, the ratio between them,
 * the target and whether it is met. Printed as a table and written as JSON to `<outDir>/<timestamp>.json`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

/**
 * A target on a figure: `ratio` compares figure / baseline with the bound (e.g. ≥ 0.8× bare), `value`
 * compares the figure itself (e.g. ≤ 100 ms).
 */
export interface Target {
  on: 'ratio' | 'value';
  op: '>=' | '<=';
  bound: number;
}

export interface ReportRow {
  bench: string;
  figure: string;
  unit: string;
  value: number;
  /** What the figure is compared with, measured in the same run (absent when there is none). */
  baseline?: number;
  baselineLabel?: string;
  target?: Target;
}

/** A row as reported: the ratio figure/baseline and the verdict on the target. */
export interface ReportedRow extends ReportRow {
  ratio?: number;
  /** undefined: no target (a figure shown for reading only). */
  met?: boolean;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    platform: string;
    loadAverage: number[];
  };
  target: 'dev' | 'cluster';
  options: Record<string, unknown>;
  rows: ReportedRow[];
  /** Per-benchmark details (sizes run, payload breakdowns…) for docs/performance.md. */
  details: Record<string, unknown>;
}

/** figure / baseline, when both are there and the baseline is not 0. */
export function ratioOf(row: ReportRow): number | undefined {
  if (row.baseline === undefined || row.baseline === 0 || !Number.isFinite(row.baseline)) return undefined;
  return row.value / row.baseline;
}

/** Whether the row meets its target (undefined without a target, or a ratio target without a ratio). */
export function targetMet(row: ReportRow): boolean | undefined {
  const { target } = row;
  if (!target) return undefined;
  const measured = target.on === 'ratio' ? ratioOf(row) : row.value;
  if (measured === undefined || !Number.isFinite(measured)) return undefined;
  return target.op === '>=' ? measured >= target.bound : measured <= target.bound;
}

export function reportRow(row: ReportRow): ReportedRow {
  const ratio = ratioOf(row);
  const met = targetMet(row);
  return { ...row, ...(ratio !== undefined ? { ratio } : {}), ...(met !== undefined ? { met } : {}) };
}

/** A number for the table: 3 significant digits, whole numbers as they are. */
export function formatNumber(n: number | undefined): string {
  if (n === undefined) return '';
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e7) return String(n);
  const abs = Math.abs(n);
  return abs >= 100 ? n.toFixed(0) : abs >= 10 ? n.toFixed(1) : abs >= 1 ? n.toFixed(2) : n.toPrecision(3);
}

export function formatTarget(target: Target | undefined, unit: string): string {
  if (!target) return '';
  const op = target.op === '>=' ? '≥' : '≤';
  return target.on === 'ratio'
    ? `${op} ${target.bound}× base`
    : `${op} ${formatNumber(target.bound)} ${unit}`;
}

/** The report as a fixed-width table: bench, figure, value, baseline, ratio, target, target met?. */
export function formatTable(rows: readonly ReportedRow[]): string {
  const header = ['bench', 'figure', 'value', 'baseline', 'ratio', 'target', 'target met?'];
  const lines = rows.map((r) => [
    r.bench,
    r.figure,
    `${formatNumber(r.value)} ${r.unit}`.trim(),
    r.baseline === undefined
      ? ''
      : `${formatNumber(r.baseline)} ${r.unit}${r.baselineLabel ? ` (${r.baselineLabel})` : ''}`,
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
    formatTarget(r.target, r.unit),
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n');
}

/** The machine the figures come from (2 cores shared with other work reads very differently from 16). */
export function machine(): BenchReport['machine'] {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}/${process.arch}`,
    loadAverage: [],
  };
}

/** Writes the report as `<dir>/<timestamp>.json`; answers the file's path. */
export function writeReport(dir: string, report: BenchReport): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${report.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
