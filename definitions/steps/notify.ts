import * as z from 'zod';
import { compileRecipient, defined } from '../compile-actions';
import { channel, recipient, RESERVED_RECIPIENTS } from '../schema-common';
import { base, next } from './fields';
import { defineStepKind, nextEdge, planEdge } from './step';

/** notify: a message to the customer, the holding department, the assignee or a department. */
export const notifyKind = defineStepKind({
  kind: 'notify',
  schema: z.strictObject({
    ...base,
    kind: z.literal('notify'),
    to: recipient,
    channel,
    fallback: channel.optional(),
    message: z.string({ error: 'expected the message text' }),
    next,
  }),
  check(ctx, step, at) {
    const reserved: readonly string[] = RESERVED_RECIPIENTS;
    if (!reserved.includes(step.to) && ctx.departmentIds && !ctx.departmentIds.has(step.to)) {
      ctx.report(
        at('to'),
        `unknown recipient '${step.to}' (expected customer, holder, assignee or a department id)`,
      );
    }
  },
  edges: (step, below) => nextEdge(step, below),
  compile: (step, below) =>
    defined({
      id: step.id,
      title: step.title,
      kind: 'notify',
      to: compileRecipient(step.to),
      channel: step.channel,
      fallback: step.fallback,
      message: step.message,
      next: step.next ?? below,
    }),
  planEdges: (step) => [planEdge(step, step.next)],
  diagram: {
    shape: 'flag',
    describe: (step) =>
      `notify · ${step.to.kind === 'department' ? step.to.department : step.to.kind} by ${step.channel}`,
  },
  flow: { needsNext: true, mayLeadToItself: false, endsFlow: false },
});
