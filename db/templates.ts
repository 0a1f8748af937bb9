import type { Pool } from 'pg';
import type { Plan } from '../definitions/plan';

export type TemplateStatus = 'active' | 'retired';

export interface TemplateVersionRow {
  name: string;
  version: number;
  sha256: string;
  source: string;
  plan: Plan;
  status: TemplateStatus;
  publishedBy: string;
  publishedAt: string;
  retiredBy?: string;
  retiredAt?: string;
}

export type PublishResult =
  | { outcome: 'published'; row: TemplateVersionRow }
  | { outcome: 'unchanged'; row: TemplateVersionRow }
  | { outcome: 'conflict'; existing: TemplateVersionRow };

interface DbRow {
  name: string;
  version: number;
  sha256: string;
  source: string;
  plan: Plan;
  status: TemplateStatus;
  published_by: string;
  published_at: Date;
  retired_by: string | null;
  retired_at: Date | null;
}

const columns =
  'name, version, sha256, source, plan, status, published_by, published_at, retired_by, retired_at';

function toRow(r: DbRow): TemplateVersionRow {
  return {
    name: r.name,
    version: r.version,
    sha256: r.sha256,
    source: r.source,
    plan: r.plan,
    status: r.status,
    publishedBy: r.published_by,
    publishedAt: r.published_at.toISOString(),
    ...(r.retired_by ? { retiredBy: r.retired_by } : {}),
    ...(r.retired_at ? { retiredAt: r.retired_at.toISOString() } : {}),
  };
}

/**
 * The template registry: (name, version) is immutable once published. Publishing the same content again
 * is a no-op; different content under a published version is a conflict. The primary key decides races:
 * of two publishers of one version, exactly one inserts.
 */
export async function publishTemplate(
  pool: Pool,
  plan: Plan,
  source: string,
  publishedBy: string,
): Promise<PublishResult> {
  const inserted = await pool.query<DbRow>(
    `INSERT INTO templates (name, version, sha256, source, plan, published_by)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name, version) DO NOTHING RETURNING ${columns}`,
    [plan.name, plan.version, plan.sha256, source, JSON.stringify(plan), publishedBy],
  );
  if (inserted.rows[0]) return { outcome: 'published', row: toRow(inserted.rows[0]) };
  const existing = await getTemplateVersion(pool, plan.name, plan.version);
  if (!existing) throw new Error(`template ${plan.name} v${plan.version} vanished during publish`);
  return existing.sha256 === plan.sha256
    ? { outcome: 'unchanged', row: existing }
    : { outcome: 'conflict', existing };
}

export async function getTemplateVersion(
  pool: Pool,
  name: string,
  version: number,
): Promise<TemplateVersionRow | undefined> {
  const res = await pool.query<DbRow>(`SELECT ${columns} FROM templates WHERE name = $1 AND version = $2`, [
    name,
    version,
  ]);
  return res.rows[0] && toRow(res.rows[0]);
}

/** The version new cases use: the newest one not retired. */
export async function getNewestActiveVersion(
  pool: Pool,
  name: string,
): Promise<TemplateVersionRow | undefined> {
  const res = await pool.query<DbRow>(
    `SELECT ${columns} FROM templates WHERE name = $1 AND status = 'active' ORDER BY version DESC LIMIT 1`,
    [name],
  );
  return res.rows[0] && toRow(res.rows[0]);
}

export async function listTemplateVersions(pool: Pool, name?: string): Promise<TemplateVersionRow[]> {
  const res = name
    ? await pool.query<DbRow>(`SELECT ${columns} FROM templates WHERE name = $1 ORDER BY version`, [name])
    : await pool.query<DbRow>(`SELECT ${columns} FROM templates ORDER BY name, version`);
  return res.rows.map(toRow);
}

/** Retired versions stay readable and keep running their open cases; they only take no new cases. */
export async function retireTemplateVersion(
  pool: Pool,
  name: string,
  version: number,
  retiredBy: string,
): Promise<TemplateVersionRow | undefined> {
  const res = await pool.query<DbRow>(
    `UPDATE templates SET status = 'retired', retired_by = COALESCE(retired_by, $3), retired_at = COALESCE(retired_at, now())
     WHERE name = $1 AND version = $2 RETURNING ${columns}`,
    [name, version, retiredBy],
  );
  return res.rows[0] && toRow(res.rows[0]);
}

/** A version's identity and status, without its source or plan (the plan comes from db/template-plans.ts). */
export interface TemplateVersionStatus {
  name: string;
  version: number;
  sha256: string;
  status: TemplateStatus;
}

/**
 * The version a new case of `name` uses (`version`, or the newest active one) as identity and status only:
 * opening a case reads this on every request, and the ~15 KB plan of an immutable version is read once per
 * process instead (templatePlan).
 */
export async function getTemplateVersionStatus(
  pool: Pool,
  name: string,
  version: number | undefined,
): Promise<TemplateVersionStatus | undefined> {
  const res = version
    ? await pool.query<TemplateVersionStatus>(
        'SELECT name, version, sha256, status FROM templates WHERE name = $1 AND version = $2',
        [name, version],
      )
    : await pool.query<TemplateVersionStatus>(
        `SELECT name, version, sha256, status FROM templates WHERE name = $1 AND status = 'active'
         ORDER BY version DESC LIMIT 1`,
        [name],
      );
  return res.rows[0];
}
