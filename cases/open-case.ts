/**
 * Opening a case (POST /cases): a contact becomes a new case, or joins the customer's open one. The steps,
 * in order: the template version (named, or the newest active one), not retired; the attributes checked
 * against its input; the blocklist (refused, or flagged); the customer's personal fields sealed with their
 * key (privacy/); the case id (derived from an idempotency key);
 * the customer's continuity workflow deciding open or join; the projection written before the answer.
 */
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { AuthPrincipal } from '../access/principal';
import type { TemplateRef } from '../contract';
import { getBlocklistEntry, type BlocklistEntry } from '../db/blocklist';
import { getProjectedCase } from '../db/cases';
import { waitForCaseProjection } from '../db/case-projected';
import { templatePlan } from '../db/template-plans';
import { getTemplateVersionStatus, type TemplateVersionStatus } from '../db/templates';
import type { Plan } from '../definitions/plan';
import { checkCaseAttributes } from '../definitions/case-input';
import type { customerWorkflow } from '../workflows/customer.workflow';
import {
  customerWorkflowId,
  openOrJoinCaseUpdate,
  type CaseInput,
  type CaseView,
  type OpenOrJoinCaseArgs,
  type OpenOrJoinCaseResult,
} from '../workflows/messages';
import { caseIdFor } from './case-id';
import { CaseError } from './case-error';
import { nowOf, type CaseContext } from './context';
import { caseErrorFromTemporal } from './temporal-outcome';

/** A contact to open a case for (the body of POST /cases). */
export interface OpenCaseRequest extends Pick<
  CaseInput,
  'channel' | 'customer' | 'subject' | 'description' | 'consent'
> {
  /** The template's name; the context's default template when absent. */
  template?: string | undefined;
  /** The template version; the newest active one when absent. */
  version?: number | undefined;
  attributes: Record<string, unknown>;
}

export interface OpenCaseInput {
  principal: AuthPrincipal;
  request: OpenCaseRequest;
  /** The caller's idempotency key: a retry with it names the same case, which opens once. */
  idempotencyKey?: string | undefined;
  /** The Temporal update id a retry must repeat (api/idempotency.ts withUpdateId). */
  updateId?: string | undefined;
  /** Called once the customer's workflow decided, before the projection is waited for (the audit note). */
  onDecided?: (decision: OpenOrJoinCaseResult) => void;
}

/** The new case as the caller sees it. */
export interface OpenedCase {
  id: string;
  status: 'open';
  template: TemplateRef;
  channel: CaseInput['channel'];
  customer: CaseInput['customer'];
  subject: string;
  createdAt: string;
}

/** A new case (`merged: false`), or the open case the contact joined with its projected view. */
export type OpenCaseResult =
  | { merged: false; opened: OpenedCase }
  | { merged: true; joined: (CaseView | { id: string }) & { id: string; merged: true } };

export async function openCase(ctx: CaseContext, input: OpenCaseInput): Promise<OpenCaseResult> {
  const { principal, request } = input;
  const name = request.template ?? ctx.defaultTemplate;
  // The registry and the blocklist are read at once (one round trip's wait, not two); their refusals keep
  // their order: the template's first, then the attributes', then the blocklist's.
  const [version, blocklisted] = await Promise.all([
    getTemplateVersionStatus(ctx.pool, name, request.version),
    getBlocklistEntry(ctx.pool, request.customer.id),
  ]);
  const template = usable(version, name, request.version);
  const plan = await planOf(ctx, template);
  const attributes = checkedAttributes(plan, request.attributes);
  const blocked = refuseBlocked(blocklisted, request.customer.id);
  // From here on the customer is their opaque key and sealed fields (docs/privacy.md): that is what the
  // customer's workflow is named by and what Temporal, the projections and the idempotency store keep.
  const customer = await ctx.personalData.sealCustomer(request.customer);
  const openArgs: OpenOrJoinCaseArgs = {
    caseId: caseIdFor(principal.name, input.idempotencyKey),
    // The version by reference: the case loads its plan (activities/plan.ts), so neither this update nor
    // the case's start carries the ~15 KB plan (issue 13). The customer workflow needs one setting of it.
    template: { name: template.name, version: template.version, sha256: template.sha256 },
    mergeOpenCase: plan.continuity.mergeOpenCase,
    input: {
      channel: request.channel,
      customer,
      subject: request.subject,
      description: request.description,
      attributes,
      ...(blocked?.mode === 'flag' ? { flags: ['blocklisted'] } : {}),
      // Only when given: a case opened without consent has the input it always had (docs/privacy.md).
      ...(request.consent === undefined ? {} : { consent: request.consent }),
    },
    openedBy: { name: principal.name, roles: principal.roles },
    openedAt: new Date(nowOf(ctx)).toISOString(),
  };
  const decision = await openOrJoin(ctx, openArgs, input.updateId);
  input.onDecided?.(decision);
  // Read-your-writes for the caller: the case and its first task are in the projections when we answer.
  await waitForCaseProjection(ctx.pool, decision.caseId);
  if (decision.merged) {
    const joined = await getProjectedCase(ctx.pool, decision.caseId);
    return {
      merged: true,
      joined: { ...(joined ?? { id: decision.caseId }), id: decision.caseId, merged: true },
    };
  }
  return {
    merged: false,
    opened: {
      id: decision.caseId,
      status: 'open',
      template: { name: template.name, version: template.version, sha256: template.sha256 },
      channel: request.channel,
      customer,
      subject: request.subject,
      createdAt: openArgs.openedAt,
    },
  };
}

