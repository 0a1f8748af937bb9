import { Router, type Request } from 'express';
import type { UpdateDefinition } from '@temporalio/client';
import { getTask, listTasks } from '../../db/tasks';
import {
  caseStateQuery,
  caseWorkflowId,
  claimTaskUpdate,
  completeTaskUpdate,
  handoffTaskUpdate,
  reassignTaskUpdate,
  releaseTaskUpdate,
  type CaseView,
  type TaskActionBase,
  type TaskView,
} from '../../workflows/messages';
import { taskResource } from '../audit-trail';
import { mayActForDepartment, requireRole, type AuthPrincipal } from '../auth';
import type { ApiContext } from '../context';
import { pageOf, taskSchema } from '../openapi/components';
import { describe, type RouteDoc } from '../openapi/describe';
import { withUpdateId } from '../idempotency';
import { HttpProblem } from '../problem';
import { completeTaskBody, handoffTaskBody, idParams, reassignTaskBody, taskListQuery } from '../schemas';
import { completionBody, withForms } from '../task-form';
import { problemFromTemporal } from '../temporal-errors';
import { parse } from '../validate';

/**
 * Department inboxes read from the PostgreSQL projection; every change to a task is a Temporal Update on
 * its case, so the workflow decides (and its validator refuses what is not allowed) and the answer comes
 * back only after the projection is written.
 */
const listDoc = describe({
  summary: 'A department inbox: tasks ordered by priority, then due time',
  description: 'Agents see their departments only (another department is 403); auditors see all.',
  tags: ['tasks'],
  roles: ['agent', 'auditor'],
  query: taskListQuery,
  responses: { 200: { description: 'A page of tasks', schema: pageOf(taskSchema, 'TaskPage') } },
  audit: { action: 'task.list', resource: () => 'tasks' },
});
const getDoc = describe({
  summary: 'One task',
  description: 'A task of another department is 404, so its id is not confirmed.',
  tags: ['tasks'],
  roles: ['agent', 'auditor'],
  params: idParams,
  responses: { 200: { description: 'The task', schema: taskSchema } },
  audit: { action: 'task.read', resource: taskResource },
});
/**
 * Task actions: the case workflow decides through a Temporal Update (409 not open / not yours, 422 invalid).
 * With an Idempotency-Key the answer is stored and replayed, and the update id is derived from the key, so a
 * retry after the API died unanswered still reaches the same update (applied once, answered alike).
 */
const actionDoc = (summary: string, body?: RouteDoc['body']): RouteDoc => ({
  summary,
  tags: ['tasks'],
  roles: ['agent'],
  params: idParams,
  ...(body ? { body } : {}),
  responses: { 200: { description: 'The task after the action', schema: taskSchema } },
  errors: [409, 422],
  idempotent: true,
});

