import type { Pool } from 'pg';

/** One audited request: who, what action, on which resource, how it was answered. */
export interface AuditEntry {
  principal: { name: string; roles: string[] };
  /** `case.read`, `case.history`, `task.claim`, `blocklist.put`, `report.sla`, … */
  action: string;
  /** `case/<id>`, `task/<id>`, `blocklist/<customerId>`, `reports/<name>`, `cases` (a list), … */
  resource: string;
  /** The request's options (format, raw, groupBy, range); never the data that was read or sent. */
  detail?: Record<string, unknown>;
  /** The HTTP status the request was answered with. */
  status?: number;
  /** X-Request-Id, as in the API's request log. */
  requestId?: string;
}

export interface AuditRow {
  id: string;
  at: string;
  principal: string;
  roles: string[];
  action: string;
  resource: string;
  /** The case the entry is about (from `case/<id>` or `task/<caseId>-t<n>`), absent otherwise. */
  caseId?: string;
  status?: number;
  requestId?: string;
  detail: Record<string, unknown>;
}

/** Where a page ended: the last entry's time (to the microsecond) and id. Opaque to clients. */
export interface AuditCursor {
  at: string;
  id: string;
}

export interface AuditFilter {
  principal?: string | undefined;
  /** A case id: its own entries and its tasks'. */
  caseId?: string | undefined;
  /** An action (`case.read`), or a family of them (`task.*`). */
  action?: string | undefined;
  resource?: string | undefined;
  /** Inclusive. */
  from?: Date | undefined;
  /** Exclusive. */
  to?: Date | undefined;
  after?: AuditCursor | undefined;
  limit: number;
}

/**
 * Appends to the audit log. The table refuses UPDATE, DELETE and TRUNCATE (privileges and a trigger,
 * db/migrations/1700000002000_audit.sql), so what is written here stays.
 */
export async function recordAudit(pool: Pool, entry: AuditEntry): Promise<void> {
  await pool.query(
    `INSERT INTO audit_log (principal, roles, action, resource, detail, status, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      entry.principal.name,
      entry.principal.roles,
      entry.action,
      entry.resource,
      JSON.stringify(entry.detail ?? {}),
      entry.status ?? null,
      entry.requestId ?? null,
    ],
  );
}

/**
 * One page of the log, newest first (by time, then id), after `filter.after`; `next` is where the following
 * page starts, absent on the last page. Each filter narrows an index walk (migration 1700000306200).
 */
export async function listAudit(
  pool: Pool,
  filter: AuditFilter,
): Promise<{ items: AuditRow[]; next?: AuditCursor }> {
  const where: string[] = [];
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  if (filter.principal !== undefined) where.push(`principal = ${param(filter.principal)}`);
  if (filter.caseId !== undefined) where.push(`case_id = ${param(filter.caseId)}`);
  if (filter.resource !== undefined) where.push(`resource = ${param(filter.resource)}`);
  if (filter.action?.endsWith('.*')) {
    const prefix = filter.action.slice(0, -1).replace(/[\\%_]/g, '\\$&');
    where.push(`action LIKE ${param(`${prefix}%`)}`);
  } else if (filter.action !== undefined) {
    where.push(`action = ${param(filter.action)}`);
  }
  if (filter.from) where.push(`at >= ${param(filter.from)}`);
  if (filter.to) where.push(`at < ${param(filter.to)}`);
  if (filter.after)
    where.push(`(at, id) < (${param(filter.after.at)}::timestamptz, ${param(filter.after.id)}::bigint)`);
  const res = await pool.query<AuditRow & { at_us: string; case_id: string | null }>(
    `SELECT id::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
       to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_us,
       principal, roles, action, resource, case_id, status, request_id AS "requestId", detail
     FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY at DESC, id DESC LIMIT ${param(filter.limit + 1)}`,
    values,
  );
  const rows = res.rows.slice(0, filter.limit);
  const last = rows[rows.length - 1];
  const items = rows.map(({ at_us: _at, case_id, status, requestId, ...row }) => ({
    ...row,
    ...(case_id !== null ? { caseId: case_id } : {}),
    ...(status !== null && status !== undefined ? { status } : {}),
    ...(requestId !== null && requestId !== undefined ? { requestId } : {}),
  }));
  return res.rows.length > filter.limit && last
    ? { items, next: { at: last.at_us, id: last.id } }
    : { items };
}
