import type { Pool } from 'pg';

/** One read of audited data: who, what action, on which resource, with which options. */
export interface AuditEntry {
  principal: { name: string; roles: string[] };
  /** `case.history`, `case.timeline`, `case.replay`, `report.sla`, … */
  action: string;
  /** `case/<id>`, `reports/<name>`. */
  resource: string;
  /** The request's options (format, raw, groupBy, range); never the data that was read. */
  detail?: Record<string, unknown>;
}

export interface AuditRow {
  id: string;
  at: string;
  principal: string;
  roles: string[];
  action: string;
  resource: string;
  detail: Record<string, unknown>;
}

/**
 * Appends to the audit log. The table refuses UPDATE, DELETE and TRUNCATE (privileges and a trigger,
 * db/migrations/1700000002000_audit.sql), so what is written here stays.
 */
export async function recordAudit(pool: Pool, entry: AuditEntry): Promise<void> {
  await pool.query(
    'INSERT INTO audit_log (principal, roles, action, resource, detail) VALUES ($1, $2, $3, $4, $5)',
    [
      entry.principal.name,
      entry.principal.roles,
      entry.action,
      entry.resource,
      JSON.stringify(entry.detail ?? {}),
    ],
  );
}

/** The log of one resource (or all), oldest first. */
export async function listAudit(pool: Pool, resource?: string, limit = 200): Promise<AuditRow[]> {
  const res = await pool.query<AuditRow>(
    `SELECT id::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, principal, roles,
       action, resource, detail
     FROM audit_log WHERE $1::text IS NULL OR resource = $1 ORDER BY id LIMIT $2`,
    [resource ?? null, limit],
  );
  return res.rows;
}
