/**
 * B7, learned triage (issue 17): a generated corpus of a few thousand bilingual recorded cases with known
 * labels (bench/triage-corpus.ts) written into a fresh PostgreSQL schema with the standard template
 * published, then:
 *   - training as POST /triage/model runs it (read the projections, label, evaluate on the held-out fifth,
 *     train on all, store), end to end, and the classifier's training alone;
 *   - scoring latency per case as the intake activity scores (tokenise, two classifiers, explain), p50/p99;
 *   - accuracy on the held-out cases against the template's own keyword rules on the same cases.
 * No Temporal.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../config/paths';
import { compileTemplate } from '../definitions/compile';
import { migrate } from '../db/migrate';
import { createPool, quoteIdent } from '../db/pool';
import { publishTemplate } from '../db/templates';
import { buildTriageModel } from '../triage/model';
import { suggest } from '../triage/suggest';
import { trainTriageModel, triageExamples } from '../triage/train';
import { readTriageCases } from '../db/triage-cases';
import type { ReportRow } from './report';
import { percentile } from './stats';
import { defaultDatabaseUrl } from './system';
import { triageCorpus, insertTriageCorpus, type CorpusCase } from './triage-corpus';

export interface TriageBenchFigures {
  cases: number;
  trainedOn: number;
  heldOut: number;
  /** POST /triage/model's work end to end, and this process's CPU time for it. */
  trainMs: number;
  trainCpuMs: number;
  /** Counting tokens into the two classifiers alone (no database, no evaluation). */
  fitMs: number;
  scoreP50Ms: number;
  scoreP99Ms: number;
  accuracy: number;
  rulesAccuracy: number;
  categoryAccuracy: number;
  rulesCategoryAccuracy: number;
  perDepartment: Record<string, { precision: number | null; recall: number | null; support: number }>;
}

export async function runTriageBench(
  say: (line: string) => void,
  count = 5000,
): Promise<{
  rows: ReportRow[];
  details: TriageBenchFigures;
}> {
  const source = readFileSync(join(projectRoot, 'definitions', 'customer-issue', 'v1.yaml'), 'utf8');
  const compiled = compileTemplate(source, 'customer-issue.yaml');
  if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.message).join('\n'));
  const plan = compiled.plan;
  const schema = `bench_triage_${randomBytes(4).toString('hex')}`;
  const pool = createPool(process.env.DATABASE_URL ?? defaultDatabaseUrl, { schema, max: 4 });
  try {
    await migrate(pool, schema);
    await publishTemplate(pool, plan, source, 'bench');
    const corpus = triageCorpus({ count, seed: 7, prefix: 'B7-' });
    say(`B7: recording ${count} generated bilingual cases in schema ${schema}…`);
    await insertTriageCorpus(pool, corpus, { name: plan.name, version: plan.version, sha256: plan.sha256 });

    await trainTriageModel(pool, plan.name); // warm-up: JIT and the database's caches
    say('B7: training…');
    const started = performance.now();
    const cpu = process.cpuUsage();
    const stored = await trainTriageModel(pool, plan.name);
    const used = process.cpuUsage(cpu);
    const trainMs = performance.now() - started;

    const examples = triageExamples(await readTriageCases(pool, plan.name), new Map([[plan.version, plan]]));
    const fitStarted = performance.now();
    buildTriageModel(examples);
    const fitMs = performance.now() - fitStarted;

    say('B7: scoring each case…');
    const fresh: CorpusCase[] = triageCorpus({ count: 2000, seed: 8, prefix: 'NEW-' });
    const latencies: number[] = [];
    for (const c of fresh) {
      const t0 = performance.now();
      suggest(stored, c.subject, c.description);
      latencies.push(performance.now() - t0);
    }
    const e = stored.evaluation;
    const details: TriageBenchFigures = {
      cases: count,
      trainedOn: stored.trainedOn,
      heldOut: e.heldOut,
      trainMs: Math.round(trainMs),
      trainCpuMs: Math.round((used.user + used.system) / 1000),
      fitMs: Math.round(fitMs),
      scoreP50Ms: round3(percentile(latencies, 50)),
      scoreP99Ms: round3(percentile(latencies, 99)),
      accuracy: round3(e.accuracy),
      rulesAccuracy: round3(e.rulesAccuracy),
      categoryAccuracy: round3(e.category.accuracy),
      rulesCategoryAccuracy: round3(e.category.rulesAccuracy),
      perDepartment: e.perDepartment,
    };
    return { rows: triageRows(details), details };
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`).catch(() => undefined);
    await pool.end();
  }
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

export function triageRows(f: TriageBenchFigures): ReportRow[] {
  return [
    {
      bench: 'B7',
      figure: `triage training, ${f.trainedOn} cases (read, label, evaluate, train, store)`,
      unit: 'ms',
      value: f.trainMs,
      target: { on: 'value', op: '<=', bound: 30_000 },
    },
    { bench: 'B7', figure: 'triage training, CPU time', unit: 'ms', value: f.trainCpuMs },
    { bench: 'B7', figure: 'triage classifiers fitted alone', unit: 'ms', value: f.fitMs },
    {
      bench: 'B7',
      figure: 'triage scoring per case p50',
      unit: 'ms',
      value: f.scoreP50Ms,
    },
    {
      bench: 'B7',
      figure: 'triage scoring per case p99',
      unit: 'ms',
      value: f.scoreP99Ms,
      target: { on: 'value', op: '<=', bound: 50 },
    },
    {
      bench: 'B7',
      figure: `triage department accuracy, ${f.heldOut} held-out cases`,
      unit: 'share',
      value: f.accuracy,
      baseline: f.rulesAccuracy,
      baselineLabel: "the template's rules",
      target: { on: 'ratio', op: '>=', bound: 1 },
    },
    {
      bench: 'B7',
      figure: 'triage category accuracy, held-out cases',
      unit: 'share',
      value: f.categoryAccuracy,
      baseline: f.rulesCategoryAccuracy,
      baselineLabel: "the template's rules",
    },
  ];
}
