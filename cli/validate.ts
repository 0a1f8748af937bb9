/**
 * `caseflow validate <file|dir>…`: checks templates and prints every error as `file:line:col: message`
 * on stdout (a summary goes to stderr), exit 1 when any template has errors.
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
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return usageError(io, this, `cannot read '${file}'`);
      }
      const result = validateTemplateSource(text, file);
      const errors = result.ok ? checkFileName(file, result.document) : result.errors;
      if (errors.length > 0) invalid++;
      errorCount += errors.length;
      io.stdout(errors.map((e) => `${formatTemplateError(e)}\n`).join(''));
    }
    const noun = files.length === 1 ? 'template' : 'templates';
    io.stderr(
      invalid === 0
        ? `${files.length} ${noun} valid\n`
        : `${invalid} of ${files.length} ${noun} invalid (${errorCount} error${errorCount === 1 ? '' : 's'})\n`,
    );
    return invalid === 0 ? EXIT.ok : EXIT.failed;
  },
};
