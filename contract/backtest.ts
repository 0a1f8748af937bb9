/**
 * Backtesting a candidate template on recorded cases (issue 15, SPEC §11 "Backtest"): what POST
 * /templates/backtest and `caseflow backtest` answer. Each recorded case's input and recorded events run
 * through the candidate in virtual time; the answer says where the outcome would have differed, and why.
 */
import { z } from 'zod';

/** The query of POST /templates/backtest (the body is the candidate's YAML). */
export const backtestQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).optional().describe('Cases opened at or after this instant.'),
  to: z.iso.datetime({ offset: true }).optional().describe('Cases opened before this instant.'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .optional()
    .describe('At most this many cases (default 1000), newest first.'),
});
/** The query of POST /templates/backtest. */
export type BacktestQuery = z.infer<typeof backtestQuerySchema>;

/** What the backtest compares. */
export const BACKTEST_FIELDS = [
  'category',
  'department',
  'priority',
  'sla',
  'escalations',
  'status',
] as const;
/** What the backtest compares. */
export type BacktestField = (typeof BACKTEST_FIELDS)[number];

/** One way a case would have gone otherwise. */
export const backtestDifferenceSchema = z.strictObject({
  field: z.enum(BACKTEST_FIELDS),
  recorded: z.string().describe('What happened ("P3", "resolution met", "2").'),
  candidate: z.string().describe('What the candidate would have done.'),
  why: z
    .string()
    .describe(
      'The candidate rule or clock behind it ("classify rule 2: …", "resolution clock breached at …").',
    ),
});
/** One way a case would have gone otherwise. */
export type BacktestDifference = z.infer<typeof backtestDifferenceSchema>;

/** A recorded event the candidate could not place (its task or step does not exist there): reported, not guessed. */
export const unplacedEventSchema = z.strictObject({
  at: z.string(),
  event: z.string().describe('What was recorded: "complete triage: route", "claim investigate".'),
  reason: z.string(),
});
/** A recorded event the candidate could not place. */
export type UnplacedEvent = z.infer<typeof unplacedEventSchema>;

/** One recorded case that would have gone differently, or had events the candidate could not place. */
export const backtestCaseSchema = z.strictObject({
  id: z.string(),
  version: z.number().int().describe('The version the case was recorded on.'),
  openedAt: z.string(),
  differences: z.array(backtestDifferenceSchema),
  unplaced: z.array(unplacedEventSchema),
});
/** One recorded case in a backtest's answer. */
export type BacktestCase = z.infer<typeof backtestCaseSchema>;

/** The answer: totals, then each case that differs (unchanged cases are only counted). */
export const backtestReportSchema = z.strictObject({
  candidate: z.strictObject({ name: z.string(), version: z.number().int(), sha256: z.string() }),
  range: z.strictObject({ from: z.string().optional(), to: z.string().optional() }),
  cases: z.number().int().describe('Recorded cases run.'),
  changed: z.number().int().describe('Cases with at least one difference.'),
  unchanged: z.number().int(),
  withUnplacedEvents: z.number().int(),
  byField: z.record(z.enum(BACKTEST_FIELDS), z.number().int()).describe('Cases that differ, per field.'),
  ms: z.number().describe('How long the run took, in milliseconds.'),
  differing: z.array(backtestCaseSchema),
});
/** The answer of a backtest. */
export type BacktestReport = z.infer<typeof backtestReportSchema>;
