/**
 * POST /templates/backtest and `caseflow backtest`: the candidate's recorded cases read from the projections
 * (db/recorded-cases.ts), run through it and compared (run.ts). The API's route calls this.
 */
import type { Pool } from 'pg';
import type { BacktestQuery, BacktestReport } from '../contract';
import type { Plan } from '../definitions/plan';
import { readRecordedCases } from '../db/recorded-cases';
import { backtest } from './run';

/** Recorded cases a backtest runs unless the query says otherwise. */
export const DEFAULT_BACKTEST_LIMIT = 1000;

/** Backtests the candidate on the recorded cases of its template name (any version) the query selects. */
export async function backtestTemplate(
  pool: Pool,
  candidate: Plan,
  query: BacktestQuery,
): Promise<BacktestReport> {
  const startedAt = performance.now();
  const recorded = await readRecordedCases(pool, {
    template: candidate.name,
    from: query.from,
    to: query.to,
    limit: query.limit ?? DEFAULT_BACKTEST_LIMIT,
  });
  const range = {
    ...(query.from === undefined ? {} : { from: query.from }),
    ...(query.to === undefined ? {} : { to: query.to }),
  };
  return backtest({ candidate, recorded, range, startedAt });
}
