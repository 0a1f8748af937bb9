/**
 * `caseflow replay <history.json>… | --case ID`: replays histories through the workflow code of this
 * checkout (Worker.runReplayHistory; no Temporal server needed) and says whether each is deterministic.
 *
 * `--case ID` fetches the case's decoded history through the API (GET /cases/{id}/history), not from
 * Temporal: the read is then authorised and written to the audit log like any other, and the CLI needs
 * neither the Temporal address nor the payload key. The replay itself always runs here, so a developer
 * checks a running case against the code they are about to deploy. It is the API's replay use case
 * (audit/replay-case.ts), given histories read through the API instead of from Temporal.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import type { History } from '@temporalio/common/lib/proto-utils';
import { historyFromJson, historyToJson } from '../audit/history-json';
import type { CaseHistories } from '../audit/case-history';
import { quietReplayRuntime, replayHistories, type ReplayVerdict } from '../audit/replay';
import { replayCase } from '../audit/replay-case';
import { apiTarget, callApi, describeRefusal, type ApiTarget } from './api-client';
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

/**
 * Cases' histories read through the API (GET /cases/{id}/history) with the caller's bearer token, so the
 * read is authorised and audited; a refusal or an unreachable API is reported on stderr, and the case
 * then has no history here.
 */
function apiCaseHistories(io: CliIo, target: ApiTarget): CaseHistories {
  return {
    async history(caseId) {
      const path = `/cases/${encodeURIComponent(caseId)}/history`;
      const answer = await callApi(io, 'replay', target, { method: 'GET', path });
      if (answer === undefined) return undefined;
      if (!answer.ok) {
        io.stderr(`caseflow replay: ${target.base}${path} answered ${describeRefusal(answer)}\n`);
        return undefined;
      }
      return historyFromJson(answer.body);
    },
  };
}

/** One line per history: deterministic, or where it diverges. */
function report(io: CliIo, name: string, verdict: ReplayVerdict): boolean {
  if (verdict.deterministic) {
    io.stdout(`deterministic      ${name} (${verdict.events} events)\n`);
    return true;
  }
  io.stdout(`NOT deterministic  ${name}\n  ${verdict.errorType}: ${verdict.divergence}\n`);
  return false;
}

function summary(io: CliIo, replayed: number, diverged: number): number {
  io.stderr(
    diverged === 0
      ? `${replayed} replayed, all deterministic\n`
      : `${diverged} of ${replayed} diverge from the current workflow code\n`,
  );
  return diverged === 0 ? EXIT.ok : EXIT.failed;
}

/**
 * `--case ID [--save FILE]`: the case's replay use case (audit/replay-case.ts, as POST /cases/{id}/replay
 * runs it), with the history read through the API.
 */
async function replayOneCase(io: CliIo, command: Command, args: string[], caseAt: number): Promise<number> {
  const caseId = args[caseAt + 1];
  if (!caseId || caseId.startsWith('--')) return usageError(io, command, '--case needs a case id');
  const target = apiTarget();
  if (target.token === undefined) {
    io.stderr('caseflow replay: --case needs CASEFLOW_TOKEN (an auditor or admin token)\n');
    return EXIT.usage;
  }
  const saveAt = args.indexOf('--save');
  const file = saveAt >= 0 ? args[saveAt + 1] : undefined;
  /** Thrown by the --save step without a file name: the history was read, nothing is replayed. */
  const noFile = new Error('--save needs a file name');
  quietReplayRuntime();
  let replayed;
  try {
    replayed = await replayCase(
      {
        histories: apiCaseHistories(io, target),
        onHistory: (history) => {
          if (saveAt < 0) return;
          if (!file) throw noFile;
          writeFileSync(file, `${JSON.stringify(historyToJson(history), null, 2)}\n`);
        },
      },
      { caseId },
    );
  } catch (error) {
    if (error === noFile) return usageError(io, command, noFile.message);
    throw error;
  }
  if (!replayed) return EXIT.usage;
  return summary(io, 1, report(io, `case ${caseId}`, replayed) ? 0 : 1);
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
    if (caseAt >= 0) return replayOneCase(io, this, args, caseAt);
    if (args.length === 0) return usageError(io, this, 'expected history files or --case <id>');
    const sources: Source[] = [];
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
    quietReplayRuntime();
    let diverged = 0;
    // One replay worker for all of them: the bundle is evaluated once, not once a file.
    let i = 0;
    for await (const verdict of replayHistories(sources)) {
      if (!report(io, sources[i++]!.name, verdict)) diverged += 1;
    }
    return summary(io, sources.length, diverged);
  },
};
