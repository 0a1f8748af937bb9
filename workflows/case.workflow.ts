/**
 * The Temporal driver of one case: it feeds updates, signals, timers and activity results to the pure
 * engine (workflows/engine) and carries out the commands it returns. All decisions live in the engine;
 * this file only maps them onto Temporal (activities, one timer, updates with validators, a query, search
 * attributes, continue-as-new).
 */
import {
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  isCancellation,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { CaseActivities } from '../activities/types';
import type { SuggestionOutcome } from '../contract/suggestion';
import type { Plan } from '../definitions/plan';
import { applyEvent, nextWakeAt, startCase } from './engine/engine';
import { checkMigration, migrateCase } from './engine/migrate';
import type {
  CaseCommand,
  CaseEvent,
  CaseState,
  EngineContext,
  EngineResult,
  Rejection,
} from './engine/types';
import { toCaseView, toTaskView } from './engine/view';
import { inUpdateValidator } from '../definitions/expressions';
import { callActivity, notifyParentOfClose, upsertCaseSearchAttributes } from './case.effects';
import { boundedState } from './case.bounded';
import { caseLog, inWorkflowContext } from './case-log';
import { holdEarlyUpdates } from './early-updates';
import {
  cancelCaseUpdate,
  caseSignal,
  CaseErrorTypes,
  caseStateQuery,
  claimTaskUpdate,
  completeTaskUpdate,
  customerContactSignal,
  customerMessageSignal,
  handoffTaskUpdate,
  migrateCaseUpdate,
  migrationCheckQuery,
  reassignTaskUpdate,
  releaseTaskUpdate,
  submitSurveyUpdate,
  type CaseAnswer,
  type CaseRevision,
  type MigrateCaseArgs,
  type StartCaseArgs,
  type TaskActionAnswer,
  type TaskActionBase,
} from './messages';

/** Projections must land eventually: retried without limit, each attempt short. */
const { projectCase } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});
/**
 * The same projection as a local activity (issue 13, LEAN_HISTORY below): it runs inside the workflow task
 * that made the change, so the history records one marker (no input, an empty result) instead of three
 * activity events, the whole view as their input and a workflow task to hear the result; an update waiting
 * for its projection completes in that same task. Retried without limit as well: past a minute between
 * attempts, the SDK waits on a timer and tries again in a later task.
 */
const { projectCase: projectCaseLocally } = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});
/**
 * The plan, loaded once at the start of each run when the start arguments name it by reference (issue 13;
 * activities/plan.ts). Local: one marker in the history, no task queue round trip, and the worker's cache
 * answers every case of a version after the first. Retried without limit (PostgreSQL may be away a while),
 * except for a version the registry does not hold, which fails the case for good.
 */
const { loadPlan } = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});
/**
 * The learned triage suggestion (issue 17), scored once before the case opens, only when its plan has a
 * `suggestions` section (no plan before it has one, so their histories replay unchanged). Local, like the
 * plan's load: one marker with the answer. A model that cannot be read is no reason to hold a case back:
 * after a few attempts the case opens without one (engine/suggestion.ts records why).
 */
const { suggestTriage } = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumAttempts: 3 },
});
/**
 * Notifications and survey links must not be lost to an outage: retried without limit, at least once a
 * minute (the notification activity names its own next delay; only delivery may give up, and the outbox
 * records that). They run beside the flow, which goes on meanwhile; only continue-as-new and the end of
 * the case wait for them (docs/security.md, Notifications). A changed retry policy is not a new decision:
 * histories replay as before.
 */
const { sendNotification, issueSurveyLink } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/** What continue-as-new carries: the engine state, as is. */
interface CarriedCase {
  kind: 'case-state';
  state: CaseState;
}

const isCarriedCase = (value: unknown): value is CarriedCase =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'case-state';

/** The principal recorded when Temporal itself (an operator, a namespace tool) cancels the workflow. */
const TEMPORAL = { name: 'temporal', roles: ['system'] };

const failure = (rejection: Rejection): ApplicationFailure =>
  ApplicationFailure.create({
    type: CaseErrorTypes[rejection.type],
    message: rejection.message,
    nonRetryable: true,
    // The request field it is about, so the API's problem document can name it.
    ...(rejection.field !== undefined ? { details: [{ field: rejection.field }] } : {}),
  });

