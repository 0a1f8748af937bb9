/**
 * The cases whose histories are saved under test/histories/: every path of the standard customer-issue
 * template the engine runs today, and a small plan that passes through every step kind. Each scenario
 * names its case id (the saved file is `case-<id>.json`) and returns the workflow ids to save.
 */
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { SuggestionOutcome } from '../../contract/suggestion';
import type { Plan } from '../../definitions/plan';
import { isSampled } from '../../workflows/engine/quality';
import { customerWorkflowId, migrateCaseUpdate, openOrJoinCaseUpdate } from '../../workflows/messages';
import { agentOf, caseInput, CaseRun, intake } from './driver';

export interface ScenarioContext {
  client: Client;
  taskQueue: string;
  /** The standard template with its waits shortened to seconds (test/support/fast-template.ts). */
  standard: Plan;
  /** A plan through every step kind (step-kinds.ts). */
  stepKinds: Plan;
}

export interface Scenario {
  id: string;
  what: string;
  run(ctx: ScenarioContext): Promise<string[]>;
}

const consulting = { subject: 'How do I change my delivery address?', description: 'Where is the setting?' };
const good = { speed: 5, ability: 5, attitude: 4 };
/** Words the rules read as technical ("报错", "error") and the scenario's model as billing (scenarioSuggestion). */
const paying = { subject: '付款时报错', description: 'Error when I pay my monthly fee' };

/**
 * The suggestion activity of the history worker: billing at 93% for the paying case, none for any other
 * (only plans with a `suggestions` section ask it).
 */
export function scenarioSuggestion(request: { subject: string }): Promise<SuggestionOutcome> {
  return Promise.resolve(
    request.subject === paying.subject
      ? { suggestion: { category: 'billing', department: 'billing', confidence: 0.93, because: ['付款', 'pay'], model: 3 } }
      : { none: 'no triage model (histories)' },
  );
}

/** The standard plan with learned triage on, as customer-issue v2 has it: minConfidence and the screen branch. */
function withSuggestions(standard: Plan): Plan {
  const plan = JSON.parse(JSON.stringify(standard)) as Plan;
  plan.suggestions = { minConfidence: 0.85 };
  const screen = plan.steps['screen'];
  if (screen?.kind !== 'decide') throw new Error('the standard plan has no screen step');
  const last = screen.branches.length - 1;
  screen.branches.splice(last, 0, {
    index: last,
    label: 'routed by suggestion',
    when: 'case.suggestion.used',
    next: 'department-work',
  });
  screen.branches[last + 1]!.index = last + 1;
  plan.sha256 = `${plan.sha256.slice(0, 56)}5a9e0001`;
  return plan;
}
const bad = { speed: 1, ability: 3, attitude: 3, comment: 'too slow' };

/** Starts a standard case and ends it: the quality review a sampled case gets is completed as well. */
async function standard(ctx: ScenarioContext, id: string, fields: Parameters<typeof caseInput>[1], flow: (c: CaseRun) => Promise<void>) {
  const c = await CaseRun.start(ctx.client, ctx.taskQueue, id, ctx.standard, caseInput(id, fields));
  await flow(c);
  if (isSampled(id, ctx.standard.quality)) await c.complete(endStepOf(await c.view()), 'pass');
  await c.finished();
  return [`case-${id}`];
}

const endStepOf = (view: { tasks: Array<{ department: string; step: string; status: string }> }) =>
  view.tasks.find((t) => t.department === 'quality' && t.status === 'open')?.step ?? 'done';

/** The first case id with this prefix that the quality sampling picks (or skips). */
function sampledId(prefix: string, plan: Plan, wanted: boolean): string {
  for (let n = 1; n <= 10_000; n += 1)
    if (isSampled(`${prefix}-${n}`, plan.quality) === wanted) return `${prefix}-${n}`;
  // E.g. a template copy that samples 0 %: no id is ever sampled.
  throw new Error(`no case id ${prefix}-<n> that the quality sampling ${wanted ? 'picks' : 'skips'}`);
}

