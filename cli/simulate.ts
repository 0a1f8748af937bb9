/**
 * `caseflow simulate <file> --case <case.json> [--script <events.json>]`: runs a template on one case
 * in-process with virtual time (no Temporal): the path taken, each decision and why, what would be sent,
 * and the final state. The engine is the very one the workflow runs (workflows/engine).
 */
import { readFileSync } from 'node:fs';
import { DateTime, IANAZone } from 'luxon';
import type { z } from 'zod';
import { scriptFileSchema, simulationCaseSchema, type CaseInput, type Script } from '../contract';
import { checkCaseAttributes } from '../definitions/case-input';
import { loadTemplateFile } from '../definitions/compile';
import { formatTemplateError } from '../definitions/errors';
import type { Plan } from '../definitions/plan';
import { formatShortDuration } from '../workflows/engine/escalation-cause';
import { simulate, type SimulationResult, type TraceLine } from '../workflows/engine/simulation';
import { toCaseView } from '../workflows/engine/view';
import { EXIT, usageError, wantsHelp, type CliIo, type Command } from './command';

const USAGE =
  'caseflow simulate <file> --case <case.json> [--script <events.json>] [--at <ISO>] [--until <ISO>] [--zone <IANA>]';

const HELP = `usage: ${USAGE}

Runs the template on one case with virtual time and prints the path, each decision and why, and the final state.

case.json    the POST /cases body: { channel, customer: { id, name?, tier? }, subject, description?, attributes? },
             read as POST /cases reads it, optionally with "id" (default SIM-1), "openedAt" (default
             2026-01-05T08:00:00Z) and "flags" (as intake sets them, e.g. ["blocklisted"])
events.json  [ { "after": "30m", "do": "claim", "task": "triage", "as": "anna" },
               { "after": "1h", "do": "complete", "task": "triage", "outcome": "route", "form": { … } }, … ]
             or { "events": [ … ], "calls": { "<call step>": { "status": 200, "body": { … } } | { "error": "…" } } }
             do: claim, release, complete, handoff, reassign, cancel, message, contact, signal, survey, wait;
             task: a task id or a step id. After the script, pending timers fire (timeouts, follow-ups,
             SLA breaches and escalation rungs), each at its own virtual instant.
--at         the instant the case opens (overrides openedAt), e.g. 2026-01-09T17:30:00+08:00
--until      stop virtual time there: later timers do not fire; clocks are shown as of that instant
--zone       the time zone of the printed local times (default: the zone of the case's SLA calendar)

Clocks are printed with their due instants in their calendar's zone, escalations with their cause.
exit: 0 done, 1 template errors or a refused script action, 2 usage or unreadable input
`;

