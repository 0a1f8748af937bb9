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
import { mayActForDepartment, requireRole, type AuthPrincipal } from '../auth';
import type { ApiContext } from '../context';
import { HttpProblem } from '../problem';
import { completeTaskBody, handoffTaskBody, idParams, reassignTaskBody, taskListQuery } from '../schemas';
import { problemFromTemporal } from '../temporal-errors';
import { parse } from '../validate';

/**
 * Department inboxes read from the PostgreSQL projection; every change to a task is a Temporal Update on
 * its case, so the workflow decides (and its validator refuses what is not allowed) and the answer comes
 * back only after the projection is written.
 */
export function tasksRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/tasks', async (req, res) => {
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
    res.json({ ...page, ...(next < page.total ? { nextCursor: String(next) } : {}) });
  });

  router.get('/tasks/:id', async (req, res) => {
    const principal = requireRole(req, 'agent', 'auditor');
    res.json(await readableTask(ctx, req, principal));
  });

  const action = <A extends TaskActionBase>(
    path: string,
    update: UpdateDefinition<CaseView, [A]>,
    args: (req: Request, base: TaskActionBase) => A,
  ) => {
    router.post(`/tasks/:id/${path}`, async (req, res) => {
      const principal = requireRole(req, 'agent');
      const task = await readableTask(ctx, req, principal);
      const base: TaskActionBase = {
        taskId: task.id,
        principal: { name: principal.name, roles: principal.roles },
      };
      let view: CaseView;
      try {
        view = await ctx.client.workflow
          .getHandle(caseWorkflowId(task.caseId))
          .executeUpdate(update, { args: [args(req, base)] });
      } catch (err) {
        throw problemFromTemporal(err, task.caseId);
      }
      res.json(view.tasks.find((t) => t.id === task.id) ?? view);
    });
  };
  action('claim', claimTaskUpdate, (_req, base) => base);
  action('release', releaseTaskUpdate, (_req, base) => base);
  action('complete', completeTaskUpdate, (req, base) => ({
    ...base,
    ...parse(completeTaskBody, req, 'body'),
  }));
  action('handoff', handoffTaskUpdate, (req, base) => ({ ...base, ...parse(handoffTaskBody, req, 'body') }));
  action('reassign', reassignTaskUpdate, (req, base) => ({
    ...base,
    ...parse(reassignTaskBody, req, 'body'),
  }));

  return router;
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
