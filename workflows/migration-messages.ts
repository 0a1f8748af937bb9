/**
 * A bulk migration's messages (issue 15, docs/migration.md "Moving many cases"): the arguments of the
 * migration workflow, its progress query and its pause and resume updates. The shapes are the contract's
 * (contract/migration.ts); like workflows/messages.ts, this file only names the Temporal definitions.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CaseMigration, MigrationRun, Principal, StepMap } from '../contract';

/** What a bulk migration moves: every open case of `template` v`from`, to v`to`, mapped alike. */
export interface MigrationScope {
  template: string;
  from: number;
  to: number;
  stepMap?: StepMap;
  /** Old step ids whose cases enter their target step afresh. */
  reenter?: string[];
}

/** The migration workflow's arguments: the scope, who asked, and what a continued run carries over. */
export interface MigrationWorkflowArgs extends MigrationScope {
  migrationId: string;
  principal: Principal;
  /** History events after which a run continues as new (default 2,000; tests lower it). */
  historyEventsPerRun?: number;
  /** Set by a run that continued as new: the state so far (absent at the start). */
  carried?: MigrationCarried;
}

/** What a run hands to the next one when its history grows long (continue-as-new). */
export interface MigrationCarried {
  startedAt: string;
  /** The cases listed at the start, not handled yet, in order. */
  remaining: string[];
  total: number;
  moved: number;
  refused: number;
  /** The results kept (MIGRATION_RESULTS_KEPT at most), oldest first. */
  cases: CaseMigration[];
  paused: boolean;
}

/** What the activity that moves one case needs. */
export interface MigrateOneCaseArgs extends MigrationScope {
  /** Names the case's update with the migration's id, so a retried activity cannot move a case twice. */
  migrationId: string;
  caseId: string;
  principal: Principal;
}

/** Where the bulk migration stands (the contract's MigrationRun). */
export const migrationProgressQuery = defineQuery<MigrationRun>('migrationProgress');
/**
 * Stops before the next case; answers where it stands. The case being moved, if any, finishes first: until
 * then the status stays `running`, so `paused` means nothing moves any more.
 */
export const pauseMigrationUpdate = defineUpdate<MigrationRun>('pauseMigration');
/** Goes on with the next case; answers where it stands. */
export const resumeMigrationUpdate = defineUpdate<MigrationRun>('resumeMigration');
/** Answers once the cases to move are listed (the start's answer names their number). */
export const migrationListedUpdate = defineUpdate<MigrationRun>('migrationListed');

/** Workflow id of a bulk migration. */
export const migrationWorkflowId = (migrationId: string): string => `migration-${migrationId}`;
