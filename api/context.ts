import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { SurveyKeys } from '../activities/survey-keys';
import type { PersonalData } from '../privacy/personal-data';
import type { AuthDirectory } from './auth';

/** What the API's handlers need: Temporal to start and signal cases, PostgreSQL to read projections. */
export interface ApiContext {
  client: Client;
  pool: Pool;
  auth: AuthDirectory;
  taskQueue: string;
  log: Logger;
  /** Keys that check survey links (activities/survey-keys.ts). */
  surveyKeys: SurveyKeys;
  /** The template new cases use when the request names none. */
  defaultTemplate: string;
  /** Seals customers' personal fields at intake and reveals them to readers (privacy/). */
  personalData: PersonalData;
}
