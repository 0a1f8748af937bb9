import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * What a log line must never show (docs/privacy.md): a customer's name, phone and e-mail wherever a logged
 * object carries a customer (their sealed tokens are harmless, but a revealed answer or a request body is
 * not), and PostgreSQL's error detail, which quotes the row's values (`Key (customer_id)=(…) already
 * exists`). Paths are pino's: `*` is one level of nesting.
 */
export const REDACTED_LOG_PATHS = [
  ...['name', 'phone', 'email'].flatMap((field) => [
    `customer.${field}`,
    `*.customer.${field}`,
    `*.*.customer.${field}`,
  ]),
  'err.detail',
  '*.err.detail',
];

/** One JSON logger per process; components take children named after themselves. */
export function createLogger(level: string, name = 'caseflow', destination?: DestinationStream): Logger {
  const options = { name, level, redact: { paths: REDACTED_LOG_PATHS, censor: '[hidden]' } };
  return destination ? pino(options, destination) : pino(options);
}
export type { Logger };
