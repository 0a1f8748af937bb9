/**
 * Template language benchmark: validate + compile the standard template and a generated 500-step template,
 * next to a baseline measured in the same run (YAML parsing alone), so the figures can be compared across
 * machines. Run with `npm run bench` (never by `npm test`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseDocument } from 'yaml';
import { compileTemplate } from '../definitions/compile';
import { validateTemplateSource } from '../definitions/validate';
import type { ReportRow } from './report';

export interface BenchFigure {
  name: string;
  ops: number;
  opsPerSecond: number;
  msPerOp: number;
}

/** Runs `fn` for at least `minMs` after a warm-up, and reports its rate. */
export function measure(name: string, fn: () => unknown, minMs = 1000): BenchFigure {
  for (let i = 0; i < 5; i++) fn();
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    fn();
    ops++;
    elapsed = performance.now() - start;
  }
  return { name, ops, opsPerSecond: (ops * 1000) / elapsed, msPerOp: elapsed / ops };
}

/**
 * A valid template with `count` steps, ending in `done`: tasks, decisions, notifications, waits for the
 * customer and follow-ups in turn, each leading to the next (a task may also repeat itself, a wait time out
 * to the next step), so the validator and the compiler walk a long graph with every branch resolved.
 */
export function generatedTemplate(count: number): string {
  const lines = [
    'apiVersion: caseflow/v1',
    'kind: CaseTemplate',
    'name: generated',
    'version: 1',
    `title: Generated template with ${count} steps`,
    'departments:',
    ...['desk', 'tech', 'billing'].flatMap((id) => [`  - id: ${id}`, `    title: ${id}`]),
    'input:',
    '  amount: { type: number }',
    'classify:',
    '  - when: case.text.contains("refund")',
    '    category: billing',
    '    department: billing',
    '  - default: true',
    '    category: other',
    '    department: desk',
    'priority:',
    '  order: [P1, P2]',
    '  impact: [{ when: case.attributes.amount > 1000, level: high }, { default: true, level: low }]',
    '  urgency: [{ when: case.channel == "phone", level: high }, { default: true, level: low }]',
    '  matrix: { high: { high: P1, low: P2 }, low: { high: P2, low: P2 } }',
    'sla:',
    '  targets: { P1: { response: 15m, resolution: 4h }, P2: { response: 1h, resolution: PT8H } }',
    'steps:',
  ];
  const id = (i: number) => (i >= count - 1 ? 'done' : `step-${i}`);
  const departments = ['desk', 'tech', 'billing'];
  for (let i = 0; i < count - 1; i++) {
    const next = id(i + 1);
    switch (i % 5) {
      case 0:
        lines.push(
          `  - id: ${id(i)}`,
          '    kind: task',
          `    title: Task ${i}`,
          `    department: ${departments[(i / 5) % 3]}`,
          `    outcomes: { ok: ${next}, again: ${id(i)} }`,
        );
        break;
      case 1:
        lines.push(
          `  - id: ${id(i)}`,
          '    kind: decide',
          '    branches:',
          `      - { when: 'case.priority == "P1" && case.attributes.amount > ${i}', next: ${next} }`,
          `      - { default: true, next: ${next} }`,
        );
        break;
      case 2:
        lines.push(
          `  - { id: ${id(i)}, kind: notify, to: customer, channel: email, message: Step ${i} done }`,
        );
        break;
      case 3:
        lines.push(
          `  - id: ${id(i)}`,
          '    kind: wait',
          '    for: customer-reply',
          '    timeout: 3d',
          `    onTimeout: ${next}`,
          `    next: ${next}`,
        );
        break;
      default:
        lines.push(
          `  - id: ${id(i)}`,
          '    kind: follow-up',
          `    title: Follow-up ${i}`,
          '    after: 2d',
          '    calendar: 24x7',
          `    department: ${departments[i % 3]}`,
          `    outcomes: { confirmed: ${next}, reopen: ${id(i - 4)} }`,
        );
    }
  }
  lines.push('  - { id: done, kind: end, status: resolved }', '');
  return lines.join('\n');
}

export function runTemplateBench(minMs = 1000): BenchFigure[] {
  const standard = readFileSync(join(__dirname, '../../definitions/customer-issue/v1.yaml'), 'utf8');
  const large = generatedTemplate(500);
  const mustCompile = (text: string, name: string) => {
    const result = compileTemplate(text, name);
    if (!result.ok) throw new Error(`${name} does not compile: ${JSON.stringify(result.errors[0])}`);
  };
  mustCompile(large, 'generated-500.yaml');
  return [
    measure('baseline: YAML parse, standard template', () => parseDocument(standard), minMs),
    measure('validate, standard template', () => validateTemplateSource(standard, 'v1.yaml'), minMs),
    measure('validate + compile, standard template', () => mustCompile(standard, 'v1.yaml'), minMs),
    measure('baseline: YAML parse, 500 steps', () => parseDocument(large), minMs),
    measure('validate + compile, 500 steps', () => mustCompile(large, 'generated-500.yaml'), minMs),
  ];
}

/** B5's rows: validate + compile per template, next to parsing its YAML alone (the baseline). */
export function templateRows(figures: readonly BenchFigure[]): ReportRow[] {
  const ms = (name: string) => {
    const figure = figures.find((f) => f.name === name);
    if (!figure) throw new Error(`no template figure ${name}`);
    return figure.msPerOp;
  };
  return [
    {
      bench: 'B5',
      figure: 'validate + compile, 500 steps',
      unit: 'ms',
      value: ms('validate + compile, 500 steps'),
      baseline: ms('baseline: YAML parse, 500 steps'),
      baselineLabel: 'YAML parse',
      target: { on: 'value', op: '<=', bound: 200 },
    },
    {
      bench: 'B5',
      figure: 'validate + compile, standard template',
      unit: 'ms',
      value: ms('validate + compile, standard template'),
      baseline: ms('baseline: YAML parse, standard template'),
      baselineLabel: 'YAML parse',
    },
  ];
}

export function formatFigures(title: string, figures: BenchFigure[]): string {
  const width = Math.max(...figures.map((f) => f.name.length));
  const rows = figures.map(
    (f) =>
      `${f.name.padEnd(width)}  ${f.opsPerSecond.toFixed(1).padStart(10)} ops/s  ${f.msPerOp.toFixed(3).padStart(9)} ms/op`,
  );
  return [title, `node ${process.version}, ${process.platform}/${process.arch}`, ...rows, ''].join('\n');
}

if (require.main === module) {
  process.stdout.write(formatFigures('templates', runTemplateBench()));
}
