/**
 * `caseflow setup schema|namespace`: the production shape's set-up (setup/run.ts) from the command line, as
 * compose's one-shot jobs and operators run it. Settings come from the environment like every process's.
 */
import { ConfigError, loadEnv } from '../config/env';
import { setupNamespace, setupSchema, setupSteps, type SetupStep } from '../setup/run';
import { EXIT, usageError, wantsHelp, type CliIo, type Command } from './command';

const USAGE = 'caseflow setup schema|namespace';

const HELP = `usage: ${USAGE}

Prepares a Temporal service for caseflow; each step is idempotent (a second run changes nothing).

schema     Temporal's persistence and visibility databases exist and have the schema of the pinned
           server (temporal-sql-tool, built once from its Go module when not on PATH). Reads
           CASEFLOW_TEMPORAL_DATABASE_URL (visibility: the same database name + _visibility), or derives
           <name>_temporal from DATABASE_URL.
namespace  Waits for TEMPORAL_ADDRESS, registers TEMPORAL_NAMESPACE with CASEFLOW_RETENTION (default 30d;
           an existing namespace gets its retention changed), registers caseflow's search attributes and
           checks their types. A search attribute registered with another type is refused.
exit: 0 done, 1 a step failed (one line says why), 2 usage
`;

export const setupCommand: Command = {
  name: 'setup',
  usage: USAGE,
  summary: 'prepare Temporal for caseflow: databases and schemas, namespace and search attributes',
  async run(args: string[], io: CliIo): Promise<number> {
    if (wantsHelp(args)) {
      io.stdout(HELP);
      return EXIT.ok;
    }
    const [step, ...rest] = args;
    if (!setupSteps.includes(step as SetupStep) || rest.length) {
      return usageError(io, setupCommand, `expected one step: ${setupSteps.join(' or ')}`);
    }
    const log = (line: string) => io.stdout(`caseflow setup: ${line}\n`);
    try {
      const env = loadEnv();
      if (step === 'schema') await setupSchema(env, log);
      else await setupNamespace(env, log);
      log(`${step}: done`);
      return EXIT.ok;
    } catch (err) {
      const lines =
        err instanceof ConfigError ? err.problems : [err instanceof Error ? err.message : String(err)];
      for (const line of lines) io.stderr(`caseflow setup ${step}: ${line}\n`);
      return EXIT.failed;
    }
  },
};
