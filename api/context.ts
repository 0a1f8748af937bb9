import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { AuthDirectory } from './auth';

/** What the API's handlers need: Temporal to start and signal cases, PostgreSQL to read projections. */
export interface ApiContext {
  client: Client;
  pool: Pool;
  auth: AuthDirectory;
  taskQueue: string;
  log: Logger;
  /** Key that signs and checks survey links (activities/survey-link.ts). */
  surveySecret: Buffer;
  /** The template new cases use when the request names none. */
  defaultTemplate: string;
}
