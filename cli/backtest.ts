/**
 * `caseflow backtest <file> [--from] [--to] [--limit] [--json]`: runs a candidate template on recorded cases
 * through the API (POST /templates/backtest), so the designer's token decides and the audit log records it,
 * and prints the report: totals, cases per differing field, then each case that differs with its
 * differences and the events the candidate could not place. docs/templates.md, "Backtest before you publish".
 */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { BACKTEST_FIELDS, type BacktestReport } from '../contract';
import { apiTarget, callApi, describeRefusal } from './api-client';
import { EXIT, usageError, wantsHelp, type CliIo, type Command } from './command';
import { readValidTemplate } from './template-file';

const USAGE = 'caseflow backtest <file> [--from <instant>] [--to <instant>] [--limit <n>] [--json]';

const HELP = `usage: ${USAGE}

Runs the candidate template on the recorded cases of its template name (any version), opened in
[--from, --to) (ISO instants, e.g. 2026-11-01T00:00:00Z), newest first, at most --limit (default 1000),
through the API: CASEFLOW_API_URL (default http://localhost:3000) with a designer's or admin's bearer
token in CASEFLOW_TOKEN. Prints where category, department, priority, SLA, escalations or status would
have differed and why, and the recorded events the candidate could not place; --json prints the report.
exit: 0 no case differs, 1 some case differs (or has unplaced events), invalid template or refused,
      2 usage, unreadable file or API unreachable
`;

export const backtestCommand: Command = {
  name: 'backtest',
  usage: USAGE,
  summary: 'runs a candidate template on recorded cases and says what would have differed (through the API)',
  run: (args, io) => runBacktest(args, io, process.env),
};

export async function runBacktest(args: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  if (wantsHelp(args)) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(args);
  } catch (error) {
    return usageError(io, backtestCommand, error instanceof Error ? error.message : String(error));
  }
  const { file, query, json } = parsed;
  const text = readValidTemplate(io, 'backtest', file);
  if (typeof text === 'number') return text;
  const search = new URLSearchParams(query).toString();
  const answer = await callApi(io, 'backtest', apiTarget(env), {
    method: 'POST',
    path: `/templates/backtest${search === '' ? '' : `?${search}`}`,
    json: { source: text, fileName: basename(file) },
  });
  if (answer === undefined) return EXIT.usage;
  if (!answer.ok) {
    io.stderr(`caseflow backtest: ${file}: ${describeRefusal(answer)}\n`);
    return EXIT.failed;
  }
  const report = answer.body as BacktestReport;
  io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : formatBacktestReport(report));
  return report.differing.length === 0 ? EXIT.ok : EXIT.failed;
}

function parseOptions(args: string[]): { file: string; query: Record<string, string>; json: boolean } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new Error('name one template file');
  const query: Record<string, string> = {};
  for (const key of ['from', 'to', 'limit'] as const) if (values[key] !== undefined) query[key] = values[key];
  return { file: positionals[0]!, query, json: values.json === true };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The report as people read it: totals, per field, then each differing case. */
export function formatBacktestReport(report: BacktestReport): string {
  const { candidate, range } = report;
  const window =
    range.from === undefined && range.to === undefined
      ? 'all recorded cases'
      : `cases opened ${range.from ?? 'any time'} – ${range.to ?? 'now'}`;
  const lines = [
    `backtest of ${candidate.name} v${candidate.version} (sha256 ${candidate.sha256.slice(0, 12)}) on ${window}`,
    `${plural(report.cases, 'case')} in ${(report.ms / 1000).toFixed(1)} s: ${report.unchanged} unchanged, ` +
      `${report.changed} changed, ${report.withUnplacedEvents} with events not placed`,
  ];
  const fields = BACKTEST_FIELDS.filter((f) => report.byField[f] > 0);
  if (fields.length > 0) {
    lines.push('', 'cases that differ, per field:');
    for (const f of fields) lines.push(`  ${f.padEnd(12)}${report.byField[f]}`);
  }
  for (const c of report.differing) {
    lines.push('', `${c.id} (v${c.version}, opened ${c.openedAt})`);
    for (const d of c.differences)
      lines.push(`  ${d.field}: ${d.recorded} → ${d.candidate}`, `    because ${d.why}`);
    for (const u of c.unplaced) lines.push(`  not placed: ${u.event} at ${u.at}: ${u.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
