/**
 * A template file a command sends to the API (publish, backtest): read, then validated here first, so its
 * errors print as `file:line:col: message` without a round trip.
 */
import { readFileSync } from 'node:fs';
import { compileTemplate } from '../definitions/compile';
import { formatTemplateError } from '../definitions/errors';
import { EXIT, type CliIo } from './command';

/** The file's text when it compiles; else the exit code, its reasons on stderr. */
export function readValidTemplate(io: CliIo, command: string, file: string): string | number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    io.stderr(
      `caseflow ${command}: cannot read '${file}': ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return EXIT.usage;
  }
  const local = compileTemplate(text, file);
  if (!local.ok) {
    for (const e of local.errors) io.stderr(`${formatTemplateError(e)}\n`);
    return EXIT.failed;
  }
  return text;
}
