/**
 * Semantic checks of the sections around the flow: departments, calendars, input, classification,
 * priority matrix, SLA targets, escalation ladders, quality sampling.
 */
import { IANAZone } from 'luxon';
import {
  checkCel,
  checkDuplicateIds,
  checkDuplicateValues,
  checkReference,
  checkRuleList,
  oneOf,
  type CheckContext,
} from './check-context';
import { isCalendarDate, parseHours, parsePercent } from './durations';
import type { DocumentPath } from './load';
import type { ActionDocument } from './schema';
import { RESERVED_RECIPIENTS } from './schema-common';

export function checkDepartments(ctx: CheckContext): void {
  const departments = ctx.doc.departments ?? [];
  checkDuplicateIds(ctx, departments, ['departments'], 'department');
  departments.forEach((department, i) => {
    if (!department) return;
    if ((RESERVED_RECIPIENTS as readonly string[]).includes(department.id)) {
      ctx.report(
        ['departments', i, 'id'],
        `'${department.id}' is reserved for notifications; choose another department id`,
      );
    }
    checkReference(ctx, ctx.calendarIds, 'calendar', department.calendar, ['departments', i, 'calendar']);
    const tiers = department.tiers ?? [];
    tiers.forEach((tier, t) => {
      if (tiers.indexOf(tier) !== t) ctx.report(['departments', i, 'tiers', t], `duplicate tier '${tier}'`);
    });
  });
}

export function checkCalendars(ctx: CheckContext): void {
  const calendars = ctx.doc.calendars ?? [];
  checkDuplicateIds(ctx, calendars, ['calendars'], 'calendar');
  calendars.forEach((calendar, i) => {
    if (!calendar) return;
    const at = (...rest: Array<string | number>): DocumentPath => ['calendars', i, ...rest];
    if (calendar.id === '24x7') ctx.report(at('id'), `'24x7' is built in; give this calendar another id`);
    if (!IANAZone.isValidZone(calendar.timezone)) {
      ctx.report(
        at('timezone'),
        `unknown time zone '${calendar.timezone}' (expected an IANA zone such as Asia/Shanghai)`,
      );
    }
    for (const [day, value] of Object.entries(calendar.hours)) {
      const ranges = value === undefined ? [] : Array.isArray(value) ? value : [value];
      const parsed = ranges.map((text, r) => {
        const result = parseHours(text);
        if ('error' in result)
          ctx.report(Array.isArray(value) ? at('hours', day, r) : at('hours', day), result.error);
        return 'error' in result ? undefined : { ...result, r };
      });
      const sorted = parsed.filter((p) => p !== undefined).sort((a, b) => a.startMinute - b.startMinute);
      for (let k = 1; k < sorted.length; k++) {
        const [prev, cur] = [sorted[k - 1], sorted[k]];
        if (prev && cur && cur.startMinute < prev.endMinute) {
          ctx.report(
            at('hours', day, cur.r),
            `opening hours overlap on ${day}: '${ranges[cur.r]}' and '${ranges[prev.r]}'`,
          );
        }
      }
    }
    if (Object.keys(calendar.hours).length === 0)
      ctx.report(at('hours'), 'expected opening hours for at least one weekday');
    (calendar.holidays ?? []).forEach((date, h) => {
      if (!isCalendarDate(date))
        ctx.report(at('holidays', h), `'${date}' is not a calendar date (expected YYYY-MM-DD)`);
    });
  });
}

export function checkInput(ctx: CheckContext): void {
  for (const [name, field] of Object.entries(ctx.doc.input ?? {})) {
    const at: DocumentPath = ['input', name];
    if (field.type === 'enum' && !field.values) {
      ctx.report(at, `input '${name}' is an enum: expected its values`, { key: true });
    }
    if (field.type !== 'enum' && field.values) ctx.report([...at, 'values'], `values are only for type enum`);
    if (field.default === undefined) continue;
    const expected: Record<string, (v: unknown) => boolean> = {
      string: (v) => typeof v === 'string',
      datetime: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
      number: (v) => typeof v === 'number',
      integer: (v) => Number.isInteger(v),
      boolean: (v) => typeof v === 'boolean',
      enum: (v) => typeof v === 'string' && (field.values ?? []).includes(v),
    };
    if (!expected[field.type]?.(field.default)) {
      ctx.report(
        [...at, 'default'],
        `default does not fit type ${field.type}${field.values ? ` (${oneOf(field.values)})` : ''}`,
      );
    }
  }
}

