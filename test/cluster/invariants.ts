/**
 * What must hold after the faults, read from the two records that could disagree: Temporal (each case
 * workflow's own state, through its query) and PostgreSQL (the projections the API serves). Each check
 * returns the violations it found, so a failure lists every one rather than the first.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { historyToJson } from '../../audit/history-json';
import { currentWorkflowBundle, quietReplayRuntime, replayHistory } from '../../audit/replay';
import { caseWorkflowId, type CaseView } from '../../workflows/messages';
import { finalCaseView } from '../support/final-view';
import type { DrillCase } from './drill';

/** Every case the clients opened exists once in Temporal and once in the case index, and nothing else. */
export async function casesExactlyOnce(client: Client, pool: Pool, drilled: DrillCase[]): Promise<string[]> {
  const problems: string[] = [];
  const expected = new Set(drilled.map((c) => c.id));
  if (expected.size !== drilled.length)
    problems.push(`clients were given ${drilled.length - expected.size} duplicate case ids`);

  const runs = new Map<string, number>();
  for await (const execution of client.workflow.list({
    query: `WorkflowType = 'caseWorkflow' AND ExecutionStatus != 'ContinuedAsNew'`,
  })) {
    runs.set(execution.workflowId, (runs.get(execution.workflowId) ?? 0) + 1);
  }
  for (const id of expected) {
    const count = runs.get(caseWorkflowId(id)) ?? 0;
    if (count !== 1) problems.push(`case ${id}: ${count} workflow executions in Temporal`);
  }
  for (const workflowId of runs.keys()) {
    if (![...expected].some((id) => caseWorkflowId(id) === workflowId))
      problems.push(`${workflowId}: a case no client opened`);
  }

  const rows = await pool.query<{ id: string }>('SELECT id FROM cases');
  const indexed = new Set(rows.rows.map((r) => r.id));
  for (const id of expected) if (!indexed.has(id)) problems.push(`case ${id}: missing from the case index`);
  for (const id of indexed)
    if (!expected.has(id)) problems.push(`case ${id}: in the case index but opened by no client`);
  return problems;
}

/** The workflow's own final view of every case: what each run returned when it ended. */
export async function workflowViews(client: Client, ids: string[]): Promise<Map<string, CaseView>> {
  const views = new Map<string, CaseView>();
  for (const id of ids) {
    views.set(id, await finalCaseView(client, id));
  }
  return views;
}

/**
 * Every history replays through today's code without a divergence: a worker that dies and another that
 * picks the case up must take the same decisions. A diverging history is kept in `keepDir` to study.
 */
export async function historiesReplay(client: Client, ids: string[], keepDir: string): Promise<string[]> {
  const problems: string[] = [];
  quietReplayRuntime();
  const options = { workflowBundle: await currentWorkflowBundle() };
  for (const id of ids) {
    const workflowId = caseWorkflowId(id);
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const verdict = await replayHistory(history, workflowId, options);
    if (verdict.deterministic) continue;
    mkdirSync(keepDir, { recursive: true });
    const file = join(keepDir, `${workflowId}.history.json`);
    writeFileSync(file, JSON.stringify(historyToJson(history)));
    problems.push(`case ${id}: replay diverges (${verdict.divergence}); history kept in ${file}`);
  }
  return problems;
}

/** The case index row and every task row equal the workflow's state: the inbox never lies. */
export async function projectionsMatch(pool: Pool, views: Map<string, CaseView>): Promise<string[]> {
  const problems: string[] = [];
  const cases = await pool.query<Record<string, any>>(
    'SELECT id, status, category, department, priority, step, revision FROM cases',
  );
  const tasks = await pool.query<Record<string, any>>(
    'SELECT id, case_id, status, assignee, department, step FROM tasks',
  );
  const caseRows = new Map(cases.rows.map((r) => [r.id as string, r]));
  for (const [id, view] of views) {
    const row = caseRows.get(id);
    if (!row) continue; // reported by casesExactlyOnce
    const fields: Array<[string, unknown, unknown]> = [
      ['status', row.status, view.status],
      ['category', row.category, view.category ?? null],
      ['department', row.department, view.department ?? null],
      ['priority', row.priority, view.priority ?? null],
      ['step', row.step, view.step ?? null],
      ['revision', row.revision, view.revision],
    ];
    for (const [field, projected, actual] of fields) {
      if (projected !== actual)
        problems.push(`case ${id}: ${field} projected ${String(projected)}, workflow has ${String(actual)}`);
    }
    const rows = tasks.rows.filter((t) => t.case_id === id);
    if (rows.length !== view.tasks.length) {
      problems.push(`case ${id}: ${rows.length} task rows, the workflow has ${view.tasks.length} tasks`);
    }
    for (const task of view.tasks) {
      const taskRow = rows.find((r) => r.id === task.id);
      if (!taskRow) {
        problems.push(`task ${task.id}: not in the inbox`);
        continue;
      }
      for (const [field, projected, actual] of [
        ['status', taskRow.status, task.status],
        ['assignee', taskRow.assignee, task.assignee ?? null],
        ['department', taskRow.department, task.department],
      ] as const) {
        if (projected !== actual)
          problems.push(
            `task ${task.id}: ${field} projected ${String(projected)}, workflow has ${String(actual)}`,
          );
      }
    }
  }
  return problems;
}

/** Each escalation rung fired at most once for what it watches (a clock, or one task). */
export function rungsFiredOnce(views: Map<string, CaseView>): string[] {
  const problems: string[] = [];
  for (const [id, view] of views) {
    const seen = new Set<string>();
    for (const rung of view.escalations) {
      const key = `${rung.scope ?? 'case'}/${rung.id}/${rung.taskId ?? rung.clock ?? ''}`;
      if (seen.has(key)) problems.push(`case ${id}: rung ${key} fired twice`);
      seen.add(key);
    }
  }
  return problems;
}

/** Every completion a client was told happened is in the workflow exactly once, with its outcome. */
export function updatesAppliedOnce(views: Map<string, CaseView>, drilled: DrillCase[]): string[] {
  const problems: string[] = [];
  for (const c of drilled) {
    const view = views.get(c.id);
    if (!view) continue;
    for (const [taskId, outcome] of Object.entries(c.completed)) {
      const task = view.tasks.find((t) => t.id === taskId);
      if (task?.status !== 'completed')
        problems.push(
          `task ${taskId}: client saw it completed, workflow has ${task?.status ?? 'no such task'}`,
        );
      const decisions = view.decisions.filter((d) => d.what.startsWith(`task ${taskId} completed:`));
      if (decisions.length !== 1) problems.push(`task ${taskId}: completed ${decisions.length} times`);
      else if (decisions[0]!.what !== `task ${taskId} completed: ${outcome}`) {
        problems.push(`task ${taskId}: completed as "${decisions[0]!.what}", client asked for ${outcome}`);
      }
    }
    const completedTasks = view.tasks.filter((t) => t.status === 'completed').map((t) => t.id);
    for (const taskId of completedTasks) {
      if (!(taskId in c.completed)) problems.push(`task ${taskId}: completed though no client was told so`);
    }
  }
  return problems;
}
