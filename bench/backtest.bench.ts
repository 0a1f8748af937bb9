/**
 * B6, the backtest (issue 15): 1,000 recorded cases written into a fresh PostgreSQL schema, then the
 * backtest of (a) the template they ran on — the baseline, where nothing may differ — and (b) a candidate
 * with one priority matrix cell changed, timed end to end as POST /templates/backtest runs it (reading the
 * projections, rebuilding the events, simulating, comparing). Target: 1,000 cases in under 10 s.
 *
 * The cases are made by the engine itself: varied scripts (resolved at triage, routed, needs-info with a
 * reply, escalated, cancelled, left open) simulated on the standard template, and their projections written
 * with the functions the projection activity uses (activities/projection.ts, db/case-messages.ts).
 * No Temporal: the backtest never reads it.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectCase } from '../activities/projection';
import { backtestTemplate } from '../backtest';
import { projectRoot } from '../config/paths';
import { CHANNELS, CUSTOMER_TIERS, type BacktestReport, type CaseInput, type ScriptLine } from '../contract';
import { compileTemplate } from '../definitions/compile';
import type { Plan } from '../definitions/plan';
import { recordCaseMessage } from '../db/case-messages';
import { migrate } from '../db/migrate';
import { createPool, quoteIdent } from '../db/pool';
import { takeMessages } from '../workflows/engine/bounds';
import { simulate } from '../workflows/engine/simulation';
import { toCaseView } from '../workflows/engine/view';
import type { ReportRow } from './report';
import { defaultDatabaseUrl } from './system';

const MIN = 60_000;
const T0 = Date.parse('2026-10-01T08:00:00.000Z');

function compile(source: string): Plan {
  const result = compileTemplate(source, 'customer-issue.yaml');
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.plan;
}

/** A small deterministic generator, so every run records the same cases. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const subjects = [
  ['Refund please', 'I was charged twice for my plan'],
  ['App outage', 'the service cannot be reached since this morning'],
  ['Address change', 'please update my address'],
  ['Login question', 'how do I log in'],
  ['Broken device', 'the screen is broken after the repair'],
] as const;
// Tiers from the contract's list, standard twice as often; web, email and phone (the urgency rules read it).
const tiers = [CUSTOMER_TIERS[0], ...CUSTOMER_TIERS];
const channels = [1, 2, 0].map((i) => CHANNELS[i]!);

/** One recorded case: its input, opening instant and what people did (minutes after the opening). */
function recordedScript(i: number, next: () => number): { input: CaseInput; events: ScriptLine[] } {
  const [subject, description] = subjects[i % subjects.length]!;
  const input: CaseInput = {
    channel: channels[Math.floor(next() * channels.length)]!,
    customer: { id: `cu-bench-${i % 300}`, tier: tiers[Math.floor(next() * tiers.length)]! },
    subject,
    description,
    attributes: { affectedCustomers: Math.floor(next() * 20) },
  };
  const at = (minutes: number) => new Date(T0 + i * 40 * MIN + minutes * MIN).toISOString();
  const claim = (task: string, m: number, as = 'anna'): ScriptLine => ({ do: 'claim', task, at: at(m), as });
  const done = (task: string, outcome: string, m: number, form?: Record<string, unknown>, as = 'anna') =>
    ({ do: 'complete', task, outcome, at: at(m), as, ...(form ? { form } : {}) }) as ScriptLine;
  const survey: ScriptLine = { do: 'survey', answers: { speed: 5, ability: 4, attitude: 5 }, at: at(600) };
  const paths: ScriptLine[][] = [
    [claim('triage', 5), done('triage', 'resolved', 12, { resolution: 'explained' }), survey],
    [
      claim('triage', 3),
      done('triage', 'route', 8, { reason: 'department matter' }),
      claim('department-work', 60, 'tom'),
      done('department-work', 'resolved', 120, { resolution: 'fixed' }, 'tom'),
    ],
    [
      { do: 'message', from: 'agent', text: 'Which account is it?', at: at(4), as: 'anna' },
      done('triage', 'needs-info', 5),
      { do: 'message', from: 'customer', text: 'li.wei@example.com', at: at(90), as: 'web' },
      done('triage', 'resolved', 100, { resolution: 'reset' }),
    ],
    [
      done('triage', 'route', 10, { reason: 'needs an expert' }),
      done('department-work', 'escalate', 200, { reason: 'beyond L1' }, 'tom'),
    ],
    [{ do: 'cancel', reason: 'opened by mistake', at: at(7), as: 'web' }],
    [claim('triage', 2)],
  ];
  return { input, events: paths[Math.floor(next() * paths.length)]! };
}