export const scenarios: Scenario[] = [
  {
    id: 'resolved-at-triage',
    what: 'consulting, P4: the front line resolves at first contact; survey answered well',
    run: (ctx) =>
      standard(ctx, sampledId('std-resolved-at-triage', ctx.standard, false), consulting, async (c) => {
        await c.claim('triage');
        await c.complete('triage', 'resolved', { resolution: 'explained the setting' });
        await c.survey(good);
      }),
  },
  {
    id: 'routed-to-department',
    what: 'billing: triage routes to billing, which resolves',
    run: (ctx) =>
      standard(ctx, sampledId('std-routed', ctx.standard, false), { subject: 'Refund for a double charge', description: '退款' }, async (c) => {
        await c.complete('triage', 'route', { reason: 'billing question' });
        await c.complete('department-work', 'resolved', { resolution: 'refunded' });
        await c.survey(good);
      }),
  },
  {
    id: 'needs-info-reply',
    what: 'triage asks the customer (clocks pause), the reply resumes triage, resolved',
    run: (ctx) =>
      standard(ctx, sampledId('std-needs-info-reply', ctx.standard, false), consulting, async (c) => {
        await c.complete('triage', 'needs-info');
        await c.until((v) => v.status === 'waiting', 'waiting for the customer');
        await c.message('It is the web shop, not the app.');
        await c.complete('triage', 'resolved', { resolution: 'explained' });
        await c.survey(good);
      }),
  },
  {
    id: 'needs-info-timeout',
    what: 'triage asks the customer, no reply before the timeout: notice and closed',
    run: (ctx) =>
      standard(ctx, sampledId('std-no-reply', ctx.standard, false), consulting, async (c) => {
        await c.complete('triage', 'needs-info');
      }),
  },
  {
    id: 'cancelled',
    what: 'an admin cancels the case at triage',
    run: (ctx) =>
      standard(ctx, 'std-cancelled', consulting, async (c) => {
        await c.task('triage');
        await c.cancel('customer withdrew the request');
      }),
  },
  {
    id: 'technical-escalation',
    what: 'technical: L1 escalates to L2, L2 escalates to management, which resolves',
    run: (ctx) =>
      standard(ctx, sampledId('std-escalation', ctx.standard, false), { subject: 'The app shows an error', description: '报错' }, async (c) => {
        await c.complete('triage', 'route', { reason: 'technical fault' });
        await c.complete('department-work', 'escalate', { reason: 'needs L2' });
        await c.complete('technical-l2', 'escalate');
        await c.complete('management-review', 'resolved');
        await c.survey(good);
      }),
  },
  {
    id: 'major-complaint',
    what: 'VIP complaint goes straight to management; follow-up confirmed; low score opens a complaint review, dismissed',
    run: (ctx) =>
      standard(
        ctx,
        sampledId('std-major-complaint', ctx.standard, false),
        { subject: '投诉: nobody called back', description: 'complaint', customer: { id: 'cu-vip', tier: 'vip', email: 'v@example.com' } },
        async (c) => {
          await c.complete('management-review', 'resolved');
          await c.complete('follow-up', 'confirmed');
          await c.survey(bad);
          await c.complete('complaint-review', 'dismissed');
        },
      ),
  },
  {
    id: 'follow-up-reopen',
    what: 'P2 (gold, outage): resolved, the follow-up reopens, resolved again, confirmed; the survey times out',
    run: (ctx) =>
      standard(
        ctx,
        sampledId('std-follow-up-reopen', ctx.standard, false),
        { subject: 'Outage: cannot log in', description: '中断', customer: { id: 'cu-gold', tier: 'gold' } },
        async (c) => {
          await c.complete('triage', 'resolved', { resolution: 'restarted the service' });
          await c.complete('follow-up', 'reopen');
          await c.complete('triage', 'resolved', { resolution: 'fixed the root cause' });
          await c.complete('follow-up', 'confirmed');
        },
      ),
  },
  {
    id: 'complaint-upheld',
    what: 'a low survey score, the complaint review upholds it: the case reopens at triage and is resolved again',
    run: (ctx) =>
      standard(ctx, sampledId('std-upheld', ctx.standard, false), consulting, async (c) => {
        await c.complete('triage', 'resolved', { resolution: 'explained' });
        await c.survey(bad);
        await c.complete('complaint-review', 'upheld');
        await c.complete('triage', 'resolved', { resolution: 'called back and apologised' });
        await c.survey(good);
      }),
  },
  {
    id: 'blocklisted-rejected',
    what: 'a flagged (blocklisted) customer: management reviews and rejects',
    run: (ctx) =>
      standard(ctx, sampledId('std-blocklisted', ctx.standard, false), { ...consulting, flags: ['blocklisted'] }, async (c) => {
        await c.complete('blocklist-review', 'reject');
      }),
  },
  {
    id: 'task-actions',
    what: 'claim, release, hand off to technical with a reason, reassign, resolve',
    run: (ctx) =>
      standard(ctx, sampledId('std-task-actions', ctx.standard, false), consulting, async (c) => {
        await c.claim('triage');
        await c.release('triage');
        await c.handoff('triage', 'technical', 'looks like a bug');
        await c.reassign('triage', { assignee: 'technical' }, { name: 'admin', roles: ['admin'] });
        await c.complete('triage', 'resolved', { resolution: 'fixed' }, agentOf('technical'));
        await c.survey(good);
      }),
  },
  {
    id: 'quality-sampled',
    what: 'resolved at triage and sampled for a quality review, which passes',
    run: (ctx) =>
      standard(ctx, sampledId('std-quality', ctx.standard, true), consulting, async (c) => {
        await c.complete('triage', 'resolved', { resolution: 'explained' });
        await c.survey(good);
        await c.task('done');
      }),
  },
  {
    id: 'repeat-contact-merged',
    what: 'a second contact of the same customer joins the open case (continuity); both workflows are saved',
    async run(ctx) {
      const id = sampledId('std-repeat-contact', ctx.standard, false);
      const customerId = `cu-${id}`;
      const contact = (caseId: string) =>
        ctx.client.workflow.executeUpdateWithStart(openOrJoinCaseUpdate, {
          args: [{ caseId, plan: ctx.standard, input: caseInput(id, consulting), openedBy: intake, openedAt: new Date().toISOString() }],
          startWorkflowOperation: new WithStartWorkflowOperation('customerWorkflow', {
            workflowId: customerWorkflowId(customerId),
            taskQueue: ctx.taskQueue,
            args: [{ customerId, idleMs: 1000 }],
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        });
      const first = await contact(id);
      const second = await contact(`${id}-again`);
      if (second.merged !== true || second.caseId !== first.caseId) throw new Error('the second contact did not merge');
      const c = new CaseRun(id, ctx.client.workflow.getHandle(`case-${id}`));
      await c.until((v) => v.decisions.some((d) => d.what === 'repeat contact joined the case'), 'the merge');
      await c.complete('triage', 'resolved', { resolution: 'answered both contacts' });
      await c.survey(good);
      await c.finished();
      await ctx.client.workflow.getHandle(customerWorkflowId(customerId)).result();
      return [`case-${id}`, customerWorkflowId(customerId)];
    },
  },
  {
    id: 'step-kinds',
    what: 'every step kind: task, call (ok and failed), consult (all, any), waits (reply, signal, duration, until), notify, decide, follow-up, survey, end',
    async run(ctx) {
      const c = await runStepKindsCase(ctx.client, ctx.taskQueue, ctx.stepKinds, 'kinds-every-step');
      return [`case-${c.id}`];
    },
  },
  {
    id: 'migrated-mid-flight',
    what: 'started by reference on v1, its claimed triage task moved to v2 (triage renamed first-look, resolution targets halved) by a designer, resolved there; issue 15',
    async run(ctx) {
      const id = sampledId('std-migrated', ctx.standard, false);
      const c = await CaseRun.start(ctx.client, ctx.taskQueue, id, ctx.standard, caseInput(id, consulting), true);
      await c.claim('triage');
      const v2 = migratedStandard(ctx.standard);
      const designer = { name: 'designer', roles: ['designer'] };
      await c.handle.executeUpdate(migrateCaseUpdate, {
        args: [{ plan: v2, stepMap: { triage: 'first-look' }, principal: designer }],
      });
      await c.complete('first-look', 'resolved', { resolution: 'explained the setting' });
      await c.survey(good);
      await c.finished();
      return [`case-${id}`];
    },
  },
  {
    id: 'consent-email-only',
    what: 'VIP with consent to email only and none for the survey (issue 16): the notice by email alone, the follow-up names email, the survey not sent',
    run: (ctx) =>
      standard(
        ctx,
        sampledId('std-consent', ctx.standard, false),
        { ...consulting, customer: { id: 'cu-consent', tier: 'vip', email: 'c@example.com' }, consent: { email: true, sms: false, survey: false } },
        async (c) => {
          await c.complete('triage', 'resolved', { resolution: 'explained the setting' });
          await c.complete('follow-up', 'confirmed');
        },
      ),
  },
  {
    id: 'routed-by-suggestion',
    what: 'the standard flow with learned triage on (issue 17, as customer-issue v2): scored at intake, routed to billing by a suggestion of 93%, front-line triage skipped, billing resolves',
    async run(ctx) {
      const id = sampledId('std-suggested', ctx.standard, false);
      const plan = withSuggestions(ctx.standard);
      const c = await CaseRun.start(ctx.client, ctx.taskQueue, id, plan, caseInput(id, paying), true);
      await c.complete('department-work', 'resolved', { resolution: 'refunded the double charge' });
      await c.survey(good);
      await c.finished();
      return [`case-${id}`];
    },
  },
  {
    id: 'step-kinds-by-reference',
    what: 'the step-kinds case started as the API starts cases since issue 13: the plan by reference, loaded by a local activity',
    async run(ctx) {
      const c = await runStepKindsCase(ctx.client, ctx.taskQueue, ctx.stepKinds, 'kinds-by-reference', true);
      return [`case-${c.id}`];
    },
  },
];

/** v2 of the standard template for the migration scenario: triage renamed first-look, resolution targets halved. */
function migratedStandard(v1: Plan): Plan {
  const renamed = JSON.parse(JSON.stringify(v1).replaceAll('"triage"', '"first-look"')) as Plan;
  const targets = Object.fromEntries(
    Object.entries(renamed.sla.targets).map(([p, t]) => [p, { ...t, resolutionMs: t.resolutionMs / 2 }]),
  );
  return { ...renamed, version: 2, sha256: `${v1.sha256.slice(0, 56)}migrated`, sla: { ...renamed.sla, targets } };
}

/**
 * The case through every step kind of `plan` (step-kinds.ts), to its end: the `step-kinds` scenario, and
 * the temporal test that replays a history of today's code (test/unit/engine/temporal/replay.temporal.ts).
 */
export async function runStepKindsCase(
  client: Client,
  taskQueue: string,
  plan: Plan,
  id: string,
  byReference = false,
): Promise<CaseRun> {
  const appointmentAt = new Date(Date.now() + 3000).toISOString();
  const input = caseInput(id, { attributes: { appointmentAt } });
  const c = await CaseRun.start(client, taskQueue, id, plan, input, byReference);
  await c.complete('triage', 'route');
  await c.complete('opinions', 'agree');
  await c.complete('opinions', 'agree');
  await c.complete('first-answer', 'yes');
  await c.until((v) => v.step === 'reply', 'the reply wait');
  await c.message('here is the photo');
  await c.until((v) => v.step === 'parts', 'the parts signal wait');
  await c.signal('parts', { arrived: 2 });
  await c.complete('check', 'confirmed');
  await c.survey({ speed: 4 });
  await c.finished();
  return c;
}