export function checkClassify(ctx: CheckContext): void {
  const rules = ctx.doc.classify;
  if (!rules) return;
  checkRuleList(ctx, rules, ['classify'], 'classify rule');
  rules.forEach((rule, i) => {
    if (!rule) return;
    checkCel(ctx, rule.when, ['classify', i, 'when'], 'bool');
    checkReference(ctx, ctx.departmentIds, 'department', rule.department, ['classify', i, 'department']);
  });
}

export function checkPriority(ctx: CheckContext): void {
  const priority = ctx.doc.priority;
  if (!priority) return;
  const order = priority.order;
  order?.forEach((id, i) => {
    if (order.indexOf(id) !== i) ctx.report(['priority', 'order', i], `duplicate priority '${id}'`);
  });
  const lists = {
    impact: priority.impact,
    urgency: priority.urgency,
    overrides: priority.overrides,
  } as const;
  for (const [name, rules] of Object.entries(lists)) {
    if (name !== 'overrides' && rules) checkRuleList(ctx, rules, ['priority', name], `${name} rule`);
    rules?.forEach((rule, i) => checkCel(ctx, rule?.when, ['priority', name, i, 'when'], 'bool'));
  }
  const complete = <T>(rules: Array<T | undefined> | undefined): rules is T[] =>
    !!rules && rules.every((r) => r !== undefined);
  if (!complete(priority.impact) || !complete(priority.urgency) || !priority.matrix) return;
  const impacts = [...new Set(priority.impact.map((r) => r.level))];
  const urgencies = [...new Set(priority.urgency.map((r) => r.level))];
  for (const [impact, row] of Object.entries(priority.matrix)) {
    if (!impacts.includes(impact)) {
      ctx.report(['priority', 'matrix', impact], `unknown impact level '${impact}' (${oneOf(impacts)})`, {
        key: true,
      });
      continue;
    }
    for (const [urgency, value] of Object.entries(row)) {
      const at: DocumentPath = ['priority', 'matrix', impact, urgency];
      if (!urgencies.includes(urgency))
        ctx.report(at, `unknown urgency level '${urgency}' (${oneOf(urgencies)})`, { key: true });
      if (order && !order.includes(value)) ctx.report(at, `unknown priority '${value}' (${oneOf(order)})`);
    }
    const missing = urgencies.filter((u) => !Object.hasOwn(row, u));
    if (missing.length > 0) {
      const list = missing.map((u) => `'${u}'`).join(', ');
      ctx.report(['priority', 'matrix', impact], `matrix row '${impact}' misses urgency ${list}`, {
        key: true,
      });
    }
  }
  const missingRows = impacts.filter((i) => !Object.hasOwn(priority.matrix ?? {}, i));
  if (missingRows.length > 0) {
    const list = missingRows.map((i) => `'${i}'`).join(', ');
    ctx.report(['priority', 'matrix'], `matrix misses impact level ${list}`, { key: true });
  }
}

export function checkSla(ctx: CheckContext): void {
  const sla = ctx.doc.sla;
  if (!sla) return;
  checkReference(ctx, ctx.calendarIds, 'calendar', sla.calendar, ['sla', 'calendar']);
  const order = ctx.doc.priority?.order;
  for (const [priority, target] of Object.entries(sla.targets)) {
    if (order && !order.includes(priority)) {
      ctx.report(['sla', 'targets', priority], `unknown priority '${priority}' (${oneOf(order)})`, {
        key: true,
      });
    }
    checkReference(ctx, ctx.calendarIds, 'calendar', target.calendar, [
      'sla',
      'targets',
      priority,
      'calendar',
    ]);
  }
  const missing = (order ?? []).filter((p) => !Object.hasOwn(sla.targets, p));
  if (missing.length > 0) {
    ctx.report(
      ['sla', 'targets'],
      `missing SLA target for priority ${missing.map((p) => `'${p}'`).join(', ')}`,
      { key: true },
    );
  }
}

