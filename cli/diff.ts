/** `caseflow diff <old> <new>`: what changed between two versions of a template, in plain words. */
import { loadTemplateFile } from '../definitions/compile';
import { diffPlans, formatChanges } from '../definitions/diff';
import { formatTemplateError } from '../definitions/errors';
import { EXIT, usageError, wantsHelp, type Command } from './command';

export const diffCommand: Command = {
  name: 'diff',
  usage: 'caseflow diff <old> <new>',
  summary: 'list added, removed and changed steps, rules, SLAs and escalations',
  run(args, io) {
    if (wantsHelp(args)) {
      io.stdout(
        `usage: ${this.usage}\n\n${this.summary}.\nexit: 0 no changes, 1 changes, 2 an input is invalid\n`,
      );
      return EXIT.ok;
    }
    const [oldFile, newFile] = args;
    if (args.length !== 2 || oldFile === undefined || newFile === undefined) {
      return usageError(io, this, 'expected two template files: the old version and the new one');
    }
    const before = loadTemplateFile(oldFile);
    const after = loadTemplateFile(newFile);
    if (!before.ok || !after.ok) {
      const errors = [...(before.ok ? [] : before.errors), ...(after.ok ? [] : after.errors)];
      io.stderr(errors.map((e) => `${formatTemplateError(e)}\n`).join(''));
      io.stderr('caseflow diff: both templates must be valid to compare them\n');
      return EXIT.usage;
    }
    const changes = diffPlans(before.plan, after.plan);
    io.stdout(formatChanges(before.plan, after.plan, changes));
    return changes.length === 0 ? EXIT.ok : EXIT.failed;
  },
};
