/**
 * `caseflow`: the command line of the template language and the engine. Dispatches to one file per
 * command; bin/caseflow.js calls runCli with the process arguments.
 */
import { backtestCommand } from './backtest';
import { EXIT, type CliIo, type Command } from './command';
import { diffCommand } from './diff';
import { eraseCommand } from './erase';
import { graphCommand } from './graph';
import { migrateCommand } from './migrate';
import { publishCommand } from './publish';
import { replayCommand } from './replay';
import { schemaCommand } from './schema';
import { setupCommand } from './setup';
import { simulateCommand } from './simulate';
import { validateCommand } from './validate';

// Registration point: to add a command (simulate, publish, replay), write cli/<name>.ts exporting a
// Command and add it to this list.
const commands: Command[] = [
  validateCommand,
  graphCommand,
  schemaCommand,
  diffCommand,
  simulateCommand,
  publishCommand,
  backtestCommand,
  replayCommand,
  setupCommand,
  migrateCommand,
  eraseCommand,
];

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

function help(): string {
  const lines = commands.map((c) => `  ${c.usage}\n      ${c.summary}`);
  return [
    'usage: caseflow <command> [arguments]',
    '',
    'commands:',
    ...lines,
    '',
    'exit codes: 0 ok, 1 template errors (diff: changes found), 2 usage or unreadable input',
    '',
  ].join('\n');
}

/** Runs one command line; resolves to the exit code. Never throws for user mistakes. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr(help());
    return EXIT.usage;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    io.stdout(help());
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(
      `caseflow: unknown command '${name}' (expected one of: ${commands.map((c) => c.name).join(', ')})\n`,
    );
    return EXIT.usage;
  }
  return command.run(args, io);
}