/** Departments and tiers an action names must exist; `tier: next` means the holder's next tier. */
export function checkActions(
  ctx: CheckContext,
  actions: readonly ActionDocument[],
  path: DocumentPath,
): void {
  actions.forEach((action, i) => {
    const at = (...rest: string[]): DocumentPath => [...path, i, ...rest];
    if ('notify' in action) {
      const to = action.notify.to;
      if (
        !(RESERVED_RECIPIENTS as readonly string[]).includes(to) &&
        ctx.departmentIds &&
        !ctx.departmentIds.has(to)
      ) {
        ctx.report(
          at('notify', 'to'),
          `unknown recipient '${to}' (expected customer, holder, assignee or a department id)`,
        );
      }
    } else if ('reassign' in action) {
      const target = typeof action.reassign === 'string' ? { department: action.reassign } : action.reassign;
      const where = typeof action.reassign === 'string' ? at('reassign') : at('reassign', 'department');
      checkReference(ctx, ctx.departmentIds, 'department', target.department, where);
      if (!target.department && !target.tier)
        ctx.report(at('reassign'), 'expected a department, a tier, or both');
      if (target.tier && target.tier !== 'next') {
        const tiers = new Set((ctx.doc.departments ?? []).flatMap((d) => d?.tiers ?? []));
        if (!tiers.has(target.tier))
          ctx.report(at('reassign', 'tier'), `unknown tier '${target.tier}' (${oneOf(['next', ...tiers])})`);
      }
    } else if ('task' in action) {
      checkReference(ctx, ctx.departmentIds, 'department', action.task.department, at('task', 'department'));
      checkDuplicateValues(ctx, action.task.outcomes, at('task', 'outcomes'), 'outcome');
    }
  });
}

export function checkEscalations(ctx: CheckContext): void {
  const escalations = ctx.doc.escalations ?? [];
  checkDuplicateIds(ctx, escalations, ['escalations'], 'escalation');
  const tiers = new Set((ctx.doc.departments ?? []).flatMap((d) => d?.tiers ?? []));
  escalations.forEach((rung, i) => {
    if (!rung) return;
    const at = (...rest: Array<string | number>): DocumentPath => ['escalations', i, ...rest];
    const isAt = rung.on.endsWith('.at');
    if (isAt && rung.at === undefined)
      ctx.report(at('on'), `${rung.on} needs 'at:' (a share of the target, e.g. 80%)`);
    if (!isAt && rung.at !== undefined)
      ctx.report(at('at'), `'at' only applies to response.at and resolution.at`);
    if (rung.at !== undefined && parsePercent(rung.at) === undefined)
      ctx.report(at('at'), 'expected a percentage from 0% to 100%');
    if (rung.on === 'task.unclaimed' && rung.after === undefined) {
      ctx.report(at('on'), `task.unclaimed needs 'after:' (how long a task may stay unclaimed)`);
    }
    (rung.departments ?? []).forEach((d, k) =>
      checkReference(ctx, ctx.departmentIds, 'department', d, at('departments', k)),
    );
    (rung.tiers ?? []).forEach((tier, k) => {
      if (!tiers.has(tier)) ctx.report(at('tiers', k), `unknown tier '${tier}' (${oneOf(tiers)})`);
    });
    checkCel(ctx, rung.when, at('when'), 'bool');
    checkActions(ctx, rung.actions, at('actions'));
  });
}

export function checkQuality(ctx: CheckContext): void {
  const quality = ctx.doc.quality;
  if (!quality) return;
  checkReference(ctx, ctx.departmentIds, 'department', quality.department, ['quality', 'department']);
  checkDuplicateValues(ctx, quality.outcomes, ['quality', 'outcomes'], 'outcome');
  if (parsePercent(quality.sample) === undefined)
    ctx.report(['quality', 'sample'], 'expected a percentage from 0% to 100%');
}
