import * as z from 'zod';
import { ONGOING_STATUSES } from '../../contract/statuses';
import { checkCel, checkReference } from '../check-context';
import { defined, ms } from '../compile-actions';
import type { PlanWaitFor } from '../plan';
import { duration, expression, id } from '../schema-common';
import { base, next } from './fields';
import { defineStepKind, nextEdge, planEdge } from './step';

const waitFor = z.union(
  [
    z.literal('customer-reply'),
    z.strictObject({ signal: id('signal') }),
    z.strictObject({ duration, calendar: id('calendar').optional() }),
    z.strictObject({ until: expression('a timestamp, e.g. timestamp(case.attributes.appointmentAt)') }),
  ],
  { error: 'expected customer-reply, {signal}, {duration, calendar?} or {until}' },
);

function compileWaitFor(value: z.output<typeof waitFor>): PlanWaitFor {
  if (value === 'customer-reply') return { kind: 'customer-reply' };
  if ('signal' in value) return { kind: 'signal', signal: value.signal };
  if ('until' in value) return { kind: 'until', at: value.until };
  return defined({ kind: 'duration' as const, durationMs: ms(value.duration), calendar: value.calendar });
}

/**
 * wait: for a customer reply, a named signal, a duration or an instant. Only a wait for an event can time
 * out (timeout and onTimeout together); the case takes the step's status meanwhile.
 */
export const waitKind = defineStepKind({
  kind: 'wait',
  schema: z.strictObject({
    ...base,
    kind: z.literal('wait'),
    for: waitFor,
    timeout: duration.optional(),
    onTimeout: id('step').optional(),
    status: z.enum(ONGOING_STATUSES, { error: 'expected status: open or waiting' }).optional(),
    next,
  }),
  check(ctx, step, at) {
    const waitsForEvent = step.for === 'customer-reply' || 'signal' in step.for;
    if (!waitsForEvent && (step.timeout || step.onTimeout)) {
      ctx.report(
        at(step.timeout ? 'timeout' : 'onTimeout'),
        'a timeout only applies to waiting for customer-reply or a signal',
      );
    } else if (step.timeout && !step.onTimeout) {
      ctx.report(at('timeout'), `expected 'onTimeout: <step>' to say where a timeout leads`);
    } else if (step.onTimeout && !step.timeout) {
      ctx.report(at('onTimeout'), `expected 'timeout: <duration>' to say when the wait gives up`);
    }
    if (typeof step.for === 'object' && 'until' in step.for)
      checkCel(ctx, step.for.until, at('for', 'until'), 'timestamp');
    if (typeof step.for === 'object' && 'duration' in step.for) {
      checkReference(ctx, ctx.calendarIds, 'calendar', step.for.calendar, at('for', 'calendar'));
    }
  },
  edges(step, below) {
    const edges = nextEdge(step, below, step.for === 'customer-reply' ? 'reply' : '');
    if (step.onTimeout)
      edges.push({ from: step.id, to: step.onTimeout, label: 'timeout', path: ['onTimeout'] });
    return edges;
  },
  compile: (step, below) =>
    defined({
      id: step.id,
      title: step.title,
      kind: 'wait',
      for: compileWaitFor(step.for),
      timeoutMs: step.timeout === undefined ? undefined : ms(step.timeout),
      onTimeout: step.onTimeout,
      status: step.status ?? (step.for === 'customer-reply' ? 'waiting' : 'open'),
      next: step.next ?? below,
    }),
  planEdges(step) {
    const label =
      step.for.kind === 'customer-reply' ? 'reply' : step.for.kind === 'signal' ? step.for.signal : '';
    return step.onTimeout
      ? [planEdge(step, step.next, label), planEdge(step, step.onTimeout, 'timeout')]
      : [planEdge(step, step.next, label)];
  },
  diagram: {
    shape: 'stadium',
    describe: (step) => (step.status === 'waiting' ? 'wait · clocks paused' : 'wait'),
  },
  flow: { needsNext: true, mayLeadToItself: false, endsFlow: false },
});