/**
 * Reassign rules (issue 11, docs/security.md): a reassign accepted before them replays as it was applied.
 * Validators never run on replay, so only the handler asks.
 */
const REASSIGN_RULES = 'reassign-rules';

/**
 * Claim and handoff rules (issue 11, docs/security.md "Who may claim, complete or hand off a task"): claims and
 * handoffs accepted before them replay as they were applied. As for reassign, only the handler asks.
 */
const CLAIM_HANDOFF_RULES = 'claim-handoff-rules';

/**
 * Completion rules (issue 11, docs/security.md "Who may claim, complete or hand off a task"): an unclaimed
 * task is completed only by an agent of its department or an admin. Completions accepted before replay as
 * they were applied; only the handler asks, the validator always applies the rule.
 */
const COMPLETION_RULES = 'completion-rules';

/**
 * A repeat contact prefers the last handler only for a task of a department they are an agent of (same
 * section). Asked by the contact's signal handler; contacts recorded before replay preferring them anywhere.
 */
const PREFER_HANDLER_DEPARTMENT = 'prefer-handler-department';

/**
 * Survey links signed at delivery (issue 11, docs/security.md "Survey links"): a survey sends only its link's
 * claims to the notification activity, which signs the token, so no live token enters the history. Asked
 * once at the start of each run (never in an update validator): a run recorded before replays issuing its
 * links through issueSurveyLink, a run continued as new signs at delivery.
 */
const SURVEY_LINK_AT_DELIVERY = 'survey-link-at-delivery';

/**
 * A leaner history (issue 13, docs/performance.md): projections run as local activities; the wake-up timer
 * stays armed while the next wake-up time does not move (before, every change cancelled it and started
 * another, two events a change); search attributes are upserted once per workflow task; and the patches
 * before this one are taken as given instead of each recording its marker. Asked once at the start of each
 * run: a run recorded before replays with activities, re-armed timers, an upsert a change and its markers.
 */
const LEAN_HISTORY = 'lean-history';

/** The type of the caseState query's answer while a case loads its plan (a moment after its start). */
const CASE_STARTING = 'CaseStarting';

/**
 * A case, from intake to its final status. Workflow id `case-<caseId>`. Returns its final status and
 * revision (issue 13; runs of older code returned the final CaseView): the final view is in the
 * projection, which the case writes before it ends, and in the caseState query.
 */
