import type { Pool } from 'pg';
import { inTransaction, quoteIdent } from './pool';

/**
 * The rights of the role the worker and the API connect as in production: read and write caseflow's
 * tables, nothing more. No DDL (it owns nothing, so it cannot ALTER or DROP; it gets no CREATE), only
 * INSERT and SELECT on the audit log (docs/audit.md), only SELECT on the migrations table (start-up
 * checks that nothing is pending).
 *
 * `caseflow migrate` applies them after the migrations, every time it runs: granting on ALL TABLES then
 * covers tables a later migration adds, and a role created after the first deployment gets its rights by
 * running the job again. Grants are not schema history, so they are not a migration (a migration runs once,
 * for a role that must exist by then, under a name fixed in SQL).
 */
const appendOnly = ['audit_log'];
const readOnly = ['caseflow_migrations'];

export interface RuntimeGrants {
  role: string;
  schema: string;
  /** Tables the role may SELECT, INSERT, UPDATE and DELETE. */
  readWrite: string[];
  /** Tables it may only SELECT and INSERT. */
  appendOnly: string[];
  readOnly: string[];
  /** Why the role could still change the schema (rights it holds from elsewhere), if it can. */
  warnings: string[];
}

export async function grantRuntimeRole(pool: Pool, role: string, schema = 'public'): Promise<RuntimeGrants> {
  const exists = await pool.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (exists.rowCount === 0) {
    throw new Error(
      `role "${role}" does not exist: create it first (CREATE ROLE ${quoteIdent(role)} LOGIN PASSWORD '…'; ` +
        'deploy/postgres-init.sql does on compose)',
    );
  }
  const r = quoteIdent(role);
  const s = quoteIdent(schema);
  await inTransaction(pool, async (client) => {
    await client.query(`GRANT USAGE ON SCHEMA ${s} TO ${r}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${r}`);
    await client.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`);
    for (const table of appendOnly) {
      await client.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${s}.${quoteIdent(table)} FROM ${r}`);
    }
    for (const table of readOnly) {
      await client.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${s}.${quoteIdent(table)} FROM ${r}`);
    }
  });
  const tables = await pool.query<{ name: string }>(
    'SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 ORDER BY tablename',
    [schema],
  );
  const names = tables.rows.map((t) => t.name);
  return {
    role,
    schema,
    readWrite: names.filter((n) => !appendOnly.includes(n) && !readOnly.includes(n)),
    appendOnly: names.filter((n) => appendOnly.includes(n)),
    readOnly: names.filter((n) => readOnly.includes(n)),
    warnings: await schemaRights(pool, role, schema),
  };
}

/** Rights the role holds from elsewhere (PUBLIC, membership) that would let it change the schema. */
async function schemaRights(pool: Pool, role: string, schema: string): Promise<string[]> {
  const res = await pool.query<{
    create_in_schema: boolean;
    create_in_db: boolean;
    superuser: boolean;
    owns: boolean | null;
  }>(
    `SELECT has_schema_privilege($1, $2, 'CREATE') AS create_in_schema,
            has_database_privilege($1, current_database(), 'CREATE') AS create_in_db,
            (SELECT rolsuper FROM pg_roles WHERE rolname = $1) AS superuser,
            (SELECT bool_or(pg_has_role($1, tableowner, 'USAGE')) FROM pg_tables WHERE schemaname = $2) AS owns`,
    [role, schema],
  );
  const row = res.rows[0];
  const warnings: string[] = [];
  if (row?.superuser) warnings.push(`role "${role}" is a superuser: it can change anything`);
  if (row?.owns) {
    warnings.push(
      `role "${role}" owns caseflow's tables or is a member of their owner: it can ALTER and DROP them`,
    );
  }
  if (row?.create_in_schema) {
    warnings.push(
      `role "${role}" may CREATE in schema "${schema}" (PostgreSQL 14 and older grant it to PUBLIC): ` +
        `REVOKE CREATE ON SCHEMA ${quoteIdent(schema)} FROM PUBLIC`,
    );
  }
  if (row?.create_in_db) warnings.push(`role "${role}" may CREATE schemas in this database`);
  return warnings;
}
