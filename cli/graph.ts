/** `caseflow graph <file>`: the flow of a template as a Mermaid flowchart, outcomes on the edges. */
import { loadTemplateFile } from '../definitions/compile';
import { formatTemplateError } from '../definitions/errors';
import { planToMermaid } from '../definitions/mermaid';
import { EXIT, usageError, wantsHelp, type Command } from './command';

export const graphCommand: Command = {
  name: 'graph',
  usage: 'caseflow graph <file>',
  summary: 'print the flow as a Mermaid flowchart',
  run(args, io) {
    if (wantsHelp(args)) {
      io.stdout(`usage: ${this.usage}\n\n${this.summary} (paste into a Markdown \`\`\`mermaid block).\n`);
      return EXIT.ok;
    }
    if (args.length !== 1 || args[0] === undefined)
      return usageError(io, this, 'expected exactly one template file');
    const result = loadTemplateFile(args[0]);
    if (!result.ok) {
      io.stderr(result.errors.map((e) => `${formatTemplateError(e)}\n`).join(''));
      return EXIT.failed;
    }
    io.stdout(planToMermaid(result.plan));
    return EXIT.ok;
  },
};