/** The version's compiled plan: immutable, so read once per process (db/template-plans.ts). */
async function planOf(ctx: CaseContext, template: TemplateVersionStatus): Promise<Plan> {
  const plan = await templatePlan(ctx.pool, template);
  if (!plan) throw new Error(`template ${template.name} v${template.version} vanished from the registry`);
  return plan;
}

/** The template version, if a case may use it: published (named by `body.template` or `body.version`), not retired. */
function usable(
  template: TemplateVersionStatus | undefined,
  name: string,
  version: number | undefined,
): TemplateVersionStatus {
  if (!template) {
    throw new CaseError('invalid', `No usable template ${name}${version ? ` v${version}` : ''}.`, {
      errors: [
        { field: version ? 'body.version' : 'body.template', message: 'expected a published template' },
      ],
    });
  }
  if (template.status === 'retired') {
    throw new CaseError('invalid', `Template ${name} v${template.version} is retired.`, {
      errors: [{ field: 'body.version', message: 'expected a version that is not retired' }],
    });
  }
  return template;
}

/** The attributes with the template input's defaults, or malformed naming each field at fault. */
function checkedAttributes(plan: Plan, attributes: Record<string, unknown>): Record<string, unknown> {
  const checked = checkCaseAttributes(plan, attributes);
  if (!checked.ok) {
    throw new CaseError('malformed', 'The case does not fit the template input.', { errors: checked.errors });
  }
  return checked.attributes;
}

/** The customer's blocklist entry: `refuse` is forbidden (a named refusal), `flag` is returned to mark the case. */
function refuseBlocked(blocked: BlocklistEntry | undefined, customerId: string): BlocklistEntry | undefined {
  if (blocked?.mode === 'refuse') {
    throw new CaseError('forbidden', `Customer ${customerId} is refused at intake: ${blocked.reason}`, {
      code: 'blocklisted',
    });
  }
  return blocked;
}

/**
 * Every contact goes through the customer's continuity workflow, started on first use: it decides, one
 * contact at a time, whether this opens a case or joins the customer's open one (SPEC §5).
 */
async function openOrJoin(
  ctx: CaseContext,
  openArgs: OpenOrJoinCaseArgs,
  updateId: string | undefined,
): Promise<OpenOrJoinCaseResult> {
  const customerId = openArgs.input.customer.id;
  const customerStart = new WithStartWorkflowOperation<typeof customerWorkflow>('customerWorkflow', {
    workflowId: customerWorkflowId(customerId),
    taskQueue: ctx.taskQueue,
    args: [{ customerId }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  try {
    return await ctx.client.workflow.executeUpdateWithStart(openOrJoinCaseUpdate, {
      args: [openArgs],
      startWorkflowOperation: customerStart,
      ...(updateId ? { updateId } : {}),
    });
  } catch (err) {
    throw caseErrorFromTemporal(err, openArgs.caseId);
  }
}
