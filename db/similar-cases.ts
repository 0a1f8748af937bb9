/**
 * Similar resolved cases (issue 17, SPEC §12, docs/triage.md): the search index of resolved cases
 * (table case_search, db/migrations/1700000600000_case_search.sql), written by the projection activity,
 * and the ranked query GET /cases/{id}/similar answers from.
 *
 * Words come in already split (triage/tokens.ts: Intl.Segmenter 'zh' words and English, joined by spaces);
 * PostgreSQL's 'simple' configuration only lower-cases and indexes them, so Chinese and English are
 * searched alike without a Chinese parser. The query case's words go through the same to_tsvector, so both
 * sides agree on what a lexeme is, and become one OR query: any shared word makes a candidate.
 */
import type { Pool, PoolClient } from 'pg';
import type { CaseView } from '../workflows/messages';
import { caseResolution } from './case-resolution';

type Db = Pick<Pool, 'query'> | PoolClient;

/** What the index keeps of a resolved case. */
export interface CaseSearchEntry {
  caseId: string;
  template: string;
  subject: string;
  category: string | undefined;
  /** Every department the case involved: agents see only cases of theirs (access/policy.ts mayReadCase). */
  departments: string[];
  /** The case's words (triage/tokens.ts), in order, repeats kept. */
  tokens: readonly string[];
  resolution: string;
  resolvedBy: string | undefined;
  resolvedAt: string;
}

/** One similar case, best first. */
export interface SimilarCase {
  caseId: string;
  subject: string;
  resolution: string;
  resolvedBy?: string;
  /** 0…1: text rank × same-category bonus × recency (see RANKING). */
  score: number;
  category?: string;
  resolvedAt: string;
}

/** Writes (or replaces) a resolved case's entry: idempotent, the newest resolution wins. */
export async function writeCaseSearch(db: Db, entry: CaseSearchEntry): Promise<void> {
  await db.query(
    `INSERT INTO case_search (case_id, template_name, subject, category, departments, tokens, resolution,
       resolved_by, resolved_at)
     VALUES ($1, $2, $3, $4, $5, to_tsvector('simple', $6), $7, $8, $9)
     ON CONFLICT (case_id) DO UPDATE SET template_name = EXCLUDED.template_name, subject = EXCLUDED.subject,
       category = EXCLUDED.category, departments = EXCLUDED.departments, tokens = EXCLUDED.tokens,
       resolution = EXCLUDED.resolution, resolved_by = EXCLUDED.resolved_by, resolved_at = EXCLUDED.resolved_at`,
    [
      entry.caseId,
      entry.template,
      entry.subject,
      entry.category ?? null,
      entry.departments,
      entry.tokens.join(' '),
      entry.resolution,
      entry.resolvedBy ?? null,
      entry.resolvedAt,
    ],
  );
}

/** Removes a case from the index (reopened, or no longer resolved by a person). */
export async function forgetCaseSearch(db: Db, caseId: string): Promise<void> {
  await db.query('DELETE FROM case_search WHERE case_id = $1', [caseId]);
}

/**
 * Brings a case's entry in line with its projected view, in the projection's transaction (after the case
 * row is written and locked): a case resolved or closed after a person resolved it is indexed with
 * `tokensOf` its subject and description; any other (still open, reopened, closed unresolved, rejected,
 * cancelled) is not. A scrubbed case (erased, purged) is never written: its text is gone, and the table's
 * trigger already removed it. A late projection of an older revision changes nothing, like the case row.
 */
export async function indexResolvedCase(
  db: Db,
  view: CaseView,
  tokensOf: (subject: string, description: string | undefined) => string[],
  scrubbed: boolean,
): Promise<void> {
  const stored = await db.query<{ revision: number }>('SELECT revision FROM cases WHERE id = $1', [view.id]);
  if ((stored.rows[0]?.revision ?? view.revision) > view.revision) return;
  const resolved = scrubbed ? undefined : caseResolution(view);
  if (resolved === undefined) {
    await forgetCaseSearch(db, view.id);
    return;
  }
  const departments = new Set<string>();
  for (const d of [view.department, ...view.tasks.flatMap((t) => [t.department, t.coordinator])])
    if (d !== undefined) departments.add(d);
  await writeCaseSearch(db, {
    caseId: view.id,
    template: view.template.name,
    subject: view.subject,
    category: view.category,
    departments: [...departments],
    tokens: tokensOf(view.subject, view.description),
    ...resolved,
  });
}

