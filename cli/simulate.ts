/**
 * `caseflow simulate <file> --case <case.json> [--script <events.json>]`: runs a template on one case
 * in-process with virtual time (no Temporal): the path taken, each decision and why, what would be sent,
 * and the final state. The engine is the very one the workflow runs (workflows/engine).
 */
import { readFileSync } from 'node:fs';
import { loadTemplateFile } from '../definitions/compile';
import { formatTemplateError } from '../definitions/errors';
import { simulate, type Script, type ScriptLine, type TraceLine } from '../workflows/engine/simulation';
import type { CaseInput, ChannelName } from '../workflows/messages';
import { EXIT, usageError, wantsHelp, type CliIo, type Command } from './command';

const USAGE = 'caseflow simulate <file> --case <case.json> [--script <events.json>]';

const HELP = `usage: ${USAGE}

Runs the template on one case with virtual time and prints the path, each decision and why, and the final state.

case.json    the POST /cases body: { channel, customer: { id, name?, tier? }, subject, description, attributes?, flags? }
             optionally with "id" (default SIM-1) and "openedAt" (default 2026-01-05T08:00:00Z)
events.json  [ { "after": "30m", "do": "claim", "task": "triage", "as": "anna" },
               { "after": "1h", "do": "complete", "task": "triage", "outcome": "route", "form": { … } }, … ]
             or { "events": [ … ], "calls": { "<call step>": { "status": 200, "body": { … } } | { "error": "…" } } }
             do: claim, release, complete, handoff, reassign, cancel, message, contact, signal, survey, wait;
             task: a task id or a step id. After the script, pending timers fire (timeouts, follow-ups).
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

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function toCase(value: unknown): { caseId: string; input: CaseInput; openedAt: string } | string {
  if (!isObject(value)) return 'the case must be a JSON object';
  const customer = value.customer;
  if (!isObject(customer) || typeof customer.id !== 'string') return 'the case needs customer.id';
  if (typeof value.subject !== 'string') return 'the case needs a subject';
  const input: CaseInput = {
    channel: (typeof value.channel === 'string' ? value.channel : 'web') as ChannelName,
    customer: customer as unknown as CaseInput['customer'],
    subject: value.subject,
    description: typeof value.description === 'string' ? value.description : '',
    attributes: isObject(value.attributes) ? value.attributes : {},
    flags: Array.isArray(value.flags)
      ? value.flags.filter((f): f is string => typeof f === 'string')
      : undefined,
  };
  const openedAt = typeof value.openedAt === 'string' ? value.openedAt : '2026-01-05T08:00:00Z';
  if (Number.isNaN(Date.parse(openedAt))) return `openedAt '${openedAt}' is not an ISO instant`;
  return {
    caseId: typeof value.id === 'string' ? value.id : 'SIM-1',
    input,
    openedAt: new Date(openedAt).toISOString(),
  };
}

function toScript(value: unknown): Script | string {
  if (value === undefined) return { events: [] };
  const events: unknown = Array.isArray(value) ? value : isObject(value) ? value.events : undefined;
  if (!Array.isArray(events)) return 'the script must be an array of events or { "events": [...] }';
  for (const [i, line] of events.entries())
    if (!isObject(line) || typeof line.do !== 'string') return `script event #${i + 1} needs "do"`;
  const calls = isObject(value) && isObject(value.calls) ? (value.calls as Script['calls']) : undefined;
  return { events: events as ScriptLine[], calls };
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

function formatLine(line: TraceLine, start: number): string {
  const at = formatOffset(line.at - start).padStart(10);
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
    if (arg === '--case' || arg === '--script') {
      const value = argv[i + 1];
      if (value === undefined) return usageError(io, command, `${arg} needs a file`);
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
  const scriptJson = options.script === undefined ? undefined : readJson(io, options.script, 'script');
  if (options.script !== undefined && scriptJson === undefined) return EXIT.usage;
  const script = toScript(scriptJson);
  if (typeof script === 'string') return usageError(io, command, script);

  let result;
  try {
    result = simulate(compiled.plan, opening, script);
  } catch (error) {
    io.stderr(`caseflow simulate: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.usage;
  }
  const { plan } = compiled;
  const start = Date.parse(opening.openedAt);
  const { state } = result;
  const out = [
    `case ${opening.caseId} on ${plan.name} v${plan.version} (sha256 ${plan.sha256.slice(0, 12)}), opened ${opening.openedAt}`,
    '',
    ...result.trace.map((line) => formatLine(line, start)),
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
    '',
  ];
  io.stdout(out.join('\n'));
  return result.refusals > 0 ? EXIT.failed : EXIT.ok;
}

export const simulateCommand: Command = {
  name: 'simulate',
  usage: USAGE,
  summary: 'run a template on a case with virtual time (no Temporal)',
  run: (args, io) => runSimulateCommand(args, io),
};
