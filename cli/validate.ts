/**
 * `caseflow validate <file|dir>…`: checks templates and prints every error as `file:line:col: message`
 * and every warning as `file:line:col: warning: message` on stdout (a summary goes to stderr), exit 1 when
 * any template has errors; warnings alone leave it 0.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { formatTemplateError, type TemplateError } from '../definitions/errors';
import type { TemplateDocument } from '../definitions/schema';
import { validateTemplateSource } from '../definitions/validate';
import { EXIT, usageError, wantsHelp, type Command } from './command';

/** YAML files under a directory, sorted, skipping hidden directories and node_modules. */
function templateFiles(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name.startsWith('.') || entry.name === 'node_modules' ? [] : templateFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

/** A file named `v<N>.yaml` (the layout <name>/v<N>.yaml of SPEC §3) must declare version N. */
function checkFileName(file: string, doc: TemplateDocument): TemplateError[] {
  const match = /^v(\d+)\.ya?ml$/.exec(basename(file));
  if (!match || Number(match[1]) === doc.version) return [];
  return [
    {
      file,
      line: 1,
      column: 1,
      message: `the file is named ${basename(file)} but declares version ${doc.version}`,
    },
  ];
}

export const validateCommand: Command = {
  name: 'validate',
  usage: 'caseflow validate <file|dir>…',
  summary: 'check templates; print file:line:col: message per error',
  run(args, io) {
    if (wantsHelp(args)) {
      io.stdout(
        `usage: ${this.usage}\n\n${this.summary}.\nDirectories are searched for *.yaml and *.yml.\nexit: 0 all valid, 1 errors found, 2 usage\n`,
      );
      return EXIT.ok;
    }
    if (args.length === 0) return usageError(io, this, 'expected at least one template file or directory');
    const files: string[] = [];
    for (const arg of args) {
      let isDirectory: boolean;
      try {
        isDirectory = statSync(arg).isDirectory();
      } catch {
        return usageError(io, this, `cannot find '${arg}'`);
      }
      const found = isDirectory ? templateFiles(arg) : [arg];
      if (found.length === 0) return usageError(io, this, `no *.yaml templates in '${arg}'`);
      files.push(...found);
    }
    let invalid = 0;
    let errorCount = 0;
    let warningCount = 0;
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return usageError(io, this, `cannot read '${file}'`);
      }
      const result = validateTemplateSource(text, file);
      const errors = result.ok ? checkFileName(file, result.document) : result.errors;
      const warnings = result.warnings ?? [];
      if (errors.length > 0) invalid++;
      errorCount += errors.length;
      warningCount += warnings.length;
      const lines = [
        ...errors.map((e) => ({ e, text: formatTemplateError(e) })),
        ...warnings.map((e) => ({
          e,
          text: formatTemplateError({ ...e, message: `warning: ${e.message}` }),
        })),
      ].sort((a, b) => a.e.line - b.e.line || a.e.column - b.e.column);
      io.stdout(lines.map((l) => `${l.text}\n`).join(''));
    }
    const noun = files.length === 1 ? 'template' : 'templates';
    const counted = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    const warned = warningCount === 0 ? [] : [counted(warningCount, 'warning')];
    io.stderr(
      invalid === 0
        ? `${files.length} ${noun} valid${warned.length ? ` (${warned[0]})` : ''}\n`
        : `${invalid} of ${files.length} ${noun} invalid (${[counted(errorCount, 'error'), ...warned].join(', ')})\n`,
    );
    return invalid === 0 ? EXIT.ok : EXIT.failed;
  },
};
