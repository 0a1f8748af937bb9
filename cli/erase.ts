/**
 * `caseflow erase <customer-id> --reason "…" [--cancel-open]`: erases a customer's personal data through
 * the API (POST /customers/{id}/erase), so the admin's token decides and the audit log records who erased
 * whom and why, as from the console. Prints the customer's opaque key and each case with its status.
 */
import { parseArgs } from 'node:util';
import type { CustomerErasure } from '../contract/customer-erasure';
import { apiTarget, callApi, describeRefusal } from './api-client';
import { EXIT, usageError, wantsHelp, type CliIo, type Command } from './command';

const USAGE = 'caseflow erase <customer-id> --reason <text> [--cancel-open]';

const HELP = `usage: ${USAGE}

Erases the customer's personal data everywhere through the API: CASEFLOW_API_URL (default
http://localhost:3000) with an admin's bearer token in CASEFLOW_TOKEN. Their data key is destroyed and their id
forgotten: name, phone and e-mail show "[erased]" wherever they were kept, Temporal histories included; case
ids, timings, categories and figures stay. The reason goes to the audit log: name the request, not the person.
A customer with open cases is refused (they are listed) unless --cancel-open cancels them first, each with the
reason "customer erased". Erasing again is "not found": the id is forgotten. See docs/privacy.md, "Erasure".
exit: 0 erased, 1 refused (open cases, unknown customer, not allowed), 2 usage or API unreachable
`;

export const eraseCommand: Command = {
  name: 'erase',
  usage: USAGE,
  summary: "erases a customer's personal data through the API (admin; CASEFLOW_API_URL, CASEFLOW_TOKEN)",
  run: (args, io) => runErase(args, io, process.env),
};

export async function runErase(args: string[], io: CliIo, source: NodeJS.ProcessEnv): Promise<number> {
  if (wantsHelp(args)) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  let options: { customerId: string; reason: string; cancelOpen: boolean };
  try {
    options = parseOptions(args);
  } catch (error) {
    return usageError(io, eraseCommand, error instanceof Error ? error.message : String(error));
  }
  const answer = await callApi(io, 'erase', apiTarget(source), {
    method: 'POST',
    path: `/customers/${encodeURIComponent(options.customerId)}/erase`,
    json: { reason: options.reason, ...(options.cancelOpen ? { cancelOpen: true } : {}) },
  });
  if (answer === undefined) return EXIT.usage;
  if (!answer.ok) {
    io.stderr(`caseflow erase: ${describeRefusal(answer)}\n`);
    const open = (answer.body as { openCases?: unknown } | undefined)?.openCases;
    if (answer.status === 409 && Array.isArray(open)) {
      io.stderr(`  open cases: ${open.join(', ')}\n  to cancel them and erase: add --cancel-open\n`);
    }
    return EXIT.failed;
  }
  io.stdout(formatErasure(answer.body as CustomerErasure));
  return EXIT.ok;
}

function parseOptions(args: string[]): { customerId: string; reason: string; cancelOpen: boolean } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { reason: { type: 'string' }, 'cancel-open': { type: 'boolean' } },
  });
  if (positionals.length !== 1) throw new Error('name one customer id');
  const reason = values.reason?.trim();
  if (!reason) throw new Error('give the reason with --reason (it goes to the audit log)');
  return { customerId: positionals[0]!, reason, cancelOpen: values['cancel-open'] === true };
}

/** The erasure as people read it: the key, when and by whom, then a line per case. */
export function formatErasure(erasure: CustomerErasure): string {
  const lines = [
    `erased customer ${erasure.customer} at ${erasure.erasedAt} by ${erasure.erasedBy}`,
    ...erasure.cases.map(
      (c) => `  case ${c.id}: ${c.status}${c.cancelled ? ' (cancelled by the erasure)' : ''}`,
    ),
  ];
  if (!erasure.cases.length) lines.push('  no cases');
  return `${lines.join('\n')}\n`;
}
