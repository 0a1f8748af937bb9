import pino, { type Logger } from 'pino';

/** One JSON logger per process; components take children named after themselves. */
export function createLogger(level: string, name = 'caseflow'): Logger {
  return pino({ name, level });
}
export type { Logger };