function readJson(io: CliIo, path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    io.stderr(
      `caseflow simulate: cannot read ${what} '${path}': ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return undefined;
  }
}

/** zod's issues as `<what> <path>: <message>`, one per problem, `; `-separated. */
function describeIssues(what: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const [first, ...rest] = issue.path;
      // Script lines are numbered from 1, as people count them.
      const where =
        what === 'script' && typeof first === 'number'
          ? `event #${first + 1}${rest.length ? ` ${rest.join('.')}` : ''}`
          : issue.path.join('.');
      return `${what}${where ? ` ${where}` : ''}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * The case file, read with the schema of the POST /cases body (contract/simulation.ts), so a simulated
 * case is one the API would open; `id`, `openedAt` and intake's `flags` besides.
 */
function toCase(value: unknown): { caseId: string; input: CaseInput; openedAt: string } | string {
  const parsed = simulationCaseSchema.safeParse(value);
  if (!parsed.success) return describeIssues('case', parsed.error);
  const { id, openedAt, flags, template: _template, version: _version, ...opened } = parsed.data;
  return {
    caseId: id ?? 'SIM-1',
    input: { ...opened, ...(flags === undefined ? {} : { flags }) },
    openedAt: new Date(openedAt ?? '2026-01-05T08:00:00Z').toISOString(),
  };
}

/** The script file: its lines, or `{ events, calls }` (contract/simulation.ts); no file, no events. */
function toScript(value: unknown): Script | string {
  if (value === undefined) return { events: [] };
  const parsed = scriptFileSchema.safeParse(value);
  if (!parsed.success) return describeIssues('script', parsed.error);
  return Array.isArray(parsed.data) ? { events: parsed.data } : parsed.data;
}

/** `+2d 3h 15m` since the case opened. */
export function formatOffset(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts = [d > 0 ? `${d}d` : '', h > 0 ? `${h}h` : '', m > 0 || (d === 0 && h === 0) ? `${m}m` : ''];
  return `+${parts.filter((p) => p !== '').join(' ')}`;
}

/** An instant as the people of `zone` read it: `Mon 2026-01-12 09:30 +08:00`. */
export function formatLocal(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat('ccc yyyy-LL-dd HH:mm ZZ');
}

function formatLine(line: TraceLine, start: number, zone: string): string {
  const at = `${formatOffset(line.at - start).padStart(11)}  ${formatLocal(line.at, zone)}`;
  switch (line.kind) {
    case 'decision':
      return `${at}  ${line.step.padEnd(18)} ${line.what}  — ${line.why}${line.by === undefined ? '' : ` [${line.by}]`}`;
    case 'command':
      return `${at}  ${''.padEnd(18)} » ${line.text}`;
    case 'refused':
      return `${at}  ${''.padEnd(18)} ✗ ${line.text}`;
    default: {
      const unknownLine: never = line;
      return String(unknownLine);
    }
  }
}

/** Runs `caseflow simulate` with the arguments after the command name; resolves to the exit code. */
export function runSimulateCommand(argv: string[], io: CliIo): number {
  const command = { name: 'simulate', usage: USAGE };
  if (wantsHelp(argv)) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  const files: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (['--case', '--script', '--at', '--until', '--zone'].includes(arg)) {
      const value = argv[i + 1];
      if (value === undefined) return usageError(io, command, `${arg} needs a value`);
      options[arg.slice(2)] = value;
      i += 1;
    } else if (arg.startsWith('--')) return usageError(io, command, `unknown option ${arg}`);
    else files.push(arg);
  }
  if (files.length !== 1 || files[0] === undefined)
    return usageError(io, command, 'expected exactly one template file');
  if (options.case === undefined) return usageError(io, command, '--case is required');

  const compiled = loadTemplateFile(files[0]);
  if (!compiled.ok) {
    io.stderr(compiled.errors.map((e) => `${formatTemplateError(e)}\n`).join(''));
    return EXIT.failed;
  }
  const caseJson = readJson(io, options.case, 'case');
  if (caseJson === undefined) return EXIT.usage;
  const opening = toCase(caseJson);
  if (typeof opening === 'string') return usageError(io, command, opening);
  // The same input check (and defaults) as POST /cases, so the simulated case is one the API would open.
  const attributes = checkCaseAttributes(compiled.plan, opening.input.attributes);
  if (!attributes.ok) {
    io.stderr(
      attributes.errors
        .map((e) => `caseflow simulate: case ${e.field.replace(/^body\./, '')}: ${e.message}\n`)
        .join(''),
    );
    return EXIT.failed;
  }
  opening.input.attributes = attributes.attributes;
  const instants: Partial<Record<'at' | 'until', number>> = {};
  for (const name of ['at', 'until'] as const) {
    const text = options[name];
    if (text === undefined) continue;
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) return usageError(io, command, `--${name} '${text}' is not an ISO instant`);
    instants[name] = ms;
  }
  if (instants.at !== undefined) opening.openedAt = new Date(instants.at).toISOString();
  if (options.zone !== undefined && !IANAZone.isValidZone(options.zone))
    return usageError(io, command, `--zone '${options.zone}' is not an IANA time zone`);
  const scriptJson = options.script === undefined ? undefined : readJson(io, options.script, 'script');
  if (options.script !== undefined && scriptJson === undefined) return EXIT.usage;
  const script = toScript(scriptJson);
  if (typeof script === 'string') return usageError(io, command, script);

  let result;
  try {
    result = simulate(compiled.plan, opening, script, { until: instants.until });
  } catch (error) {
    io.stderr(`caseflow simulate: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.usage;
  }
  const { plan } = compiled;
  const start = Date.parse(opening.openedAt);
  const { state } = result;
  const zone = options.zone ?? displayZone(plan, result);
  const out = [
    `case ${opening.caseId} on ${plan.name} v${plan.version} (sha256 ${plan.sha256.slice(0, 12)}), opened ${opening.openedAt} (${formatLocal(start, zone)} ${zone})`,
    '',
    ...result.trace.map((line) => formatLine(line, start, zone)),
    '',
    `path: ${result.path.join(' → ')}`,
    `final: status ${state.status}${state.finished ? '' : ' (still open)'}, step ${state.step ?? '-'}, category ${state.category ?? '-'}, priority ${state.priority ?? '-'}, department ${state.department ?? '-'}, tags [${state.tags.join(', ')}]`,
    `at: ${formatOffset(Date.parse(state.updatedAt) - start)} (${state.updatedAt})`,
    'tasks:',
    ...state.tasks.map(
      (t) =>
        `  ${t.id}  ${t.step}  ${t.department}${t.coordinator === undefined ? '' : ` (coordinator ${t.coordinator})`}  ${t.status}${t.assignee === undefined ? '' : ` by ${t.assignee}`}${t.outcome === undefined ? '' : ` → ${t.outcome}`}`,
    ),
    `vars: ${JSON.stringify(state.vars)}`,
    ...clockLines(plan, result, zone),
    ...escalationLines(result, start, zone),
    '',
  ];
  io.stdout(out.join('\n'));
  return result.refusals > 0 ? EXIT.failed : EXIT.ok;
}

