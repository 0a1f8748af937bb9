/**
 * `caseflow migrate case|cases|status|pause|resume`: moves open cases to another version of their template
 * through the API (issue 15, docs/migration.md), so the caller's token decides and the audit log records
 * it as it records a move from the console. The argument parsing is pure (parseMigrateArgs) and tested alone.
 */
import type { CaseMigration, MigrationDryRun, MigrationRun } from '../contract';
import { apiTarget, callApi, describeRefusal, type ApiRequest } from './api-client';
import { EXIT, type CliIo } from './command';

/** What `caseflow migrate <subcommand> …` asks for. */
export type MigrateRequest =
  | { kind: 'case'; caseId: string; to: number; mapping: Mapping; dryRun: boolean }
  | {
      kind: 'cases';
      template: string;
      from: number;
      to: number;
      mapping: Mapping;
      dryRun: boolean;
      wait: boolean;
    }
  | { kind: 'status' | 'pause' | 'resume'; migrationId: string };

interface Mapping {
  stepMap?: Record<string, string>;
  reenter?: string[];
}

/** The subcommands that go through the API; anything else is the database migration's business. */
export const MIGRATE_SUBCOMMANDS = ['case', 'cases', 'status', 'pause', 'resume'] as const;

/** Parses the arguments after `migrate`; a string is what is wrong with them. */
export function parseMigrateArgs(args: readonly string[]): MigrateRequest | string {
  const [sub, ...rest] = args;
  const positional: string[] = [];
  const options = new Map<string, string>();
  const flags = new Set<string>();
  const valued = ['--to', '--from', '--step-map', '--reenter'];
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i]!;
    if (arg === '--dry-run' || arg === '--no-wait') flags.add(arg);
    else if (valued.includes(arg)) {
      const value = rest[i + 1];
      if (value === undefined || value.startsWith('--')) return `${arg} needs a value`;
      options.set(arg, value);
      i += 1;
    } else if (arg.startsWith('--')) return `unknown option '${arg}'`;
    else positional.push(arg);
  }
  const version = (name: '--to' | '--from'): number | string => {
    const text = options.get(name);
    if (text === undefined) return `${name} <version> is required`;
    const n = Number(text.replace(/^v/, ''));
    return Number.isInteger(n) && n >= 1 ? n : `${name} expects a version number, not '${text}'`;
  };
  const mapping = parseMapping(options);
  if (typeof mapping === 'string') return mapping;

  switch (sub ?? '') {
    case 'case': {
      if (positional.length !== 1) return 'name one case id';
      if (options.has('--from')) return '--from is for `migrate cases` (a case knows its version)';
      if (flags.has('--no-wait')) return '--no-wait is for `migrate cases`';
      const to = version('--to');
      if (typeof to === 'string') return to;
      return { kind: 'case', caseId: positional[0]!, to, mapping, dryRun: flags.has('--dry-run') };
    }
    case 'cases': {
      if (positional.length !== 1) return 'name one template';
      const from = version('--from');
      if (typeof from === 'string') return from;
      const to = version('--to');
      if (typeof to === 'string') return to;
      if (from === to) return '--from and --to name the same version';
      return {
        kind: 'cases',
        template: positional[0]!,
        from,
        to,
        mapping,
        dryRun: flags.has('--dry-run'),
        wait: !flags.has('--no-wait'),
      };
    }
    case 'status':
    case 'pause':
    case 'resume': {
      const kind = sub as 'status' | 'pause' | 'resume';
      if (positional.length !== 1 || options.size > 0 || flags.size > 0)
        return `${kind} takes one migration id`;
      return { kind, migrationId: positional[0]! };
    }
    default:
      return `unknown subcommand '${sub ?? ''}'`;
  }
}

/** `--step-map old=new,…` and `--reenter a,b`. */
function parseMapping(options: Map<string, string>): Mapping | string {
  const mapping: Mapping = {};
  const stepMap = options.get('--step-map');
  if (stepMap !== undefined) {
    mapping.stepMap = {};
    for (const pair of stepMap.split(',').filter(Boolean)) {
      const match = /^([^=\s]+)=([^=\s]+)$/.exec(pair.trim());
      if (!match) return `--step-map expects old=new pairs separated by commas, not '${pair}'`;
      mapping.stepMap[match[1]!] = match[2]!;
    }
  }
  const reenter = options.get('--reenter');
  if (reenter !== undefined)
    mapping.reenter = reenter
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return mapping;
}

/** One case as a line: `id  v1/step → v2/step  ok|refused: reason`. */
export function caseLine(c: CaseMigration): string {
  const place = (p: { version: number; step: string }) => `v${p.version}/${p.step || '?'}`;
  return `${c.id}  ${place(c.from)} → ${place(c.to)}  ${c.ok ? 'ok' : `refused: ${c.reason ?? 'no reason given'}`}`;
}

