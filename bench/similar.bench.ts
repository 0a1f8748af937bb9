/**
 * B8, similar resolved cases (issue 17, GET /cases/{id}/similar): the generated bilingual corpus of bench B7
 * (bench/triage-corpus.ts) written into the search index (case_search, as the projection writes it: the
 * words of triage/tokens.ts in a 'simple' tsvector), resolved over the past year, then the query
 * GET /cases/{id}/similar runs (db/similar-cases.ts findSimilarCases, top 5) for cases of a fresh corpus:
 *   - its latency p50/p99 through the GIN index;
 *   - the baseline, measured in the same run: the same query with index scans switched off, so PostgreSQL
 *     reads and ranks every row (what the query costs without the index);
 *   - how often the first case found has the query case's own label (category): a rough check that the
 *     ranking finds cases of the same kind, not a measure of how useful a resolution is.
 * PostgreSQL only, no Temporal.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { PoolClient } from 'pg';
import { migrate } from '../db/migrate';
import { createPool, quoteIdent } from '../db/pool';
import { findSimilarCases, type SimilarQuery } from '../db/similar-cases';
import { caseTokens } from '../triage/tokens';
import type { ReportRow } from './report';
import { percentile } from './stats';
import { defaultDatabaseUrl } from './system';
import { triageCorpus, type CorpusCase } from './triage-corpus';

export interface SimilarBenchFigures {
  cases: number;
  queries: number;
  p50Ms: number;
  p99Ms: number;
  /** The same query with index scans off: every row read and ranked. */
  scanP50Ms: number;
  scanP99Ms: number;
  /** Share of queries whose first case found has the query's category. */
  top1SameCategory: number;
  /** Share of queries that found nothing. */
  empty: number;
  /** Resolved cases sharing at least one word with a query (what the index hands to the ranking), mean. */
  candidatesMean: number;
}

const TEMPLATE = 'customer-issue';
const DAY = 86_400_000;

