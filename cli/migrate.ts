/**
 * `caseflow migrate` means two things. Without arguments it brings the database of DATABASE_URL to the
 * current schema, as a one-shot job run by the database's owner before any worker or API starts (compose's
 * `migrate` service), then grants the runtime role named by CASEFLOW_RUNTIME_ROLE what the worker and the
 * API need (db/runtime-role.ts). With a subcommand (case, cases, status, pause, resume) it moves open cases
 * to another version of their template through the API (cli/migrate-cases.ts).
 */
import { ConfigError, loadEnv } from '../config/env';
import { migrate, migrationNames } from '../db/migrate';
import { createPool } from '../db/pool';
import { grantRuntimeRole, type RuntimeGrants } from '../db/runtime-role';
import { EXIT, usageError, wantsHelp, type CliIo, type Command } from './command';
import { MIGRATE_SUBCOMMANDS, parseMigrateArgs, runMigrateRequest } from './migrate-cases';

const usage =
  'caseflow migrate [case <id> --to <v> | cases <template> --from <v> --to <v> | status|pause|resume <id>]';

const HELP = `usage:
  caseflow migrate
      applies the database migrations to DATABASE_URL (run it as the owner) and grants
      CASEFLOW_RUNTIME_ROLE the rights of the worker and the API
  caseflow migrate case <id> --to <v> [--step-map old=new,…] [--reenter a,b] [--dry-run]
      moves one open case to version v of its template (POST /cases/{id}/migrate)
  caseflow migrate cases <template> --from <v> --to <v> [--step-map old=new,…] [--reenter a,b]
                         [--dry-run] [--no-wait]
      moves every open case of version --from to --to (POST /templates/{name}/versions/{v}/migrate):
      with --dry-run checks each and changes nothing; else starts a migration, prints its id and
      follows it case by case until it completes (--no-wait: only start it)
  caseflow migrate status|pause|resume <migration id>
      a bulk migration's progress; pause it before its next case; resume it

Steps keep their id in the new version unless --step-map names another; --reenter lists old steps
whose cases enter their new step afresh. Each case prints as
  <id>  v<from>/<step> → v<to>/<step>  ok | refused: <reason>
The subcommands go through the API: CASEFLOW_API_URL (default http://localhost:3000) with a
designer's or admin's bearer token in CASEFLOW_TOKEN.
exit: 0 done (every case moved or movable), 1 a case or the request refused, 2 usage or API unreachable
`;

export const migrateCommand: Command = {
  name: 'migrate',
  usage,
  summary:
    'without arguments: applies the database migrations to DATABASE_URL and grants CASEFLOW_RUNTIME_ROLE ' +
    "the worker's and the API's rights; case|cases|status|pause|resume: moves open cases to another " +
    'template version through the API',
  run: (args, io) => runMigrate(args, io, process.env),
};

export async function runMigrate(args: string[], io: CliIo, source: NodeJS.ProcessEnv): Promise<number> {
  if (wantsHelp(args)) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  if (args.length > 0) {
    if (!(MIGRATE_SUBCOMMANDS as readonly string[]).includes(args[0]!))
      return usageError(io, migrateCommand, `unexpected argument '${args[0]}'`);
    const request = parseMigrateArgs(args);
    if (typeof request === 'string') return usageError(io, migrateCommand, request);
    return runMigrateRequest(request, io, { env: source });
  }
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
