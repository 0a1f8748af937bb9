/**
 * The compiled plan a case runs, loaded once at the start of each run of the case workflow (a local
 * activity: one marker in the history, no task queue round trip). The case's start arguments name the
 * published version by reference (name, version, sha256) instead of carrying its ~15 KB plan, which the
 * customer workflow's update, the child's start and every continue-as-new repeated (issue 13,
 * docs/performance.md). Published versions are immutable (SPEC §3): the registry read is cached per process
 * (db/template-plans.ts), so every case of a version after the first costs no query.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import { templatePlan } from '../db/template-plans';
import type { Plan } from '../definitions/plan';
import type { TemplateRef } from '../contract';

/** Error type of a plan the registry does not hold, or holds with other content: not retried. */
export const PLAN_NOT_FOUND = 'PlanNotFound';

export async function loadPlan(pool: Pool, ref: TemplateRef): Promise<Plan> {
  const plan = await templatePlan(pool, ref);
  // The query already asks for this sha256; checked again so a cache or registry mix-up can never hand a
  // case another version's plan.
  if (
    plan === undefined ||
    plan.sha256 !== ref.sha256 ||
    plan.name !== ref.name ||
    plan.version !== ref.version
  )
    throw ApplicationFailure.nonRetryable(
      `template ${ref.name} v${ref.version} (sha256 ${ref.sha256}) is not in the registry`,
      PLAN_NOT_FOUND,
    );
  return plan;
}
