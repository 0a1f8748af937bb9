/** `caseflow schema`: the JSON Schema of the template language, for editors and other tools. */
import { templateJsonSchema } from '../definitions/schema';
import { EXIT, usageError, wantsHelp, type Command } from './command';

export const schemaCommand: Command = {
  name: 'schema',
  usage: 'caseflow schema',
  summary: 'print the JSON Schema of the template language',
  run(args, io) {
    if (wantsHelp(args)) {
      io.stdout(
        `usage: ${this.usage}\n\n${this.summary}; definitions/template.schema.json is this output.\n`,
      );
      return EXIT.ok;
    }
    if (args.length > 0) return usageError(io, this, `expected no arguments, got '${args.join(' ')}'`);
    io.stdout(`${JSON.stringify(templateJsonSchema(), null, 2)}\n`);
    return EXIT.ok;
  },
};
