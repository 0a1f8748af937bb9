import type { Pool } from 'pg';
import { createBusinessCall, type BusinessCallSettings } from './business-call';
import { outboxOnlyNotifier, sendNotification, type Notifier } from './notifications';
import { projectCase } from './projection';
import { issueSurveyLink } from './survey-link';
import type { CaseActivities } from './types';

export interface ActivityDependencies {
  pool: Pool;
  notifier?: Notifier;
  /** Key for signing survey links (see surveySecret). */
  surveySecret: Buffer;
  /** Base URL customers reach the API on, for survey links. */
  publicUrl: string;
  /** Where `call` steps may go and where their secrets come from (default: loopback, the environment). */
  calls?: BusinessCallSettings;
}

/** Builds the activities with their dependencies injected, so tests can pass their own pool or notifier. */
export function createActivities(deps: ActivityDependencies): CaseActivities {
  const notifier = deps.notifier ?? outboxOnlyNotifier;
  return {
    projectCase: (view) => projectCase(deps.pool, view),
    sendNotification: (request) => sendNotification(deps.pool, notifier, request),
    callBusinessSystem: createBusinessCall(deps.calls),
    issueSurveyLink: (request) =>
      Promise.resolve(issueSurveyLink(deps.surveySecret, deps.publicUrl, request)),
  };
}
