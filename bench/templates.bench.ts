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

/** A valid template with `count` steps: tasks, decisions and notifications in a chain, ending in `done`. */
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
  for (let i = 0; i < count - 1; i++) {
    const next = id(i + 1);
    switch (i % 3) {
      case 0:
        lines.push(
          `  - id: ${id(i)}`,
          '    kind: task',
          `    title: Task ${i}`,
          `    department: ${['desk', 'tech', 'billing'][i % 3 === 0 ? (i / 3) % 3 : 0]}`,
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
      default:
        lines.push(
          `  - { id: ${id(i)}, kind: notify, to: customer, channel: email, message: Step ${i} done }`,
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