export async function runSimilarBench(
  say: (line: string) => void,
  count = Number(process.env.BENCH_SIMILAR_CASES ?? 5000),
  queries = 500,
): Promise<{ rows: ReportRow[]; details: SimilarBenchFigures }> {
  const schema = `bench_similar_${randomBytes(4).toString('hex')}`;
  const pool = createPool(process.env.DATABASE_URL ?? defaultDatabaseUrl, { schema, max: 2 });
  try {
    await migrate(pool, schema);
    say(`B8: indexing ${count} generated bilingual resolved cases in schema ${schema}…`);
    const now = Date.parse('2026-12-01T00:00:00Z');
    await indexCorpus(pool, triageCorpus({ count, seed: 7, prefix: 'B8-' }), now);
    await pool.query('ANALYZE case_search');

    const asked = triageCorpus({ count: queries, seed: 8, prefix: 'Q-' }).map(
      (c): SimilarQuery & { label: string } => ({
        caseId: c.id,
        template: TEMPLATE,
        category: c.category,
        tokens: caseTokens(c.subject, c.description),
        departments: undefined,
        limit: 5,
        now: new Date(now),
        label: c.category,
      }),
    );
    const client = await pool.connect();
    try {
      say('B8: similar-case queries through the index…');
      const indexed = await timeQueries(client, asked);
      say('B8: the same queries without the index…');
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_bitmapscan = off');
      await client.query('SET LOCAL enable_indexscan = off');
      const scanned = await timeQueries(client, asked);
      await client.query('ROLLBACK');
      const candidates = await candidateCounts(client, asked.slice(0, 100));
      const details: SimilarBenchFigures = {
        cases: count,
        queries: asked.length,
        p50Ms: round3(percentile(indexed.latencies, 50)),
        p99Ms: round3(percentile(indexed.latencies, 99)),
        scanP50Ms: round3(percentile(scanned.latencies, 50)),
        scanP99Ms: round3(percentile(scanned.latencies, 99)),
        top1SameCategory: round3(indexed.sameCategory / asked.length),
        empty: round3(indexed.empty / asked.length),
        candidatesMean: Math.round(candidates.reduce((a, b) => a + b, 0) / Math.max(candidates.length, 1)),
      };
      return { rows: similarRows(details), details };
    } finally {
      client.release();
    }
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`).catch(() => undefined);
    await pool.end();
  }
}

/** Writes the corpus into case_search as the projection would, resolved one by one over the past year. */
async function indexCorpus(
  pool: ReturnType<typeof createPool>,
  corpus: readonly CorpusCase[],
  now: number,
): Promise<void> {
  for (let start = 0; start < corpus.length; start += 1000) {
    const rows = corpus.slice(start, start + 1000).map((c, i) => ({
      id: c.id,
      subject: c.subject,
      category: c.category,
      departments: ['frontline', c.department],
      words: caseTokens(c.subject, c.description).join(' '),
      resolution: `Resolved by ${c.department}: ${c.subject}`,
      by: `agent-${(start + i) % 40}`,
      at: new Date(now - (((start + i) * 7919) % 365) * DAY).toISOString(),
    }));
    await pool.query(
      `INSERT INTO case_search (case_id, template_name, subject, category, departments, tokens, resolution,
         resolved_by, resolved_at)
       SELECT r.id, $2, r.subject, r.category, ARRAY(SELECT jsonb_array_elements_text(r.departments)),
         to_tsvector('simple', r.words), r.resolution, r.by, r.at
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, subject text, category text, departments jsonb,
         words text, resolution text, by text, at timestamptz)`,
      [JSON.stringify(rows), TEMPLATE],
    );
  }
}

async function timeQueries(
  client: PoolClient,
  asked: ReadonlyArray<SimilarQuery & { label: string }>,
): Promise<{ latencies: number[]; sameCategory: number; empty: number }> {
  // Warm-up: plans cached, pages in memory.
  for (const q of asked.slice(0, 50)) await findSimilarCases(client, q);
  const latencies: number[] = [];
  let sameCategory = 0;
  let empty = 0;
  for (const q of asked) {
    const t0 = performance.now();
    const found = await findSimilarCases(client, q);
    latencies.push(performance.now() - t0);
    if (found.length === 0) empty += 1;
    else if (found[0]!.category === q.label) sameCategory += 1;
  }
  return { latencies, sameCategory, empty };
}

/** How many indexed cases each query's OR of words matches: every one of them is ranked. */
async function candidateCounts(client: PoolClient, asked: readonly SimilarQuery[]): Promise<number[]> {
  const counts: number[] = [];
  for (const q of asked) {
    const res = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM case_search
       WHERE tokens @@ (SELECT string_agg(quote_literal(lexeme), ' | ')::tsquery
                        FROM unnest(to_tsvector('simple', $1)))`,
      [q.tokens.join(' ')],
    );
    counts.push(Number(res.rows[0]?.n ?? 0));
  }
  return counts;
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

export function similarRows(f: SimilarBenchFigures): ReportRow[] {
  return [
    {
      bench: 'B8',
      figure: `similar cases p50, ${f.cases} resolved cases, top 5`,
      unit: 'ms',
      value: f.p50Ms,
      baseline: f.scanP50Ms,
      baselineLabel: 'the same query without the index',
    },
    {
      bench: 'B8',
      figure: `similar cases p99, ${f.cases} resolved cases, top 5`,
      unit: 'ms',
      value: f.p99Ms,
      baseline: f.scanP99Ms,
      baselineLabel: 'the same query without the index',
      target: { on: 'value', op: '<=', bound: 100 },
    },
    {
      bench: 'B8',
      figure: 'similar cases: resolved cases sharing a word with the query, mean',
      unit: 'cases',
      value: f.candidatesMean,
    },
    {
      bench: 'B8',
      figure: `similar cases: first found has the query's category (${f.queries} queries)`,
      unit: 'share',
      value: f.top1SameCategory,
    },
  ];
}
