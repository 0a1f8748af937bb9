/**
 * The bench's own small drivers of caseflow's API (bench/ does not import test/): open a case, find a
 * task, complete it, answer the survey, and see a case through to its end — each over HTTP with the shipped
 * development tokens, as a client of a running `npm start` would.
 */
import { caseWorkflowId } from '../workflows/messages';
import { isSampled } from '../workflows/engine/quality';
import type { PlanQuality } from '../definitions/plan';
import { expectJson, until } from './http';
import type { BenchSystem } from './system';

export interface CaseFields {
  subject: string;
  description: string;
  tier?: string;
}

/** A question the front line resolves at triage (consulting, standard tier: no follow-up). */
export const consulting: CaseFields = {
  subject: 'How do I change my delivery address?',
  description: 'Where is the setting?',
};

let customers = 0;

/** A customer id of its own for each case (most contacts come from different customers). */
export function nextCustomerId(system: BenchSystem): string {
  customers += 1;
  return `cu-bench-${system.schema.slice(-8)}-${customers}`;
}

/** POST /cases as intake; answers the case id and its customer (201: the case is projected). */
export async function openCase(
  system: BenchSystem,
  fields: CaseFields = consulting,
): Promise<{ id: string; customerId: string }> {
  const customerId = nextCustomerId(system);
  const res = await expectJson(201, 'POST', `${system.url}/cases`, {
    token: 'dev-intake',
    body: {
      channel: 'email',
      customer: {
        id: customerId,
        email: 'li.wei@example.com',
        ...(fields.tier ? { tier: fields.tier } : {}),
      },
      subject: fields.subject,
      description: fields.description,
    },
  });
  return { id: (res.body as { id: string }).id, customerId };
}

interface TaskSummary {
  id: string;
  step: string;
  status: string;
  department: string;
}

/** The case's open (or claimed) task at `step`, once it is there (GET /cases/{id} as admin). */
export async function taskAt(system: BenchSystem, caseId: string, step: string): Promise<TaskSummary> {
  return until(async () => {
    const view = await expectJson(200, 'GET', `${system.url}/cases/${caseId}`, { token: 'dev-admin' });
    return (view.body as { tasks?: TaskSummary[] }).tasks?.find(
      (t) => t.step === step && (t.status === 'open' || t.status === 'claimed'),
    );
  }, `case ${caseId}: an open task at ${step}`);
}

/** POST /tasks/{id}/complete with the token of an agent of the task's department. */
export async function completeTask(
  system: BenchSystem,
  token: string,
  taskId: string,
  outcome: string,
  form?: Record<string, unknown>,
): Promise<void> {
  await expectJson(200, 'POST', `${system.url}/tasks/${taskId}/complete`, {
    token,
    body: { outcome, ...(form ? { form } : {}) },
  });
}

/** The token of the dev agent of a department (config/dev-auth.yaml names them after it). */
export const agentToken = (department: string): string => `dev-${department}`;

/** Finds the task at `step` and completes it as an agent of its department. */
export async function completeStep(
  system: BenchSystem,
  caseId: string,
  step: string,
  outcome: string,
  form?: Record<string, unknown>,
): Promise<void> {
  const task = await taskAt(system, caseId, step);
  await completeTask(system, agentToken(task.department), task.id, outcome, form);
}

/** The newest survey link's token the case sent that is not in `answered` yet. */
async function pendingSurveyToken(
  system: BenchSystem,
  caseId: string,
  answered: Set<string>,
): Promise<string | undefined> {
  const sent = await expectJson(200, 'GET', `${system.url}/cases/${caseId}/notifications`, {
    token: 'dev-admin',
  });
  const items = (sent.body as { items?: Array<{ data?: { kind?: string; token?: string } }> }).items ?? [];
  return items
    .map((n) => (n.data?.kind === 'survey' ? n.data.token : undefined))
    .find((t): t is string => typeof t === 'string' && !answered.has(t));
}

/** Waits for the case's survey link and answers it through /survey/{token} (the customer's side). */
export async function answerSurvey(
  system: BenchSystem,
  caseId: string,
  answers: Record<string, number | string>,
  answered: Set<string> = new Set(),
): Promise<void> {
  const token = await until(
    () => pendingSurveyToken(system, caseId, answered),
    `case ${caseId}: the survey link`,
  );
  answered.add(token);
  await expectJson(200, 'POST', `${system.url}/survey/${token}`, { body: answers });
}

export const goodScores = { speed: 5, ability: 5, attitude: 4 };
export const badScores = { speed: 1, ability: 3, attitude: 3, comment: 'too slow' };

/** Waits until the case's status in GET /cases/{id} is `status`. */
export async function untilStatus(system: BenchSystem, caseId: string, status: string): Promise<void> {
  await until(async () => {
    const view = await expectJson(200, 'GET', `${system.url}/cases/${caseId}`, { token: 'dev-admin' });
    return (view.body as { status?: string }).status === status ? true : undefined;
  }, `case ${caseId}: status ${status}`);
}

/** True when the quality sampling of the plan picks this case (it then waits for a review task). */
export function sampled(caseId: string, quality: PlanQuality | undefined): boolean {
  return isSampled(caseId, quality);
}

/** Waits for the case workflow to end (its history is then complete). */
export async function caseEnded(system: BenchSystem, caseId: string): Promise<void> {
  await system.client.workflow.getHandle(caseWorkflowId(caseId)).result();
}

/**
 * Sees a case to its end from wherever its path left it: confirms a follow-up the front line gets (a VIP or
 * an urgent case), answers a survey link with `scores`, and waits until the case workflow has ended.
 */
export async function finishCase(
  system: BenchSystem,
  caseId: string,
  scores: Record<string, number | string> = goodScores,
  answered: Set<string> = new Set(),
): Promise<void> {
  const handle = system.client.workflow.getHandle(caseWorkflowId(caseId));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if ((await handle.describe()).status.name !== 'RUNNING') return;
    if (Date.now() > deadline) throw new Error(`case ${caseId} did not end within 120 s`);
    const view = await expectJson(200, 'GET', `${system.url}/cases/${caseId}`, { token: 'dev-admin' });
    const followUp = (view.body as { tasks?: TaskSummary[] }).tasks?.find(
      (t) => t.step === 'follow-up' && (t.status === 'open' || t.status === 'claimed'),
    );
    if (followUp) await completeTask(system, agentToken(followUp.department), followUp.id, 'confirmed');
    const token = await pendingSurveyToken(system, caseId, answered);
    if (token) {
      answered.add(token);
      await expectJson(200, 'POST', `${system.url}/survey/${token}`, { body: scores });
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
