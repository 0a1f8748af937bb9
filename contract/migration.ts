/**
 * Moving open cases to another version of their template (issue 15, SPEC §3 "Migration" and §11): the
 * bodies of POST /cases/{id}/migrate and POST /templates/{name}/versions/{v}/migrate, the answer per case
 * (the same for a dry run and for the move itself), and a bulk migration's progress. The workflow's update
 * and query carry the target version's plan beside these (workflows/messages.ts).
 */
import { z } from 'zod';

/** Old step id → new step id, for steps the new version renamed or removed; other steps keep their id. */
export const stepMapSchema = z
  .record(z.string().min(1).max(200), z.string().min(1).max(200))
  .describe('Old step id → step id in the target version; steps not named keep their id.');
/** Old step id → new step id. */
export type StepMap = z.infer<typeof stepMapSchema>;

/** What both migration requests may say about how steps move. */
const mappingFields = {
  stepMap: stepMapSchema.optional(),
  reenter: z
    .array(z.string().min(1).max(200))
    .max(500)
    .optional()
    .describe(
      'Old step ids whose cases enter their target step afresh (its open tasks cancelled, its actions run ' +
        'again) instead of keeping their place; needed when the step changed kind or incompatibly.',
    ),
  dryRun: z
    .boolean()
    .optional()
    .describe('Only check: nothing changes, every case answers what would happen.'),
};

/** POST /cases/{id}/migrate. */
export const migrateCaseBodySchema = z.strictObject({
  version: z.number().int().positive().describe('The version of the same template to move the case to.'),
  ...mappingFields,
});
/** POST /cases/{id}/migrate. */
export type MigrateCaseBody = z.infer<typeof migrateCaseBodySchema>;

/** POST /templates/{name}/versions/{v}/migrate: every open case of version `from` moves to v. */
export const migrateVersionBodySchema = z.strictObject({
  from: z.number().int().positive().describe('The version whose open cases move.'),
  ...mappingFields,
});
/** POST /templates/{name}/versions/{v}/migrate. */
export type MigrateVersionBody = z.infer<typeof migrateVersionBodySchema>;

/**
 * POST /templates/migration-check: the dry run of moving version `from`'s open cases to a candidate that is
 * not published yet (the template editor shows it beside the backtest, before publish).
 */
export const migrationCheckBodySchema = z.strictObject({
  source: z.string().min(1, 'expected the YAML text of a template').max(1_000_000),
  fileName: z.string().min(1).max(300).optional(),
  from: migrateVersionBodySchema.shape.from,
  stepMap: mappingFields.stepMap,
  reenter: mappingFields.reenter,
});
/** POST /templates/migration-check. */
export type MigrationCheckBody = z.infer<typeof migrationCheckBodySchema>;

/** Where a case stands in a version: the version and its current step. */
export const casePlaceSchema = z.strictObject({ version: z.number().int(), step: z.string() });
/** Where a case stands. */
export type CasePlace = z.infer<typeof casePlaceSchema>;

/** One case's migration: what happens (dry run) or happened, or why it cannot. */
export const caseMigrationSchema = z.strictObject({
  id: z.string(),
  from: casePlaceSchema,
  to: casePlaceSchema,
  ok: z.boolean(),
  reason: z.string().optional().describe('Why the case cannot move (ok false).'),
  changes: z
    .array(z.string())
    .optional()
    .describe(
      'What the move does, readable: the step kept or entered, tasks kept or cancelled, clocks re-targeted.',
    ),
});
/** One case's migration. */
export type CaseMigration = z.infer<typeof caseMigrationSchema>;

/** Where a bulk migration stands. */
export const MIGRATION_STATUSES = ['running', 'paused', 'completed'] as const;
/** Where a bulk migration stands. */
export type MigrationStatus = (typeof MIGRATION_STATUSES)[number];

/** A bulk migration (its own Temporal workflow): progress, and each case's result so far. */
export const migrationRunSchema = z.strictObject({
  id: z.string().describe('The migration id: GET /migrations/{id} reads it.'),
  template: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  status: z.enum(MIGRATION_STATUSES),
  startedBy: z.string(),
  startedAt: z.string(),
  total: z.number().int().describe('Open cases of version `from` when it started.'),
  done: z.number().int(),
  moved: z.number().int(),
  refused: z.number().int(),
  cases: z.array(caseMigrationSchema).describe('One result per case handled so far, in order.'),
});
/** A bulk migration. */
export type MigrationRun = z.infer<typeof migrationRunSchema>;

/** The answer of a bulk dry run: every open case of the version, checked, nothing changed. */
export const migrationDryRunSchema = z.strictObject({
  template: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  dryRun: z.literal(true),
  total: z.number().int(),
  movable: z.number().int(),
  refused: z.number().int(),
  cases: z.array(caseMigrationSchema),
});
/** The answer of a bulk dry run. */
export type MigrationDryRun = z.infer<typeof migrationDryRunSchema>;
