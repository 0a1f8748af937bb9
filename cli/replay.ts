/**
 * `caseflow replay <history.json>… | --case ID`: replays histories through the workflow code of this
 * checkout (Worker.runReplayHistory; no Temporal server needed) and says whether each is deterministic.
 *
 * `--case ID` fetches the case's decoded history through the API (GET /cases/{id}/history), not from
 * Temporal: the read is then authorised and written to the audit log like any other, and the CLI needs
 * neither the Temporal address nor the payload key. The replay itself always runs here, so a developer
 * checks a running case against the code they are about to deploy.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import type { History } from '@temporalio/common/lib/proto-utils';
import { historyFromJson, historyToJson } from '../audit/history-json';
import { quietReplayRuntime, replayHistory } from '../audit/replay';
import { EXIT, usageError, wantsHelp, type CliIo, type Command } from './command';

const USAGE = 'caseflow replay <history.json|dir>… | --case <id> [--save <file>]';

const HELP = `usage: ${USAGE}

Replays Temporal histories through the workflow code of this checkout and reports determinism.

history.json  proto JSON of a history (GET /cases/{id}/history, temporal workflow show --output json,
              test/histories/*.json); *.bin files hold the binary form. Directories: their *.history.json and *.history.bin.
--case <id>   fetch the case's history from the API: CASEFLOW_API_URL (default http://localhost:3000) with
              the bearer token in CASEFLOW_TOKEN (an auditor's or admin's); --save writes it to a file.
exit: 0 every history deterministic, 1 a history diverges from today's code, 2 usage or unreadable input
`;

interface Source {
  name: string;
  workflowId: string;
  history: History;
}

function historyFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => (/\.history\.(json|bin)$/.test(name) ? historyFiles(join(path, name)) : []));
}

/** A saved history: proto JSON, or the binary proto when the file ends in .bin. */
export function readHistoryFile(path: string): History {
  const bytes = readFileSync(path);
  if (path.endsWith('.bin')) return temporal.api.history.v1.History.decode(bytes);
  return historyFromJson(JSON.parse(bytes.toString('utf8')));
}

/** The workflow id recorded in a saved file's name (`case-<id>.…`), else one made from the name. */
const workflowIdOf = (path: string): string =>
  /(case-[^./]+|customer-[^./]+)/.exec(path)?.[1] ?? `replay-${path}`;

async function fetchCase(io: CliIo, caseId: string): Promise<History | undefined> {
  const base = process.env.CASEFLOW_API_URL ?? 'http://localhost:3000';
  const token = process.env.CASEFLOW_TOKEN;
  if (!token) {
    io.stderr('caseflow replay: --case needs CASEFLOW_TOKEN (an auditor or admin token)\n');
    return undefined;
  }
  const url = `${base.replace(/\/$/, '')}/cases/${encodeURIComponent(caseId)}/history`;
  try {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = await res.json();
    if (!res.ok) {
      const detail = (body as { detail?: string }).detail ?? res.statusText;
      io.stderr(`caseflow replay: ${url} answered ${res.status}: ${detail}\n`);
      return undefined;
    }
    return historyFromJson(body);
  } catch (error) {
    io.stderr(
      `caseflow replay: cannot fetch ${url}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return undefined;
  }
}

export const replayCommand: Command = {
  name: 'replay',
  usage: USAGE,
  summary: 'replay histories against the current workflow code; exit 1 on nondeterminism',
  async run(args, io) {
    if (wantsHelp(args)) {
      io.stdout(HELP);
      return EXIT.ok;
    }
    const caseAt = args.indexOf('--case');
    const saveAt = args.indexOf('--save');
    const sources: Source[] = [];
    if (caseAt >= 0) {
      const caseId = args[caseAt + 1];
      if (!caseId || caseId.startsWith('--')) return usageError(io, this, '--case needs a case id');
      const history = await fetchCase(io, caseId);
      if (!history) return EXIT.usage;
      if (saveAt >= 0) {
        const file = args[saveAt + 1];
        if (!file) return usageError(io, this, '--save needs a file name');
        writeFileSync(file, `${JSON.stringify(historyToJson(history), null, 2)}\n`);
      }
      sources.push({ name: `case ${caseId}`, workflowId: `case-${caseId}`, history });
    } else {
      if (args.length === 0) return usageError(io, this, 'expected history files or --case <id>');
      for (const arg of args) {
        let files: string[];
        try {
          files = historyFiles(arg);
        } catch {
          return usageError(io, this, `cannot find '${arg}'`);
        }
        for (const file of files) {
          try {
            sources.push({ name: file, workflowId: workflowIdOf(file), history: readHistoryFile(file) });
          } catch (error) {
            const why = error instanceof Error ? error.message : String(error);
            return usageError(io, this, `cannot read a history from '${file}': ${why}`);
          }
        }
      }
      if (sources.length === 0) return usageError(io, this, 'no *.history.json or *.history.bin files found');
    }
    quietReplayRuntime();
    let diverged = 0;
    for (const source of sources) {
      const verdict = await replayHistory(source.history, source.workflowId);
      if (verdict.deterministic) {
        io.stdout(`deterministic      ${source.name} (${verdict.events} events)\n`);
      } else {
        diverged += 1;
        io.stdout(`NOT deterministic  ${source.name}\n  ${verdict.errorType}: ${verdict.divergence}\n`);
      }
    }
    io.stderr(
      diverged === 0
        ? `${sources.length} replayed, all deterministic\n`
        : `${diverged} of ${sources.length} diverge from the current workflow code\n`,
    );
    return diverged === 0 ? EXIT.ok : EXIT.failed;
  },
};