/** Writes `count` recorded cases into the schema, as the projection activity would have. */
async function recordCases(pool: ReturnType<typeof createPool>, plan: Plan, count: number): Promise<void> {
  const next = random(15);
  for (let i = 0; i < count; i += 1) {
    const { input, events } = recordedScript(i, next);
    const openedAt = new Date(T0 + i * 40 * MIN).toISOString();
    // The cases still open stop a day after opening, as a case would be read today.
    const until = Date.parse(openedAt) + 24 * 60 * MIN;
    const { state } = simulate(plan, { caseId: `BT-${i}`, input, openedAt }, { events }, { until });
    for (const message of takeMessages(state)) await recordCaseMessage(pool, message);
    await projectCase(pool, toCaseView(plan, state));
  }
}

export interface BacktestBenchFigures {
  cases: number;
  /** Wall time, and this process's CPU time (the figure on an idle machine: the bench often shares it). */
  baseline: { ms: number; cpuMs: number; casesPerSecond: number; changed: number; unplaced: number };
  changedRule: {
    ms: number;
    cpuMs: number;
    casesPerSecond: number;
    changed: number;
    byField: BacktestReport['byField'];
  };
}

export async function runBacktestBench(
  say: (line: string) => void,
  count = 1000,
): Promise<{ rows: ReportRow[]; details: BacktestBenchFigures }> {
  const source = readFileSync(join(projectRoot, 'definitions', 'customer-issue', 'v1.yaml'), 'utf8');
  const changedSource = source.replace(
    'medium: { high: P2, medium: P3, low: P3 }',
    'medium: { high: P2, medium: P3, low: P2 }',
  );
  if (changedSource === source)
    throw new Error('the standard template no longer has the matrix row B6 changes');
  const plan = compile(source);
  const candidate = compile(changedSource);
  const schema = `bench_backtest_${randomBytes(4).toString('hex')}`;
  const url = process.env.DATABASE_URL ?? defaultDatabaseUrl;
  const pool = createPool(url, { schema, max: 4 });
  try {
    await migrate(pool, schema);
    say(`B6: recording ${count} cases in schema ${schema}…`);
    await recordCases(pool, plan, count);
    const time = async (p: Plan) => {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const report = await backtestTemplate(pool, p, { limit: count });
      const used = process.cpuUsage(cpu);
      return { report, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
    };
    await time(plan); // warm-up: JIT and the database's caches
    say('B6: backtest of the unchanged template…');
    const baseline = await time(plan);
    say('B6: backtest of a changed priority matrix cell…');
    const changed = await time(candidate);
    const rate = (ms: number) => (count * 1000) / ms;
    const details: BacktestBenchFigures = {
      cases: baseline.report.cases,
      baseline: {
        ms: Math.round(baseline.ms),
        cpuMs: Math.round(baseline.cpuMs),
        casesPerSecond: Math.round(rate(baseline.ms)),
        changed: baseline.report.changed,
        unplaced: baseline.report.withUnplacedEvents,
      },
      changedRule: {
        ms: Math.round(changed.ms),
        cpuMs: Math.round(changed.cpuMs),
        casesPerSecond: Math.round(rate(changed.ms)),
        changed: changed.report.changed,
        byField: changed.report.byField,
      },
    };
    return { rows: backtestRows(details), details };
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`).catch(() => undefined);
    await pool.end();
  }
}

export function backtestRows(f: BacktestBenchFigures): ReportRow[] {
  return [
    {
      bench: 'B6',
      figure: `backtest, ${f.cases} cases, unchanged template`,
      unit: 'ms',
      value: f.baseline.ms,
      target: { on: 'value', op: '<=', bound: 10_000 },
    },
    {
      bench: 'B6',
      figure: 'backtest, unchanged template',
      unit: 'cases/s',
      value: f.baseline.casesPerSecond,
    },
    { bench: 'B6', figure: 'backtest, unchanged template, CPU time', unit: 'ms', value: f.baseline.cpuMs },
    {
      bench: 'B6',
      figure: 'differing cases, unchanged template',
      unit: 'cases',
      value: f.baseline.changed,
      target: { on: 'value', op: '<=', bound: 0 },
    },
    {
      bench: 'B6',
      figure: `backtest, ${f.cases} cases, changed matrix cell`,
      unit: 'ms',
      value: f.changedRule.ms,
      baseline: f.baseline.ms,
      baselineLabel: 'unchanged template',
      target: { on: 'value', op: '<=', bound: 10_000 },
    },
    {
      bench: 'B6',
      figure: 'differing cases, changed matrix cell',
      unit: 'cases',
      value: f.changedRule.changed,
    },
  ];
}
