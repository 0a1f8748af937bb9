/**
 * Continuity: one workflow per customer (`customer-<customerId>`) decides, one contact at a time, whether
 * a contact opens a new case or joins the open one. Temporal runs a workflow's handlers one after another on
 * one thread, so this is race-free without locks: the decision and the bookkeeping happen synchronously,
 * before the first await.
 */
import {
  ApplicationFailure,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { caseWorkflow } from './case.workflow';
import {
  caseClosedSignal,
  caseWorkflowId,
  CaseErrorTypes,
  customerContactSignal,
  openCasesQuery,
  openOrJoinCaseUpdate,
  type CustomerWorkflowArgs,
  type OpenOrJoinCaseArgs,
  type OpenOrJoinCaseResult,
} from './messages';

interface CustomerState {
  kind: 'customer-state';
  /** Open cases, oldest first; a repeat contact joins the newest. */
  open: string[];
  /** Recent answers by request caseId, so a retried request gets the same answer and no second effect. */
  recent: Array<{ request: string; result: OpenOrJoinCaseResult }>;
}

const RECENT_LIMIT = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

const isCarried = (value: unknown): value is CustomerState =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'customer-state';

/** The customer's continuity workflow. Ends after `idleMs` with no open case (a new contact starts it again). */
export async function customerWorkflow(args: CustomerWorkflowArgs): Promise<void> {
  const state: CustomerState = isCarried(args.carried)
    ? args.carried
    : { kind: 'customer-state', open: [], recent: [] };
  /** Starts under way: a contact that joins a case being started waits for the start first. */
  const starting = new Map<string, Promise<unknown>>();
  const answering = new Map<string, Promise<OpenOrJoinCaseResult>>();
  let activity = 0;

  setHandler(caseClosedSignal, ({ caseId }) => {
    state.open = state.open.filter((id) => id !== caseId);
    activity += 1;
  });
  setHandler(openCasesQuery, () => [...state.open]);

  const open = async (request: OpenOrJoinCaseArgs): Promise<OpenOrJoinCaseResult> => {
    state.open.push(request.caseId);
    const started = startChild(caseWorkflow, {
      workflowId: caseWorkflowId(request.caseId),
      args: [
        {
          caseId: request.caseId,
          // By reference: the case loads its plan (issue 13). A contact carrying the plan inline passes it on.
          ...(request.template !== undefined ? { template: request.template } : { plan: request.plan }),
          input: request.input,
          openedBy: request.openedBy,
          openedAt: request.openedAt,
        },
      ],
      // The case outlives this workflow (which may end or continue as new); it tells us when it closes.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    starting.set(request.caseId, started);
    try {
      await started;
    } catch (error) {
      state.open = state.open.filter((id) => id !== request.caseId);
      throw ApplicationFailure.create({
        type: CaseErrorTypes.Conflict,
        message: `case ${request.caseId} could not start: ${String(error)}`,
        nonRetryable: true,
      });
    } finally {
      starting.delete(request.caseId);
    }
    return { caseId: request.caseId, merged: false };
  };

  setHandler(
    openOrJoinCaseUpdate,
    async (request) => {
      activity += 1;
      const earlier = state.recent.find((r) => r.request === request.caseId);
      if (earlier !== undefined) return earlier.result;
      // A retry that arrives while the first attempt is still being answered shares its answer.
      const pending = answering.get(request.caseId);
      if (pending !== undefined) return pending;
      const answer = openOrJoin(request);
      answering.set(request.caseId, answer);
      try {
        const result = await answer;
        state.recent = [...state.recent, { request: request.caseId, result }].slice(-RECENT_LIMIT);
        return result;
      } finally {
        answering.delete(request.caseId);
      }
    },
    {
      validator: (request: OpenOrJoinCaseArgs) => {
        if (request.input.customer.id !== args.customerId)
          throw ApplicationFailure.create({
            type: CaseErrorTypes.Invalid,
            message: `contact of customer ${request.input.customer.id} sent to ${args.customerId}`,
            nonRetryable: true,
          });
        if (request.template === undefined && request.plan === undefined)
          throw ApplicationFailure.create({
            type: CaseErrorTypes.Invalid,
            message: 'a contact names no template',
            nonRetryable: true,
          });
      },
    },
  );

  async function openOrJoin(request: OpenOrJoinCaseArgs): Promise<OpenOrJoinCaseResult> {
    // Decided synchronously: a second contact handled meanwhile already sees this one's case in `open`.
    const target = state.open[state.open.length - 1];
    if (target === request.caseId) return { caseId: target, merged: false };
    const merge = request.mergeOpenCase ?? request.plan?.continuity.mergeOpenCase ?? false;
    if (target === undefined || !merge) return open(request);
    await starting.get(target);
    try {
      await getExternalWorkflowHandle(caseWorkflowId(target)).signal(customerContactSignal, {
        input: request.input,
        principal: request.openedBy,
        at: request.openedAt,
      });
      return { caseId: target, merged: true };
    } catch (error) {
      // The case ended a moment ago and its caseClosed signal is still on the way: open a new one.
      log.info('open case gone, opening a new one', { target, error: String(error) });
      state.open = state.open.filter((id) => id !== target);
      return open(request);
    }
  }

  const idleMs = args.idleMs ?? DAY_MS;
  for (;;) {
    const seen = activity;
    const stirred = await condition(
      () => activity !== seen || workflowInfo().continueAsNewSuggested,
      state.open.length === 0 ? idleMs : DAY_MS,
    );
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof customerWorkflow>({ ...args, carried: state });
    }
    if (!stirred && state.open.length === 0 && allHandlersFinished()) return;
  }
}
