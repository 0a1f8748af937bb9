/**
 * The activities a case workflow may call. Workflows import this file as types only (proxyActivities);
 * the implementations live beside it and are built by createActivities({ pool, notifier, … }).
 * Every activity is idempotent: it runs at least once, so each call carries the key that makes a repeat
 * harmless (the case view's revision, the notification id, the call's step and attempt).
 */
import type { CaseView } from '../workflows/messages';
import type { CaseMessageRecord } from '../workflows/engine/bounds';
import type { CallValue, Channel, Plan } from '../definitions/plan';
import type { CaseMigration, SuggestionOutcome, TemplateRef } from '../contract';
import type { MigrateOneCaseArgs } from '../workflows/migration-messages';

export interface NotificationRequest {
  /** Unique per case, step and attempt: a repeat of the same id is a no-op. */
  id: string;
  caseId: string;
  /** 'customer' or a department id. */
  recipient: string;
  channel: Channel;
  /** Tried when sending on `channel` fails (e.g. voice, then SMS). */
  fallback?: Channel;
  message: string;
  /** For survey links and the like: what the notification carries besides its text. */
  data?: Record<string, unknown>;
  /**
   * A survey link to sign at delivery: the activity signs a token for these claims, appends the link to
   * `message` and puts `url` and `token` into `data` of the outbox row. The workflow sends only the claims,
   * so no live token is in its history (docs/security.md, Survey links).
   */
  surveyLink?: SurveyLinkRequest;
}

export interface NotificationResult {
  id: string;
  /** The channel it was finally sent on, or null when every channel failed. */
  sentOn: Channel | null;
  attempts: Array<{ channel: Channel; ok: boolean; error?: string }>;
}

export interface BusinessCallRequest {
  /** `<caseId>/<stepId>/<visit>`: sent as Idempotency-Key so the business system can dedupe retries. */
  key: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /** `{ secret: NAME }` values are resolved by the worker at call time and never travel back. */
  headers: Record<string, CallValue>;
  query?: Record<string, CallValue>;
  body?: unknown;
  /** The whole call, redirects and reading the answer included. */
  timeoutMs: number;
}

export interface BusinessCallResult {
  status: number;
  body: unknown;
}

export interface SurveyLinkRequest {
  caseId: string;
  stepId: string;
  /** The survey's occurrence `<case>/<step>/<visit>`, so a link answers that survey only (absent: older cases). */
  surveyKey?: string;
  /** ISO instant after which the link no longer accepts answers. */
  expiresAt: string;
}

export interface SurveyLink {
  /** HMAC-signed token naming its key, the case, the survey occurrence and expiry; the customer needs no account. */
  token: string;
  url: string;
}

export interface CaseActivities {
  /**
   * The compiled plan of a published template version, checked against its sha256 (a local activity at the
   * start of each run of a case; activities/plan.ts). Fails for good when the registry does not hold it.
   */
  loadPlan(template: TemplateRef): Promise<Plan>;
  /** Writes the case index row and its tasks to the PostgreSQL projections; keeps the newest revision. */
  projectCase(view: CaseView): Promise<void>;
  /**
   * Records the notification in the outbox (fails, to be retried, until the row is written) and sends it,
   * falling back to the second channel; a delivery that fails on every channel is recorded as failed.
   */
  sendNotification(request: NotificationRequest): Promise<NotificationResult>;
  /** Calls a business system over HTTP. A non-2xx answer fails the attempt (retried by the step's policy). */
  callBusinessSystem(request: BusinessCallRequest): Promise<BusinessCallResult>;
  /** Signs a survey link (the workflow cannot hold the secret or compute an HMAC deterministically). */
  issueSurveyLink(request: SurveyLinkRequest): Promise<SurveyLink>;
  /** Writes one message of a case to `case_messages` (bounded case state); a repeat of (caseId, seq) is a no-op. */
  recordCaseMessage(message: CaseMessageRecord): Promise<void>;
  /**
   * Scores a new case with the template's newest triage model (issue 17; activities/triage.ts): a
   * suggestion, or why there is none. Never fails for want of a model or of text.
   */
  suggestTriage(request: SuggestTriageRequest): Promise<SuggestionOutcome>;
}

/** What the triage model reads of a new case. */
export interface SuggestTriageRequest {
  template: string;
  subject: string;
  description: string;
}

/** The activities of a bulk migration (workflows/migration.workflow.ts; activities/migration.ts). */
export interface MigrationActivities {
  /** The ids of the open cases (status not final) of a template version, from the case index, oldest first. */
  listOpenCases(version: { template: string; version: number }): Promise<string[]>;
  /**
   * Moves one case through its migrateCase update. A refusal (the case's check, a finished case) is answered
   * with ok false and its reason; only a failure to reach Temporal or PostgreSQL fails, to be retried.
   */
  migrateOneCase(args: MigrateOneCaseArgs): Promise<CaseMigration>;
}

/** The retention purge's activity (workflows/retention.workflow.ts; activities/retention.ts). */
export interface RetentionActivities {
  /**
   * Scrubs the next batch of cases finished longer ago than `retentionSeconds` (db/retention.ts) and deletes
   * older idempotency answers. Answers how many it scrubbed and, when more are due, when the oldest of them
   * ended (ISO).
   */
  purgeExpiredCases(args: { retentionSeconds: number }): Promise<{ purged: number; oldestLeft?: string }>;
}
