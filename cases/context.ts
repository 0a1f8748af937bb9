import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { PersonalData } from '../privacy/personal-data';

/**
 * What the use cases on cases and tasks need, never a request: Temporal to start, signal, update and query
 * cases, PostgreSQL for the projections and the registry, the task queue new customers' workflows run on,
 * the template a case uses when it names none, a logger and the clock. The API's context is one.
 */
export interface CaseContext {
  client: Client;
  pool: Pool;
  log: Logger;
  taskQueue: string;
  /** The template new cases use when the request names none. */
  defaultTemplate: string;
  /** Seals customers' personal fields at intake (privacy/); erasure destroys their keys. */
  personalData: PersonalData;
  /** The clock (milliseconds since the epoch); Date.now when absent. Tests fix it. */
  now?: () => number;
}

/** The context's clock. */
export const nowOf = (ctx: Pick<CaseContext, 'now'>): number => (ctx.now ?? Date.now)();
