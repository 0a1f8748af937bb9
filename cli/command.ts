/**
 * The shape of a `caseflow` command: one file per command, each exporting a Command. Commands write
 * through CliIo instead of process.stdout, so tests run them in-process and check output and exit code.
 */

/** Exit codes of every command (documented in docs/templates.md). */
export const EXIT = {
  /** Done; for validate: every template is valid; for diff: no changes. */
  ok: 0,
  /** The templates have errors; for diff: there are changes (as diff(1) does). */
  failed: 1,
  /** The command line is wrong, or an input cannot be read or compiled at all. */
  usage: 2,
} as const;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface Command {
  name: string;
  /** e.g. `caseflow validate <file|dir>…` */
  usage: string;
  summary: string;
  run(args: string[], io: CliIo): Promise<number> | number;
}

/** Prints what was wrong with the command line and the usage; returns the usage exit code. */
export function usageError(io: CliIo, command: Pick<Command, 'name' | 'usage'>, message: string): number {
  io.stderr(`caseflow ${command.name}: ${message}\nusage: ${command.usage}\n`);
  return EXIT.usage;
}

/** `--help`/`-h` anywhere among a command's arguments. */
export function wantsHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}
