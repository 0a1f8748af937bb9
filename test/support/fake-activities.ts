/**
 * The case activities of the tests that run the workflows without PostgreSQL (jest project `temporal`, and
 * the history generator, test/histories/generate.ts): every business system, notification channel and
 * survey link answers at once, projections go nowhere, and what the workflow asked for is recorded when the
 * test wants to look. One set, so the histories a test records and the saved ones were made alike.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { BusinessCallRequest, CaseActivities, NotificationRequest } from '../../activities/types';
import type { Plan } from '../../definitions/plan';
import type { CaseView, TemplateRef } from '../../workflows/messages';

/** What the workflow asked its activities for, in order. */
export interface Recorded {
  projections: CaseView[];
  notifications: NotificationRequest[];
  calls: BusinessCallRequest[];
}

export const recorder = (): Recorded => ({ projections: [], notifications: [], calls: [] });

/** The template registry of the fake activities, by sha256: what `loadPlan` serves (registerPlan). */
const fakeRegistry = new Map<string, Plan>();

/** Publishes a plan to the fake registry, so a case started by reference (`template`) can load it. */
export function registerPlan(plan: Plan): TemplateRef {
  fakeRegistry.set(plan.sha256, plan);
  return { name: plan.name, version: plan.version, sha256: plan.sha256 };
}

/**
 * The fake activities. A business call to a URL containing "fail" is refused for good (503, not retried),
 * so a plan can take its onFailure branch; every other call answers 200 `{ ok: true }`. A projection takes
 * 20 ms, as a write would, so the workflow goes on while it is under way. `overrides` replaces any of them.
 */
export function fakeActivities(
  rec: Recorded = recorder(),
  overrides: Partial<CaseActivities> = {},
): CaseActivities {
  return {
    loadPlan: (template) => {
      const plan = fakeRegistry.get(template.sha256);
      return plan
        ? Promise.resolve(plan)
        : Promise.reject(ApplicationFailure.nonRetryable(`no plan ${template.sha256}`, 'PlanNotFound'));
    },
    projectCase: async (view) => {
      rec.projections.push(view);
      await new Promise((resolve) => setTimeout(resolve, 20));
    },
    sendNotification: (request) => {
      rec.notifications.push(request);
      return Promise.resolve({
        id: request.id,
        sentOn: request.channel,
        attempts: [{ channel: request.channel, ok: true }],
      });
    },
    callBusinessSystem: (request) => {
      rec.calls.push(request);
      return request.url.includes('fail')
        ? Promise.reject(ApplicationFailure.nonRetryable('503 Service Unavailable', 'BusinessCallFailed'))
        : Promise.resolve({ status: 200, body: { ok: true } });
    },
    issueSurveyLink: (request) =>
      Promise.resolve({
        token: `token-${request.stepId}`,
        url: `https://caseflow.example/survey/token-${request.stepId}`,
      }),
    recordCaseMessage: () => Promise.resolve(),
    // No model unless a test brings one (overrides.suggestTriage).
    suggestTriage: () => Promise.resolve({ none: 'no triage model (fake activities)' }),
    ...overrides,
  };
}