/**
 * The ranking, all factors within 0…1 so the score is too:
 * - text: ts_rank with every weight 1 over the OR query (how many of the query's words the case has, and how
 *   often), divided by 1 + log(words) so a long case does not win by length alone, then mapped by
 *   rank/(rank+1) (normalisation 1|32). Not ts_rank_cd: over an OR query cover density adds little to this
 *   and cost three times as much per candidate (bench B8: every case sharing a word is ranked);
 * - category: a case of the query case's category keeps its text score, another gets CATEGORY_OTHER of it;
 * - recency: RECENCY_FLOOR + (1 − RECENCY_FLOOR)·e^(−age/RECENCY_DAYS), so last month's fix beats last
 *   year's in the same words, but an old exact match still beats a recent vague one.
 */
export const RANKING = { CATEGORY_OTHER: 0.8, RECENCY_FLOOR: 0.6, RECENCY_DAYS: 90 } as const;

export interface SimilarQuery {
  /** The query case: never its own answer. */
  caseId: string;
  template: string;
  category: string | undefined;
  tokens: readonly string[];
  /** Agents: only cases these departments were involved in; undefined: every case. */
  departments: readonly string[] | undefined;
  limit: number;
  /** Time the recency is measured from (the API's clock). */
  now: Date;
}

/** The SQL of the ranked search; `useIndex: false` is the bench's baseline (every row scanned). */
export const SIMILAR_SQL = `
  WITH q AS (
    SELECT string_agg('''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || '''', ' | ')::tsquery
      AS query
    FROM unnest(to_tsvector('simple', $1))
  ),
  ranked AS (
    SELECT s.case_id, s.subject, s.resolution, s.resolved_by, s.category, s.resolved_at,
      ts_rank('{1,1,1,1}', s.tokens, q.query, 1 | 32)
        * CASE WHEN s.category IS NOT DISTINCT FROM $2 THEN 1 ELSE ${RANKING.CATEGORY_OTHER} END
        * (${RANKING.RECENCY_FLOOR} + ${1 - RANKING.RECENCY_FLOOR}
           * exp(-greatest(extract(epoch FROM ($6::timestamptz - s.resolved_at)), 0)
                 / ${RANKING.RECENCY_DAYS * 86_400}))
        AS score
    FROM case_search s, q
    WHERE q.query IS NOT NULL AND s.tokens @@ q.query
      AND s.case_id <> $3 AND s.template_name = $4
      AND ($5::text[] IS NULL OR s.departments && $5::text[])
  )
  SELECT * FROM ranked ORDER BY score DESC, resolved_at DESC, case_id LIMIT $7`;

interface Row {
  case_id: string;
  subject: string;
  resolution: string;
  resolved_by: string | null;
  category: string | null;
  resolved_at: Date;
  score: number;
}

/** The closest resolved cases to the query's words, best first; no words, no cases (not an error). */
export async function findSimilarCases(db: Db, query: SimilarQuery): Promise<SimilarCase[]> {
  if (query.tokens.length === 0 || query.limit < 1) return [];
  const { rows } = await db.query<Row>(SIMILAR_SQL, [
    query.tokens.join(' '),
    query.category ?? null,
    query.caseId,
    query.template,
    query.departments === undefined ? null : [...query.departments],
    query.now.toISOString(),
    query.limit,
  ]);
  return rows.map((row) => ({
    caseId: row.case_id,
    subject: row.subject,
    resolution: row.resolution,
    ...(row.resolved_by !== null ? { resolvedBy: row.resolved_by } : {}),
    score: Math.round(Number(row.score) * 1000) / 1000,
    ...(row.category !== null ? { category: row.category } : {}),
    resolvedAt: row.resolved_at.toISOString(),
  }));
}
