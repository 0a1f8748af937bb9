import type { Pool } from 'pg';
import type { Plan } from '../definitions/plan';

/** A published template version, as a case names the one it runs. */
export interface TemplateRef {
  name: string;
  version: number;
  sha256: string;
}

/**
 * Published versions are immutable (SPEC §3), so a plan read once is good for the life of the process:
 * one entry per version of each pool's registry (a handful of versions, never evicted). A version the
 * registry does not hold is not remembered, so one published later is found.
 */
const plansByPool = new WeakMap<Pool, Map<string, Promise<Plan | undefined>>>();

/** The compiled plan of a published version (checked against its sha256), or undefined if not registered. */
export function templatePlan(pool: Pool, ref: TemplateRef): Promise<Plan | undefined> {
  let plans = plansByPool.get(pool);
  if (!plans) {
    plans = new Map();
    plansByPool.set(pool, plans);
  }
  const key = `${ref.name}\n${ref.version}\n${ref.sha256}`;
  const cached = plans.get(key);
  if (cached) return cached;
  const reading = pool
    .query<{ plan: Plan }>('SELECT plan FROM templates WHERE name = $1 AND version = $2 AND sha256 = $3', [
      ref.name,
      ref.version,
      ref.sha256,
    ])
    .then((res) => res.rows[0]?.plan);
  plans.set(key, reading);
  // Concurrent readers share one query; a miss or a failure is forgotten, so the next reader asks again.
  void reading.then(
    (plan) => plan === undefined && plans.delete(key),
    () => plans.delete(key),
  );
  return reading;
}

/** The template version each of these cases runs, from the case projection (cases not projected are absent). */
export async function caseTemplates(
  pool: Pool,
  caseIds: readonly string[],
): Promise<Map<string, TemplateRef>> {
  const ids = [...new Set(caseIds)];
  if (ids.length === 0) return new Map();
  const res = await pool.query<{ id: string; name: string; version: number; sha256: string }>(
    `SELECT id, template_name AS name, template_version AS version, template_sha256 AS sha256
     FROM cases WHERE id = ANY($1)`,
    [ids],
  );
  return new Map(res.rows.map((r) => [r.id, { name: r.name, version: r.version, sha256: r.sha256 }]));
}
