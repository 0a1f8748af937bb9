/**
 * Where Temporal keeps its state in the production shape: two PostgreSQL databases, persistence and
 * visibility, beside caseflow's own. Named by CASEFLOW_TEMPORAL_DATABASE_URL, or derived from DATABASE_URL
 * (same server and role, database `<name>_temporal`), so `npm run cluster` needs one URL only.
 */

export interface PostgresTarget {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
  /** `sslmode` and the like from the URL's query, passed on to Temporal's SQL driver. */
  connectAttributes: Record<string, string>;
}

export interface TemporalDatabases {
  persistence: PostgresTarget;
  visibility: PostgresTarget;
}

function targetFrom(url: URL, database: string): PostgresTarget {
  return {
    host: decodeURIComponent(url.hostname) || '127.0.0.1',
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || 'postgres',
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    database,
    connectAttributes: Object.fromEntries(url.searchParams),
  };
}

function databaseName(url: URL): string {
  return decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
}

/** Throws with the name of the setting when neither URL is there. */
export function temporalDatabasesFrom(settings: {
  CASEFLOW_TEMPORAL_DATABASE_URL?: string | undefined;
  DATABASE_URL?: string | undefined;
}): TemporalDatabases {
  const explicit = settings.CASEFLOW_TEMPORAL_DATABASE_URL;
  if (!explicit && !settings.DATABASE_URL) {
    throw new Error(
      'CASEFLOW_TEMPORAL_DATABASE_URL: required (or DATABASE_URL, whose server then also holds Temporal’s ' +
        'databases), e.g. postgres://temporal@127.0.0.1:5432/temporal',
    );
  }
  const url = new URL((explicit ?? settings.DATABASE_URL)!);
  const persistence = explicit ? databaseName(url) : `${databaseName(url)}_temporal`;
  return {
    persistence: targetFrom(url, persistence),
    visibility: targetFrom(url, `${persistence}_visibility`),
  };
}

/** A `pg` connection string for one database of the target's server. */
export function connectionString(target: PostgresTarget, database = target.database): string {
  const url = new URL('postgres://localhost');
  url.hostname = target.host;
  url.port = String(target.port);
  url.username = encodeURIComponent(target.user);
  if (target.password) url.password = encodeURIComponent(target.password);
  url.pathname = `/${encodeURIComponent(database)}`;
  for (const [key, value] of Object.entries(target.connectAttributes)) url.searchParams.set(key, value);
  return url.toString();
}

/** `host:port/database` for messages (never the password). */
export function describeTarget(target: PostgresTarget): string {
  return `${target.host}:${target.port}/${target.database}`;
}
