/**
 * Compiling: a validated template → the plain-JSON Plan a case runs (plan.ts). Pure and deterministic:
 * the same source text always gives the same plan and the same sha256, which is what pins a case to its
 * version. Defaults are filled in here, once, so the engine never guesses.
 *
 * Uses node:crypto, so workflow code must not import this file (it receives the compiled plan as input).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TemplateError } from './errors';
import { compileAction, defined, ms } from './compile-actions';
import { parsePercent, parseHours } from './durations';
import { implicitNext } from './graph';
import type * as P from './plan';
import { WEEKDAYS, type EscalationDocument, type TemplateDocument } from './schema';
import { definitionOf } from './steps';
import { validateTemplateSource } from './validate';

export type CompileResult = { ok: true; plan: P.Plan } | { ok: false; errors: TemplateError[] };

/** Validates and compiles template source text. Never throws for anything the text contains. */
export function compileTemplate(sourceText: string, fileName: string): CompileResult {
  const validated = validateTemplateSource(sourceText, fileName);
  if (!validated.ok) return validated;
  return { ok: true, plan: compileDocument(validated.document, sha256(sourceText)) };
}

/** Reads, validates and compiles a template file; an unreadable file is an error value too. */
export function loadTemplateFile(path: string): CompileResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    // Not `instanceof Error`: errors from node:fs may come from another realm (jest, vm).
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
    const reason = typeof code === 'string' ? code : String(error);
    return {
      ok: false,
      errors: [{ file: path, line: 1, column: 1, message: `cannot read the file (${reason})` }],
    };
  }
  return compileTemplate(text, path);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const BUILT_IN_24X7: P.PlanCalendar = {
  id: '24x7',
  timezone: 'UTC',
  alwaysOpen: true,
  hours: {},
  holidays: [],
};

export function compileDocument(doc: TemplateDocument, hash: string): P.Plan {
  const calendars: Record<string, P.PlanCalendar> = { '24x7': BUILT_IN_24X7 };
  for (const calendar of doc.calendars ?? []) {
    const hours: P.PlanCalendar['hours'] = {};
    WEEKDAYS.forEach((day, i) => {
      const value = calendar.hours[day];
      if (value === undefined) return;
      const ranges = (Array.isArray(value) ? value : [value]).map(parseHours).filter((r) => !('error' in r));
      hours[(i + 1) as P.Weekday] = (ranges as Array<{ startMinute: number; endMinute: number }>).sort(
        (a, b) => a.startMinute - b.startMinute,
      );
    });
    calendars[calendar.id] = {
      id: calendar.id,
      timezone: calendar.timezone,
      alwaysOpen: false,
      hours,
      holidays: [...(calendar.holidays ?? [])].sort(),
    };
  }
  const steps: Record<string, P.PlanStep> = {};
  doc.steps.forEach((step, i) => {
    steps[step.id] = definitionOf(step.kind).compile(step, implicitNext(doc.steps, i) ?? '');
  });
  const first = doc.steps[0];
  return defined({
    apiVersion: doc.apiVersion,
    name: doc.name,
    version: doc.version,
    title: doc.title,
    description: doc.description,
    sha256: hash,
    departments: Object.fromEntries(
      doc.departments.map((d) => [
        d.id,
        defined({ id: d.id, title: d.title, calendar: d.calendar, tiers: d.tiers ?? [] }),
      ]),
    ),
    calendars,
    input: Object.fromEntries(
      Object.entries(doc.input ?? {}).map(([name, f]) => [
        name,
        defined({ ...f, required: f.required ?? false }),
      ]),
    ),
    classify: doc.classify.map((r, index) =>
      defined({ when: r.when, category: r.category, department: r.department, tags: r.tags ?? [], index }),
    ),
    priority: {
      order: doc.priority.order,
      impact: doc.priority.impact.map((r, index) => defined({ when: r.when, level: r.level, index })),
      urgency: doc.priority.urgency.map((r, index) => defined({ when: r.when, level: r.level, index })),
      matrix: doc.priority.matrix,
      overrides: (doc.priority.overrides ?? []).map((o, index) => ({
        when: o.when,
        raise: o.raise,
        reason: o.reason,
        index,
      })),
    },
    sla: {
      pauseWhen: doc.sla.pauseWhen ?? ['waiting'],
      targets: Object.fromEntries(
        Object.entries(doc.sla.targets).map(([priority, t]) => [
          priority,
          {
            responseMs: ms(t.response),
            resolutionMs: ms(t.resolution),
            calendar: t.calendar ?? doc.sla.calendar ?? '24x7',
          },
        ]),
      ),
    },
    escalations: (doc.escalations ?? []).map(compileEscalation),
    start: first?.id ?? '',
    steps,
    continuity: {
      mergeOpenCase: doc.continuity?.mergeOpenCase ?? false,
      preferLastHandler: doc.continuity?.preferLastHandler ?? false,
    },
    quality: doc.quality && {
      samplePercent: parsePercent(doc.quality.sample) ?? 0,
      department: doc.quality.department,
      title: doc.quality.title,
      outcomes: doc.quality.outcomes,
    },
    ...(doc.suggestions === undefined || doc.suggestions === 'off'
      ? {}
      : {
          suggestions:
            doc.suggestions.minConfidence === undefined
              ? {}
              : { minConfidence: doc.suggestions.minConfidence },
        }),
  });
}

function compileEscalation(rung: EscalationDocument): P.PlanEscalation {
  const [clock, event] = rung.on.split('.') as [P.ClockName | 'task', string];
  const after = rung.after === undefined ? 0 : ms(rung.after);
  const trigger: P.EscalationTrigger =
    clock === 'task'
      ? { kind: 'task.unclaimed', afterMs: after }
      : event === 'at'
        ? { kind: 'clock.at', clock, percent: parsePercent(rung.at ?? 100) ?? 100 }
        : { kind: 'clock.breached', clock };
  return defined({
    id: rung.id,
    trigger,
    delayMs: clock === 'task' ? 0 : after,
    departments: rung.departments,
    tiers: rung.tiers,
    when: rung.when,
    actions: rung.actions.map(compileAction),
  });
}