export function tasksRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/tasks', listDoc, async (req, res) => {
    const principal = requireRole(req, 'agent', 'auditor');
    const query = parse(taskListQuery, req, 'query');
    const seesAll = principal.roles.some((r) => r === 'admin' || r === 'auditor');
    if (!seesAll && query.department && !mayActForDepartment(principal, query.department)) {
      throw new HttpProblem(403, 'Forbidden', `You are not an agent of department ${query.department}.`);
    }
    const page = await listTasks(ctx.pool, {
      ...query,
      ...(seesAll || query.department ? {} : { departments: principal.departments }),
    });
    const next = query.offset + page.items.length;
    const items = await withForms(ctx.pool, page.items);
    res.json({ ...page, items, ...(next < page.total ? { nextCursor: String(next) } : {}) });
  });

  router.get('/tasks/:id', getDoc, async (req, res) => {
    const principal = requireRole(req, 'agent', 'auditor');
    const [task] = await withForms(ctx.pool, [await readableTask(ctx, req, principal)]);
    res.json(task);
  });

  const action = <A extends TaskActionBase>(
    path: string,
    update: UpdateDefinition<CaseView, [A]>,
    args: (req: Request, base: TaskActionBase) => A,
    doc: RouteDoc,
  ) => {
    const audit = { action: `task.${path}`, resource: taskResource };
    router.post(`/tasks/:id/${path}`, describe({ ...doc, audit }), async (req, res) => {
      const principal = requireRole(req, 'agent');
      const task = await readableTask(ctx, req, principal);
      const base: TaskActionBase = {
        taskId: task.id,
        // Departments and leads travel with the action: the case decides who may reassign (docs/security.md).
        principal: {
          name: principal.name,
          roles: principal.roles,
          departments: principal.departments,
          leads: principal.leads,
        },
      };
      let view: CaseView;
      try {
        view = await ctx.client.workflow
          .getHandle(caseWorkflowId(task.caseId))
          .executeUpdate(update, { args: [args(req, base)], ...withUpdateId(req) });
      } catch (err) {
        throw problemFromTemporal(err, task.caseId);
      }
      res.json(view.tasks.find((t) => t.id === task.id) ?? view);
    });
  };
  action('claim', claimTaskUpdate, (_req, base) => base, actionDoc('Claim a task (assign it to me)'));
  action('release', releaseTaskUpdate, (_req, base) => base, actionDoc('Release a claimed task'));
  action(
    'complete',
    completeTaskUpdate,
    (req, base) => ({ ...base, ...completionBody(req) }),
    actionDoc('Complete a task with an outcome and form data', { schema: completeTaskBody }),
  );
  action(
    'handoff',
    handoffTaskUpdate,
    (req, base) => ({ ...base, ...parse(handoffTaskBody, req, 'body') }),
    actionDoc('Hand a task off to another department, with a reason', { schema: handoffTaskBody }),
  );
  action(
    'reassign',
    reassignTaskUpdate,
    (req, base) => {
      const body = parse(reassignTaskBody, req, 'body');
      return { ...base, ...body, ...assigneeOf(ctx, body.assignee) };
    },
    actionDoc('Reassign a task to an agent or a department', { schema: reassignTaskBody }),
  );

  return router;
}

/**
 * What the principals file says about a reassign's assignee, for the case to decide: an agent's departments,
 * none for a principal who is no agent, `unknown` for a name nobody has.
 */
function assigneeOf(
  ctx: ApiContext,
  name: string | undefined,
): { assigneeDepartments?: string[] | 'unknown' } {
  if (name === undefined) return {};
  const target = ctx.auth.byName(name);
  if (!target) return { assigneeDepartments: 'unknown' };
  return { assigneeDepartments: target.roles.includes('agent') ? target.departments : [] };
}

/** Task ids are `<caseId>-t<n>` (workflows/engine/tasks.ts), so a task names its case. */
const caseOfTask = (taskId: string): string | undefined => /^(.+)-t\d+$/.exec(taskId)?.[1];

/**
 * The task, if the principal may see it; a task of another department is a 404, not a 403. The inbox
 * projection answers first; a task opened a moment ago by a signal or timer may not be projected yet, so
 * then the case itself is asked.
 */
async function readableTask(ctx: ApiContext, req: Request, principal: AuthPrincipal): Promise<TaskView> {
  const { id } = parse(idParams, req, 'params');
  const task = (await getTask(ctx.pool, id)) ?? (await liveTask(ctx, id));
  const seesAll = principal.roles.some((r) => r === 'admin' || r === 'auditor');
  const visible =
    task &&
    (seesAll ||
      mayActForDepartment(principal, task.department) ||
      (task.coordinator !== undefined && mayActForDepartment(principal, task.coordinator)));
  if (!task || !visible) throw new HttpProblem(404, 'Not Found', `No task ${id}.`);
  return task;
}

async function liveTask(ctx: ApiContext, taskId: string): Promise<TaskView | undefined> {
  const caseId = caseOfTask(taskId);
  if (!caseId) return undefined;
  try {
    const view = await ctx.client.workflow.getHandle(caseWorkflowId(caseId)).query(caseStateQuery);
    return view.tasks.find((t) => t.id === taskId);
  } catch {
    return undefined;
  }
}
