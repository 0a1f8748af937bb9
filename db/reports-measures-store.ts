import type { PoolClient } from 'pg';
import type { Plan } from '../definitions/plan';
import type { CaseView } from '../workflows/messages';
import { caseMeasures } from './reports-measures';

/** Published versions are immutable (SPEC §3), so a plan read once is good for the life of the process. */
const plans = new Map<string, Plan | undefined>();

async function planOf(client: PoolClient, view: CaseView): Promise<Plan | undefined> {
  const key = `${view.template.name}\n${view.template.version}\n${view.template.sha256}`;
  if (plans.has(key)) return plans.get(key);
  const res = await client.query<{ plan: Plan }>(
    'SELECT plan FROM templates WHERE name = $1 AND version = $2 AND sha256 = $3',
    [view.template.name, view.template.version, view.template.sha256],
  );
  const plan = res.rows[0]?.plan;
  // A case started from a plan the registry does not hold (tests, imports) is measured without SLA targets.
  if (plan) plans.set(key, plan);
  return plan;
}

/**
 * Writes the report measures of a case onto its projection row, in the projection's transaction. Only the
 * row of this very revision is touched: when a newer revision is already there, its measures stay.
 */
export async function recordCaseMeasures(
  client: PoolClient,
  view: CaseView,
  now = Date.now(),
): Promise<void> {
  const m = caseMeasures(view, await planOf(client, view), now);
  await client.query(
    `UPDATE cases SET first_response_at = $3, resolved_at = $4, ended_at = $5, response_target_ms = $6,
       resolution_target_ms = $7, response_business_ms = $8, resolution_business_ms = $9, response_due_at = $10,
       resolution_due_at = $11, response_met = $12, resolution_met = $13, reopen_count = $14,
       escalation_count = $15, handoff_count = $16, first_contact_resolution = $17, survey_sent_at = $18,
       survey_answered_at = $19, survey_scores = $20
     WHERE id = $1 AND revision = $2`,
    [
      view.id,
      view.revision,
      m.firstResponseAt ?? null,
      m.resolvedAt ?? null,
      m.endedAt ?? null,
      m.responseTargetMs ?? null,
      m.resolutionTargetMs ?? null,
      m.responseBusinessMs === undefined ? null : Math.round(m.responseBusinessMs),
      m.resolutionBusinessMs === undefined ? null : Math.round(m.resolutionBusinessMs),
      m.responseDueAt ?? null,
      m.resolutionDueAt ?? null,
      m.responseMet ?? null,
      m.resolutionMet ?? null,
      m.reopenCount,
      m.escalationCount,
      m.handoffCount,
      m.firstContactResolution,
      m.surveySentAt ?? null,
      m.surveyAnsweredAt ?? null,
      m.surveyScores ? JSON.stringify(m.surveyScores) : null,
    ],
  );
}
