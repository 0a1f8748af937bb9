/**
 * `caseflow migrate`: brings the database of DATABASE_URL to the current schema, as a one-shot job run by
 * the database's owner before any worker or API starts (compose's `migrate` service), then grants the
 * runtime role named by CASEFLOW_RUNTIME_ROLE what the worker and the API need (db/runtime-role.ts).
 */
import { ConfigError, loadEnv } from '../config/env';
import { migrate, migrationNames } from '../db/migrate';
import { createPool } from '../db/pool';
import { grantRuntimeRole, type RuntimeGrants } from '../db/runtime-role';
import { EXIT, usageError, wantsHelp, type CliIo, type Command } from './command';

const usage = 'caseflow migrate';

export const migrateCommand: Command = {
  name: 'migrate',
  usage,
  summary:
    'applies the database migrations to DATABASE_URL (run it as the owner) and grants CASEFLOW_RUNTIME_ROLE ' +
    'the rights of the worker and the API',
  run: (args, io) => runMigrate(args, io, process.env),
};

export async function runMigrate(args: string[], io: CliIo, source: NodeJS.ProcessEnv): Promise<number> {
  if (wantsHelp(args)) {
    io.stdout(`usage: ${usage}\n${migrateCommand.summary}\n`);
    return EXIT.ok;
  }
  if (args.length > 0) return usageError(io, migrateCommand, `unexpected argument '${args[0]}'`);
  const say = (line: string) => io.stdout(`caseflow migrate: ${line}\n`);
  const fail = (line: string) => {
    io.stderr(`caseflow migrate: ${line}\n`);
    return EXIT.failed;
  };

  let env;
  try {
    env = loadEnv(source);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const line of err.problems) io.stderr(`caseflow: bad setting ${line}\n`);
    return EXIT.usage;
  }
  if (!env.DATABASE_URL) {
    io.stderr(
      'caseflow: bad setting DATABASE_URL: required by `caseflow migrate` (the database to migrate)\n',
    );
    return EXIT.usage;
  }

  const pool = createPool(env.DATABASE_URL, { max: 1 });
  try {
    const applied = await migrate(pool);
    for (const name of applied) say(`applied ${name}`);
    if (applied.length === 0) say(`up to date (${migrationNames().length} migrations)`);
    if (!env.CASEFLOW_RUNTIME_ROLE) {
      say('CASEFLOW_RUNTIME_ROLE is unset: no rights granted (the worker and the API connect as this owner)');
      return EXIT.ok;
    }
    const grants = await grantRuntimeRole(pool, env.CASEFLOW_RUNTIME_ROLE);
    say(describe(grants));
    for (const warning of grants.warnings) io.stderr(`caseflow migrate: warning: ${warning}\n`);
    return EXIT.ok;
  } catch (err) {
    return fail(`${where(env.DATABASE_URL)}: ${firstLine(err)}`);
  } finally {
    await pool.end();
  }
}

function describe(g: RuntimeGrants): string {
  return (
    `granted "${g.role}" SELECT, INSERT, UPDATE, DELETE on ${g.readWrite.join(', ')}; ` +
    `SELECT, INSERT on ${g.appendOnly.join(', ')}; SELECT on ${g.readOnly.join(', ')}; no DDL`
  );
}

/** host:port/database of a URL, never its password. */
function where(url: string): string {
  const u = new URL(url);
  return `${u.host}${u.pathname}`;
}

/** node-pg-migrate puts whole stacks into its messages; a person needs the first line. */
function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (
    text
      .replace(/^Unable to ensure migrations table: (?:error: )?/, '')
      .split('\n')[0]
      ?.trim() ?? text
  );
}
