import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { PersonalData } from '../privacy/personal-data';
import { createBusinessCall, type BusinessCallSettings } from './business-call';
import {
  defaultOutboxRetry,
  outboxOnlyNotifier,
  sendNotification,
  type Notifier,
  type OutboxRetry,
} from './notifications';
import { recordCaseMessage } from '../db/case-messages';
import { migrationActivities } from './migration';
import { loadPlan } from './plan';
import { projectCase } from './projection';
import { createSuggestTriage } from './triage-suggestion';
import { triageTrainingActivities } from './triage';
import { retentionActivities } from './retention';
import { issueSurveyLink } from './survey-link';
import type { SurveyKeys } from './survey-keys';
import type { CaseActivities, MigrationActivities, RetentionActivities } from './types';

export interface ActivityDependencies {
  pool: Pool;
  notifier?: Notifier;
  /** Keys that sign survey links (activities/survey-keys.ts). */
  surveyKeys: SurveyKeys;
  /** Base URL customers reach the API on, for survey links. */
  publicUrl: string;
  /** Where `call` steps may go and where their secrets come from (default: loopback, the environment). */
  calls?: BusinessCallSettings;
  /** Waits between attempts to write the outbox while PostgreSQL refuses (default 1 s doubling to 60 s). */
  outboxRetry?: OutboxRetry;
  /** The worker's Temporal client, for a bulk migration's updates to cases (activities/migration.ts). */
  client?: Client;
  /** Reveals customers' sealed fields in what a `call` step sends (privacy/; absent: sent as sealed). */
  personalData?: PersonalData;
}

/** Builds the activities with their dependencies injected, so tests can pass their own pool or notifier. */
export function createActivities(
  deps: ActivityDependencies,
): CaseActivities & MigrationActivities & RetentionActivities {
  const notifier = deps.notifier ?? outboxOnlyNotifier;
  const outboxRetry = deps.outboxRetry ?? defaultOutboxRetry;
  return {
    loadPlan: (template) => loadPlan(deps.pool, template),
    projectCase: (view) => projectCase(deps.pool, view),
    recordCaseMessage: (message) => recordCaseMessage(deps.pool, message),
    suggestTriage: createSuggestTriage(deps.pool),
    sendNotification: (request) =>
      sendNotification(deps.pool, notifier, request, outboxRetry, async (claims) =>
        issueSurveyLink(await deps.surveyKeys(), deps.publicUrl, claims),
      ),
    callBusinessSystem: createBusinessCall(deps.calls, deps.personalData),
    issueSurveyLink: async (request) => issueSurveyLink(await deps.surveyKeys(), deps.publicUrl, request),
    ...migrationActivities(deps.pool, deps.client),
    ...triageTrainingActivities(deps.pool),
    ...retentionActivities(deps.pool),
  };
}
