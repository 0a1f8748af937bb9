/**
 * `caseflow publish <file>`: publishes a template version through the API (POST /templates), so the
 * designer's token decides and the audit log records it, exactly as a publish from the console. The file
 * is validated locally first: its errors print as `file:line:col: message` without a round trip.
 */
import { basename } from 'node:path';
import { apiTarget, callApi, describeRefusal } from './api-client';
import { EXIT, usageError, wantsHelp, type CliIo, type Command } from './command';
import { readValidTemplate } from './template-file';

const USAGE = 'caseflow publish <file>';

const HELP = `usage: ${USAGE}

Validates the template, then publishes it through the API: CASEFLOW_API_URL (default http://localhost:3000)
with a designer's or admin's bearer token in CASEFLOW_TOKEN. Publishing the same content again is a no-op;
other content under a published version is refused (versions are immutable: give the change a new version).
exit: 0 published or already published, 1 invalid template or refused, 2 usage, unreadable file or API unreachable
`;

export const publishCommand: Command = {
  name: 'publish',
  usage: USAGE,
  summary: 'validates a template and publishes it through the API (CASEFLOW_API_URL, CASEFLOW_TOKEN)',
  run: (args, io) => runPublish(args, io, process.env),
};

export async function runPublish(args: string[], io: CliIo, source: NodeJS.ProcessEnv): Promise<number> {
  if (wantsHelp(args)) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  if (args.length !== 1) return usageError(io, publishCommand, 'name one template file');
  const file = args[0]!;
  const text = readValidTemplate(io, 'publish', file);
  if (typeof text === 'number') return text;
  const answer = await callApi(io, 'publish', apiTarget(source), {
    method: 'POST',
    path: '/templates',
    json: { source: text, fileName: basename(file) },
  });
  if (answer === undefined) return EXIT.usage;
  if (!answer.ok) {
    io.stderr(`caseflow publish: ${file}: ${describeRefusal(answer)}\n`);
    return EXIT.failed;
  }
  const row = answer.body as { name: string; version: number; sha256: string; outcome: string };
  io.stdout(
    row.outcome === 'published'
      ? `published ${row.name} v${row.version} (sha256 ${row.sha256})\n`
      : `${row.name} v${row.version} is already published with this content (sha256 ${row.sha256})\n`,
  );
  return EXIT.ok;
}