const runTotals = (r: MigrationRun) =>
  `${r.template} v${r.from} → v${r.to}: ${r.status}, ${r.done}/${r.total} done, ${r.moved} moved, ${r.refused} refused`;

/** Options of runMigrateRequest: the environment and how often progress is read. */
export interface MigrateCliOptions {
  env: NodeJS.ProcessEnv;
  /** Milliseconds between progress reads while following a migration (default 1,000). */
  pollMs?: number;
}

/**
 * Runs a parsed request against the API. Exit: 0 every case moved (or movable), 1 a case refused or the
 * API refused the request, 2 the API cannot be reached.
 */
export async function runMigrateRequest(
  request: MigrateRequest,
  io: CliIo,
  options: MigrateCliOptions,
): Promise<number> {
  const target = apiTarget(options.env);
  const call = async (req: ApiRequest): Promise<unknown> => {
    const answer = await callApi(io, 'migrate', target, req);
    if (answer === undefined) throw new Unreachable();
    if (!answer.ok) throw new Refused(describeRefusal(answer));
    return answer.body;
  };
  const out = (line: string) => io.stdout(`${line}\n`);
  try {
    switch (request.kind) {
      case 'case': {
        const body = { version: request.to, ...request.mapping, ...(request.dryRun ? { dryRun: true } : {}) };
        const path = `/cases/${encodeURIComponent(request.caseId)}/migrate`;
        const result = (await call({ method: 'POST', path, json: body })) as CaseMigration;
        out(caseLine(result));
        // One case: what the move does (or would do), a line each — the step, its tasks, the clocks.
        for (const change of result.changes ?? []) out(`  ${change}`);
        if (request.dryRun) out('dry run: nothing changed');
        return result.ok ? EXIT.ok : EXIT.failed;
      }
      case 'cases': {
        const body = { from: request.from, ...request.mapping, ...(request.dryRun ? { dryRun: true } : {}) };
        const path = `/templates/${encodeURIComponent(request.template)}/versions/${request.to}/migrate`;
        const answer = await call({ method: 'POST', path, json: body });
        if (request.dryRun) {
          const dry = answer as MigrationDryRun;
          for (const c of dry.cases) out(caseLine(c));
          out(
            `dry run: ${dry.total} open cases of ${dry.template} v${dry.from}, ${dry.movable} movable to ` +
              `v${dry.to}, ${dry.refused} refused; nothing changed`,
          );
          return dry.refused === 0 ? EXIT.ok : EXIT.failed;
        }
        const run = answer as MigrationRun;
        out(
          `migration ${run.id} started: ${run.total} open cases of ${run.template} v${run.from} → v${run.to}`,
        );
        if (!request.wait) {
          out(`follow it with: caseflow migrate status ${run.id}`);
          return EXIT.ok;
        }
        return await follow(run, call, out, options.pollMs ?? 1_000);
      }
      case 'status': {
        const run = (await call({ method: 'GET', path: migrationPath(request.migrationId) })) as MigrationRun;
        for (const c of run.cases) out(caseLine(c));
        out(runTotals(run));
        return EXIT.ok;
      }
      case 'pause':
      case 'resume': {
        const path = `${migrationPath(request.migrationId)}/${request.kind}`;
        out(runTotals((await call({ method: 'POST', path })) as MigrationRun));
        return EXIT.ok;
      }
    }
  } catch (err) {
    if (err instanceof Unreachable) return EXIT.usage;
    if (err instanceof Refused) {
      io.stderr(`caseflow migrate: ${err.message}\n`);
      return EXIT.failed;
    }
    throw err;
  }
}

const migrationPath = (id: string) => `/migrations/${encodeURIComponent(id)}`;

/** Prints each case's result as the migration reaches it, until it completes. */
async function follow(
  started: MigrationRun,
  call: (req: ApiRequest) => Promise<unknown>,
  out: (line: string) => void,
  pollMs: number,
): Promise<number> {
  const printed = new Set<string>();
  let run = started;
  let lastStatus = run.status;
  for (;;) {
    for (const c of run.cases) {
      if (printed.has(c.id)) continue;
      printed.add(c.id);
      out(caseLine(c));
    }
    if (run.status !== lastStatus) {
      out(`migration ${run.id} ${run.status}`);
      lastStatus = run.status;
    }
    if (run.status === 'completed') break;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    run = (await call({ method: 'GET', path: migrationPath(run.id) })) as MigrationRun;
  }
  out(runTotals(run));
  return run.refused === 0 ? EXIT.ok : EXIT.failed;
}

class Unreachable extends Error {}
class Refused extends Error {}