export async function caseWorkflow(args: StartCaseArgs): Promise<CaseAnswer> {
  // Asked first, before anything is awaited: a lean run began after every earlier patch existed, so it
  // records this one marker and asks no other (each marker is an event); a run recorded before asks each as
  // it did. Before the plan's load on purpose: asked after it, the marker lands in whichever workflow task
  // the local activity ends in, and a replay that meets it before the load's result breaks (found by the
  // fault suite: a query of a case whose load outlived its first workflow task).
  const lean = patched(LEAN_HISTORY);
  // A case started by reference has no state until its plan is loaded: a query meanwhile is told so (and
  // asked again) rather than finding no handler. Queries are not recorded, so this changes no history.
  setHandler(caseStateQuery, () => {
    throw ApplicationFailure.create({ type: CASE_STARTING, message: `case ${args.caseId} is starting` });
  });
  // Updates that arrive meanwhile wait for their handlers instead of being rejected (early-updates.ts).
  const early = holdEarlyUpdates([
    claimTaskUpdate,
    releaseTaskUpdate,
    completeTaskUpdate,
    handoffTaskUpdate,
    reassignTaskUpdate,
    cancelCaseUpdate,
    submitSurveyUpdate,
    migrateCaseUpdate,
  ]);
  // Swapped by a migration (migrateCase below): from then on the case runs, projects and answers on it.
  let plan = await planOf(args);
  /** What continue-as-new passes on: the start arguments, naming the version a migration moved the case to. */
  let runArgs = args;
  const since = (patch: string): boolean => lean || patched(patch);
  // Messages out of the state, capped lists, continue-as-new by bytes (case.bounded.ts).
  const bounded = boundedState(args.continueAsNewAtHistoryBytes, isCarriedCase(args.carried), lean);
  const signSurveyLinkAtDelivery = since(SURVEY_LINK_AT_DELIVERY);
  const project = lean ? projectCaseLocally : projectCase;
  const now = (): EngineContext => ({ now: Date.now(), signSurveyLinkAtDelivery });
  let state: CaseState;
  let projected = 0;
  let startCommands: CaseCommand[] = [];
  if (isCarriedCase(args.carried)) {
    state = args.carried.state;
    // The previous run projected everything before continuing as new.
    projected = state.revision;
  } else {
    const suggestion = plan.suggestions === undefined ? undefined : await suggestionFor(plan, args);
    const opened = startCase(
      plan,
      {
        caseId: args.caseId,
        input: args.input,
        openedBy: args.openedBy,
        openedAt: args.openedAt,
        suggestion,
      },
      now(),
    );
    if (!opened.ok) throw ApplicationFailure.nonRetryable(opened.rejection.message, CaseErrorTypes.Invalid);
    state = opened.state;
    startCommands = opened.commands;
  }
  /** Bumped on every change: the timer is re-armed whenever it moves. */
  let changes = 0;
  /** The search attributes last upserted (they survive continue-as-new): an upsert sends what changed. */
  let upserted = isCarriedCase(args.carried) ? args.carried.state.searchAttributes : undefined;
  let inFlight = 0;

  /**
   * A lean run upserts once per workflow task, the newest attributes: a task that changes the case
   * several times (a start, an update and the wake-up it causes) used to upsert after each change. The
   * upsert waits for the task's other work in a microtask, which still runs before the task completes.
   */
  let toUpsert: CaseState['searchAttributes'] | undefined;
  const upsertAtTaskEnd = (attributes: NonNullable<CaseState['searchAttributes']>): void => {
    const first = toUpsert === undefined;
    toUpsert = attributes;
    if (!first) return;
    void Promise.resolve().then(() => {
      if (toUpsert === undefined || !inWorkflowContext()) return;
      upsertCaseSearchAttributes(toUpsert, upserted);
      upserted = toUpsert;
      toUpsert = undefined;
    });
  };

  const track = (work: Promise<void>): void => {
    inFlight += 1;
    void work.finally(() => {
      inFlight -= 1;
    });
  };

  const accept = (result: Extract<EngineResult, { ok: true }>): void => {
    state = result.state;
    changes += 1;
    bounded.afterChange(state, track);
    for (const command of result.commands) execute(command);
  };

  /** Feeds an event that nobody waits on (signals, activity results, timers); a refusal is only logged. */
  const feed = (event: CaseEvent): void => {
    // An activity's answer that arrives after the run's context was disposed belongs to no workflow; the
    // next task replays the run and gets it again (workflows/case-log.ts).
    if (!inWorkflowContext()) return;
    const result = applyEvent(plan, state, event, now());
    if (result.ok) accept(result);
    else
      log.warn('case event refused', {
        caseId: state.caseId,
        event: event.kind,
        reason: result.rejection.message,
      });
  };

  function execute(command: CaseCommand): void {
    switch (command.kind) {
      case 'project':
        // The projection loop below writes the newest state; nothing to start here.
        return;
      case 'upsert-search-attributes':
        if (lean) return upsertAtTaskEnd(command.attributes);
        upsertCaseSearchAttributes(command.attributes, upserted);
        upserted = command.attributes;
        return;
      case 'notify':
        return track(
          sendNotification(command.request).then(
            (result) => {
              if (result.sentOn === null)
                caseLog.warn('notification not delivered', { id: command.request.id });
            },
            (error: unknown) =>
              caseLog.warn('notification failed', { id: command.request.id, error: String(error) }),
          ),
        );
      case 'call':
        return track(
          callActivity(command).then(
            (result) =>
              feed({ kind: 'call.succeeded', key: command.key, status: result.status, body: result.body }),
            (error: unknown) => feed({ kind: 'call.failed', key: command.key, error: describe(error) }),
          ),
        );
      case 'issue-survey-link':
        return track(
          issueSurveyLink(command.request).then(
            (link) =>
              feed({ kind: 'survey.link-issued', key: command.key, token: link.token, url: link.url }),
            (error: unknown) =>
              caseLog.error('survey link not issued', { key: command.key, error: String(error) }),
          ),
        );
      case 'complete-case':
        // The main loop sees state.finished and ends the workflow after the last projection.
        return;
      default: {
        const unknownCommand: never = command;
        throw new Error(`unknown command ${JSON.stringify(unknownCommand)}`);
      }
    }
  }

  /**
   * An update: validated without side effects, applied, and answered once its projection is written. The
   * answer is compact (issue 13: every Update's result is recorded in the history): see `answerTask` and
   * `answerCase`. Answers are payload only, not decisions: histories with whole views replay as before.
   */
  const update = <A, R>(
    toEvent: (args: A, inHandler: boolean) => CaseEvent,
    answer: (args: A, revision: CaseRevision) => R,
  ) => ({
    validator: (input: A): void => {
      const result = inUpdateValidator(() => applyEvent(plan, state, toEvent(input, false), now()));
      if (!result.ok) throw failure(result.rejection);
    },
    handler: async (input: A): Promise<R> => {
      // Re-checked here: another update may have changed the state since this one was validated.
      const result = applyEvent(plan, state, toEvent(input, true), now());
      if (!result.ok) throw failure(result.rejection);
      accept(result);
      const { caseId, status, revision } = result.state;
      await condition(() => projected >= revision);
      return answer(input, { caseId, status, revision });
    },
  });
  /** A task action answers the task after it (all the API returns), else the whole view, as before. */
  const answerTask = (a: TaskActionBase, revision: CaseRevision): TaskActionAnswer => {
    const task = state.tasks.find((t) => t.id === a.taskId);
    return task !== undefined
      ? { ...revision, task: toTaskView(plan, state, task) }
      : toCaseView(plan, state, Date.now());
  };
  /** Cancel and the survey answer the revision they made, projected: the API reads the view there. */
  const answerCase = (_a: unknown, revision: CaseRevision): CaseAnswer => revision;
  const register = <A extends TaskActionBase>(
    def: UpdateDefinition<TaskActionAnswer, [A]>,
    toEvent: (args: A, inHandler: boolean) => CaseEvent,
  ): void => {
    const { handler, validator } = update(toEvent, answerTask);
    early.register(def, handler, validator);
  };
  const registerCase = <A>(
    def: UpdateDefinition<CaseAnswer, [A]>,
    toEvent: (args: A, inHandler: boolean) => CaseEvent,
  ): void => {
    const { handler, validator } = update(toEvent, answerCase);
    early.register(def, handler, validator);
  };

  register(claimTaskUpdate, (a, inHandler) => ({
    kind: 'task.claim',
    taskId: a.taskId,
    principal: a.principal,
    ...(inHandler && !since(CLAIM_HANDOFF_RULES) ? { legacy: true } : {}),
  }));
  register(releaseTaskUpdate, (a) => ({ kind: 'task.release', taskId: a.taskId, principal: a.principal }));
  register(completeTaskUpdate, (a, inHandler) => ({
    kind: 'task.complete',
    taskId: a.taskId,
    outcome: a.outcome,
    ...(a.form !== undefined ? { form: a.form } : {}),
    ...(a.note !== undefined ? { note: a.note } : {}),
    principal: a.principal,
    ...(inHandler && !since(COMPLETION_RULES) ? { legacy: true } : {}),
  }));
  register(handoffTaskUpdate, (a, inHandler) => ({
    kind: 'task.handoff',
    taskId: a.taskId,
    department: a.department,
    reason: a.reason,
    principal: a.principal,
    ...(inHandler && !since(CLAIM_HANDOFF_RULES) ? { legacy: true } : {}),
  }));
  register(reassignTaskUpdate, (a, inHandler) => ({
    kind: 'task.reassign',
    taskId: a.taskId,
    principal: a.principal,
    ...(a.assignee !== undefined ? { assignee: a.assignee } : {}),
    ...(a.department !== undefined ? { department: a.department } : {}),
    ...(a.assigneeDepartments !== undefined ? { assigneeDepartments: a.assigneeDepartments } : {}),
    ...(inHandler && !since(REASSIGN_RULES) ? { legacy: true } : {}),
  }));
  registerCase(cancelCaseUpdate, (a) => ({ kind: 'case.cancel', reason: a.reason, principal: a.principal }));
  registerCase(submitSurveyUpdate, (a) => ({
    kind: 'survey.submit',
    answers: a.answers,
    principal: a.principal,
    ...(a.link ? { link: a.link } : {}),
  }));
  setHandler(customerMessageSignal, (a) =>
    feed({
      kind: 'customer.message',
      from: a.from,
      text: a.text,
      ...(a.excerpt !== undefined ? { excerpt: a.excerpt } : {}),
      principal: a.principal,
    }),
  );
  setHandler(customerContactSignal, (a) =>
    feed({
      kind: 'customer.contact',
      input: a.input,
      principal: a.principal,
      ...(since(PREFER_HANDLER_DEPARTMENT) ? {} : { legacy: true }),
    }),
  );
  // Migration (issue 15, docs/migration.md): the query is the dry run; the update moves the case to the
  // plan it carries, checked in the validator and again in the handler as the task actions are.
  const mappingOf = (a: MigrateCaseArgs) => ({ stepMap: a.stepMap, reenter: a.reenter });
  setHandler(migrationCheckQuery, (a) => checkMigration(plan, a.plan, state, mappingOf(a)));
  early.register(
    migrateCaseUpdate,
    async (a: MigrateCaseArgs) => {
      const answer = checkMigration(plan, a.plan, state, mappingOf(a));
      const result = migrateCase(plan, a.plan, state, mappingOf(a), a.principal, now());
      if (!result.ok) throw failure(result.rejection);
      plan = a.plan;
      // A run with its plan inline (tests, old histories) goes on inline; one by reference names the version.
      runArgs =
        runArgs.plan !== undefined
          ? { ...runArgs, plan: a.plan }
          : { ...runArgs, template: { name: a.plan.name, version: a.plan.version, sha256: a.plan.sha256 } };
      accept(result);
      const { revision } = result.state;
      await condition(() => projected >= revision);
      return answer;
    },
    (a: MigrateCaseArgs) => {
      const result = inUpdateValidator(() =>
        migrateCase(plan, a.plan, state, mappingOf(a), a.principal, now()),
      );
      if (!result.ok) throw failure(result.rejection);
    },
  );
  setHandler(caseSignal, (a) =>
    feed({ kind: 'signal', name: a.name, payload: a.payload, principal: a.principal }),
  );
  // Read at workflow time, so used and remaining business time are current as of the last activation.
  setHandler(caseStateQuery, () => toCaseView(plan, state, Date.now()));
  early.open();

  // Projections run in their own lane, always writing the newest state: several changes made while one
  // write is under way collapse into the next write (the activity keeps the highest revision anyway).
  // Non-cancellable: even a case cancelled through Temporal gets its last state written.
  void CancellationScope.nonCancellable(async () => {
    for (;;) {
      await condition(() => state.revision > projected);
      const revision = state.revision;
      const decisions = bounded.beforeProjection(state);
      try {
        await project(toCaseView(plan, state));
      } catch (error) {
        // A run whose workflow context was disposed (workflows/case-log.ts) must not go round again: the
        // loop's next condition() would throw outside any workflow and end the worker thread.
        if (!inWorkflowContext()) return;
        // Only a non-retryable failure gets here (attempts are unlimited). Waiting updates must not hang on
        // it: the next change writes the whole view again, and the caseState query is always current.
        caseLog.error('projection failed', { caseId: state.caseId, revision, error: String(error) });
      }
      projected = Math.max(projected, revision);
      bounded.afterProjection(state, decisions);
    }
  });

  bounded.afterChange(state, track);
  // Search attributes survive continue-as-new, so a carried case has nothing to redo here.
  for (const command of startCommands) execute(command);
  const quiet = (): boolean => inFlight === 0 && projected >= state.revision && allHandlersFinished();
  const historyLimit = args.continueAsNewAtHistoryLength;
  const wantsContinueAsNew = (): boolean =>
    workflowInfo().continueAsNewSuggested ||
    (historyLimit !== undefined && workflowInfo().historyLength >= historyLimit) ||
    bounded.historyTooBig();

  /** The wake-up timer of a lean run: kept while its time stays the next wake-up. */
  let timer: { at: number; fired: boolean; scope: CancellationScope } | undefined;
  const disarm = (): void => {
    timer?.scope.cancel();
    timer = undefined;
  };
  const arm = (at: number): NonNullable<typeof timer> => {
    if (timer?.at === at) return timer;
    disarm();
    const armed = { at, fired: false, scope: new CancellationScope() };
    timer = armed;
    void armed.scope
      .run(() => sleep(at - Date.now()))
      .then(
        () => {
          armed.fired = true;
        },
        // Cancelled: the wake-up moved, or the workflow itself is being cancelled (handled below).
        () => undefined,
      );
    return armed;
  };

  /** One turn of a lean run: wait for a change or the wake-up time, whichever is first. */
  const leanTurn = async (): Promise<void> => {
    const wake = nextWakeAt(plan, state);
    const seen = changes;
    if (wake === undefined) {
      disarm();
      await condition(() => changes !== seen || wantsContinueAsNew());
    } else if (wake > Date.now()) {
      const armed = arm(wake);
      await condition(() => changes !== seen || wantsContinueAsNew() || armed.fired);
      if (armed.fired && timer === armed) {
        timer = undefined;
        feed({ kind: 'wake' });
      }
    } else {
      disarm();
      feed({ kind: 'wake' });
      // A wake-up the engine does not act on would spin: wait for a change instead.
      if (changes === seen) await condition(() => changes !== seen || wantsContinueAsNew());
    }
  };

  const runFlow = async (): Promise<void> => {
    while (!state.finished) {
      if (wantsContinueAsNew()) {
        // Everything in flight must land in the state first: results of activities and updates would be lost.
        await condition(quiet);
        if (state.finished) break;
        await continueAsNew<typeof caseWorkflow>({
          ...runArgs,
          carried: { kind: 'case-state', state } satisfies CarriedCase,
        });
      }
      if (lean) {
        await leanTurn();
        continue;
      }
      const wake = nextWakeAt(plan, state);
      const seen = changes;
      if (wake === undefined) {
        await condition(() => changes !== seen || wantsContinueAsNew());
      } else if (wake > Date.now()) {
        if (!(await condition(() => changes !== seen || wantsContinueAsNew(), wake - Date.now())))
          feed({ kind: 'wake' });
      } else {
        feed({ kind: 'wake' });
        // A wake-up the engine does not act on would spin: wait for a change instead.
        if (changes === seen) await condition(() => changes !== seen || wantsContinueAsNew());
      }
    }
    await condition(quiet);
  };

  try {
    await runFlow();
  } catch (error) {
    if (!isCancellation(error)) throw error;
    // Cancelled through Temporal rather than the cancelCase update: close the case in the engine, write it,
    // tell the customer workflow, and end as cancelled.
    await CancellationScope.nonCancellable(async () => {
      if (!state.finished)
        feed({ kind: 'case.cancel', reason: 'workflow cancelled in Temporal', principal: TEMPORAL });
      await condition(() => projected >= state.revision);
      await notifyParentOfClose(state);
    });
    throw error;
  }
  await notifyParentOfClose(state);
  return { caseId: state.caseId, status: state.status, revision: state.revision } satisfies CaseRevision;
}

/**
 * The run's plan: inline in histories from before issue 13 (and in tests' hand-made starts), used as is with
 * no activity, so those histories replay unchanged; else loaded by reference. Continue-as-new passes the
 * arguments on as they came, so a run by reference carries the reference (about 150 bytes, loaded again from
 * the worker's cache) rather than the plan (about 13 KB).
 */
async function planOf(args: StartCaseArgs): Promise<Plan> {
  if (args.plan !== undefined) return args.plan;
  if (args.template === undefined)
    throw ApplicationFailure.nonRetryable('a case needs a template or a plan', CaseErrorTypes.Invalid);
  return await loadPlan(args.template);
}

/** The suggestion for a new case, or why there is none (the scoring failed: the case opens without it). */
async function suggestionFor(plan: Plan, args: StartCaseArgs): Promise<SuggestionOutcome> {
  try {
    return await suggestTriage({
      template: plan.name,
      subject: args.input.subject,
      description: args.input.description ?? '',
    });
  } catch (error) {
    return { none: `the triage model could not be read: ${describe(error)}` };
  }
}

const describe = (error: unknown): string => {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
};
