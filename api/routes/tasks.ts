import { Router, type Request } from 'express';
import { claimTask, completeTask, handoffTask, reassignTask, releaseTask } from '../../tasks/task-actions';
import { listTasks } from '../../tasks/list-tasks';
import { readTask } from '../../tasks/read-task';
import type { TaskActionInput, TaskAfterAction } from '../../tasks/task-actions';
import { taskResource } from '../audit-trail';
import { actionRoles } from '../../access/policy';
import { authorise } from '../auth';
import type { ApiContext } from '../context';
import { withUpdateId } from '../idempotency';
import { pageOf, taskSchema } from '../openapi/components';
import { describe, type RouteDoc } from '../openapi/describe';
import { completeTaskBody, handoffTaskBody, idParams, reassignTaskBody, taskListQuery } from '../schemas';
import { completionBody } from '../task-form';
import { parse } from '../validate';

/**
 * Task routes: department inboxes read from the PostgreSQL projection; every change to a task is a Temporal
 * Update on its case, so the workflow decides (and its validator refuses what is not allowed) and the answer
 * comes back only after the projection is written. Each route parses, passes the role gate
 * (access/policy.ts), calls its use case in tasks/ and answers.
 */
const listDoc = describe({
  summary: 'A department inbox: tasks ordered by priority, then due time',
  description: 'Agents see their departments only (another department is 403); auditors see all.',
  tags: ['tasks'],
  roles: actionRoles['task.list'],
  query: taskListQuery,
  responses: { 200: { description: 'A page of tasks', schema: pageOf(taskSchema, 'TaskPage') } },
  audit: { action: 'task.list', resource: () => 'tasks' },
});
const getDoc = describe({
  summary: 'One task',
  description: 'A task of another department is 404, so its id is not confirmed.',
  tags: ['tasks'],
  roles: actionRoles['task.read'],
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
    const principal = authorise(req, 'task.list');
    const filter = parse(taskListQuery, req, 'query');
    res.json(await listTasks(ctx, { principal, filter }));
  });

  router.get('/tasks/:id', getDoc, async (req, res) => {
    const principal = authorise(req, 'task.read');
    const { id } = parse(idParams, req, 'params');
    res.json(await readTask(ctx, { principal, taskId: id }));
  });

  const action = (
    path: 'claim' | 'release' | 'complete' | 'handoff' | 'reassign',
    doc: RouteDoc,
    run: (req: Request, input: TaskActionInput) => Promise<TaskAfterAction>,
  ) => {
    const audit = { action: `task.${path}`, resource: taskResource };
    router.post(`/tasks/:id/${path}`, describe({ ...doc, audit }), async (req, res) => {
      const principal = authorise(req, `task.${path}`);
      const { id } = parse(idParams, req, 'params');
      res.json(await run(req, { principal, taskId: id, ...withUpdateId(req) }));
    });
  };
  action('claim', actionDoc('Claim a task (assign it to me)'), (_req, input) => claimTask(ctx, input));
  action('release', actionDoc('Release a claimed task'), (_req, input) => releaseTask(ctx, input));
  action(
    'complete',
    actionDoc('Complete a task with an outcome and form data', { schema: completeTaskBody }),
    (req, input) => completeTask(ctx, { ...input, details: () => completionBody(req) }),
  );
  action(
    'handoff',
    actionDoc('Hand a task off to another department, with a reason', { schema: handoffTaskBody }),
    (req, input) => handoffTask(ctx, { ...input, details: () => parse(handoffTaskBody, req, 'body') }),
  );
  action(
    'reassign',
    actionDoc('Reassign a task to an agent or a department', { schema: reassignTaskBody }),
    (req, input) => reassignTask(ctx, { ...input, details: () => parse(reassignTaskBody, req, 'body') }),
  );

  return router;
}