/** The zone people of this case read times in: its SLA calendar's (24x7 is UTC, so any other first). */
function displayZone(plan: Plan, result: SimulationResult): string {
  const ids = [...Object.values(result.state.clocks).map((c) => c.calendar), ...Object.keys(plan.calendars)];
  const calendar = ids.map((id) => plan.calendars[id]).find((c) => c !== undefined && !c.alwaysOpen);
  return calendar?.timezone ?? 'UTC';
}

/** Each clock as GET /cases/{id} would show it at the end of virtual time, due instants in its calendar's zone. */
function clockLines(plan: Plan, result: SimulationResult, zone: string): string[] {
  const clocks = toCaseView(plan, result.state, result.now).clocks;
  if (clocks.length === 0) return ['clocks: none (no SLA target for this priority)'];
  const lines = [`clocks at ${formatLocal(result.now, zone)}:`];
  for (const clock of clocks) {
    const calendar = plan.calendars[clock.calendar ?? ''];
    const clockZone = calendar === undefined || calendar.alwaysOpen ? zone : calendar.timezone;
    const due =
      clock.dueAt === undefined
        ? 'no due time (paused)'
        : `due ${formatLocal(Date.parse(clock.dueAt), clockZone)}`;
    const state = [
      clock.stoppedAt === undefined
        ? clock.paused
          ? 'paused'
          : 'running'
        : `stopped ${formatLocal(Date.parse(clock.stoppedAt), clockZone)}`,
      clock.breached ? 'BREACHED' : 'within target',
    ].join(', ');
    lines.push(
      `  ${clock.name.padEnd(18)} ${clock.target} on ${clock.calendar ?? '?'}  ${due}  used ${formatShortDuration(clock.usedMs)}, left ${formatShortDuration(clock.remainingMs)}  ${state}`,
    );
  }
  return lines;
}

function escalationLines(result: SimulationResult, start: number, zone: string): string[] {
  const fired = result.state.escalations;
  if (fired.length === 0) return ['escalations: none'];
  return [
    'escalations:',
    ...fired.map((e) => {
      const at = Date.parse(e.firedAt);
      return `  ${formatOffset(at - start).padStart(11)}  ${formatLocal(at, zone)}  ${e.rung}: ${e.description} → ${e.actions.join('; ') || 'no actions'}`;
    }),
  ];
}

export const simulateCommand: Command = {
  name: 'simulate',
  usage: USAGE,
  summary: 'run a template on a case with virtual time (no Temporal)',
  run: (args, io) => runSimulateCommand(args, io),
};
