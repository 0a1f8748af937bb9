/**
 * What changed between two versions of a template, in words a process designer reads ("SLA P2:
 * resolution 9h → 8h", "step 'triage': outcome 'route' now leads to 'billing-desk' (was
 * 'department-work')"). Compares compiled plans, so formatting and comments are not changes.
 */
import type { Plan, PlanEscalation, PlanStep } from './plan';
import { planEdges } from './mermaid';

export type ChangeSection =
  | 'template'
  | 'departments'
  | 'calendars'
  | 'input'
  | 'classify'
  | 'priority'
  | 'sla'
  | 'escalations'
  | 'steps'
  | 'continuity'
  | 'quality';

export interface TemplateChange {
  section: ChangeSection;
  kind: 'added' | 'removed' | 'changed';
  /** One line of plain language. */
  text: string;
}

/** 9h, 1d 2h, 15m, 90s: durations as a designer writes them. */
export function formatDuration(ms: number): string {
  const units: Array<[string, number]> = [
    ['d', 86400e3],
    ['h', 3600e3],
    ['m', 60e3],
    ['s', 1e3],
  ];
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest}ms`);
  return parts.join(' ');
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const show = (value: unknown) => (typeof value === 'string' ? `'${value}'` : JSON.stringify(value));

/** Keyed collections: added, removed, and a describer for those present in both. */
function compareKeyed<T>(
  section: ChangeSection,
  what: string,
  before: Record<string, T>,
  after: Record<string, T>,
  describeChange: (id: string, a: T, b: T) => string[],
): TemplateChange[] {
  const changes: TemplateChange[] = [];
  for (const id of Object.keys(before)) {
    if (!Object.hasOwn(after, id))
      changes.push({ section, kind: 'removed', text: `removed ${what} '${id}'` });
  }
  for (const [id, b] of Object.entries(after)) {
    const a = Object.hasOwn(before, id) ? before[id] : undefined;
    if (a === undefined) changes.push({ section, kind: 'added', text: `added ${what} '${id}'` });
    else if (!same(a, b)) {
      for (const text of describeChange(id, a, b)) changes.push({ section, kind: 'changed', text });
    }
  }
  return changes;
}

/** Field by field: `what: before → after` for each top-level field that differs. */
function fieldChanges(subject: string, a: object, b: object, skip: string[] = []): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !skip.includes(k));
  return keys
    .filter((k) => !same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    .map((k) => {
      const [x, y] = [(a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]];
      if (x === undefined) return `${subject}: ${k} set to ${show(y)}`;
      if (y === undefined) return `${subject}: ${k} removed (was ${show(x)})`;
      return `${subject}: ${k} ${show(x)} → ${show(y)}`;
    });
}

function stepChanges(id: string, a: PlanStep, b: PlanStep): string[] {
  const subject = `step '${id}'`;
  if (a.kind !== b.kind) return [`${subject}: kind ${a.kind} → ${b.kind}`];
  const edgesOf = (s: PlanStep) => new Map(planEdges(s).map((e) => [e.label || 'next', e.to]));
  const [ea, eb] = [edgesOf(a), edgesOf(b)];
  const lines: string[] = [];
  for (const [label, to] of eb) {
    const was = ea.get(label);
    const name = label === 'next' ? 'next' : `'${label}'`;
    if (was === undefined) lines.push(`${subject}: new ${name} leads to '${to}'`);
    else if (was !== to) lines.push(`${subject}: ${name} now leads to '${to}' (was '${was}')`);
  }
  for (const label of ea.keys())
    if (!eb.has(label)) lines.push(`${subject}: no longer has ${label === 'next' ? 'next' : `'${label}'`}`);
  const routing = ['next', 'onTimeout', 'onFailure', 'branches', 'outcomes'];
  lines.push(...fieldChanges(subject, a, b, routing));
  if ('outcomes' in a && 'outcomes' in b) {
    for (const [outcome, o] of Object.entries(b.outcomes)) {
      const was = a.outcomes[outcome];
      if (was && !same(was.form, o.form)) lines.push(`${subject}: form of outcome '${outcome}' changed`);
    }
  }
  if ('branches' in a && 'branches' in b) {
    const conditions = (s: typeof a) => s.branches.map((x) => x.when ?? 'default');
    if (!same(conditions(a), conditions(b))) lines.push(`${subject}: branch conditions changed`);
  }
  return lines.length > 0 ? lines : [`${subject} changed`];
}

function ruleList<T extends { when?: string; index: number }>(
  section: ChangeSection,
  what: string,
  a: T[],
  b: T[],
  key: (r: T) => string,
): TemplateChange[] {
  const describe = (r: T) => `${what} #${r.index + 1} (${key(r)}${r.when ? ` when ${r.when}` : ', default'})`;
  const strip = (r: T) => JSON.stringify({ ...r, index: 0 });
  const before = new Set(a.map(strip));
  const after = new Set(b.map(strip));
  const changes: TemplateChange[] = [];
  for (const r of a)
    if (!after.has(strip(r))) changes.push({ section, kind: 'removed', text: `removed ${describe(r)}` });
  for (const r of b)
    if (!before.has(strip(r))) changes.push({ section, kind: 'added', text: `added ${describe(r)}` });
  if (changes.length === 0 && !same(a.map(strip), b.map(strip)))
    changes.push({ section, kind: 'changed', text: `${what}s reordered` });
  return changes;
}

export function diffPlans(before: Plan, after: Plan): TemplateChange[] {
  const changes: TemplateChange[] = [];
  for (const text of fieldChanges('template', before, after, [
    'sha256',
    'departments',
    'calendars',
    'input',
    'classify',
    'priority',
    'sla',
    'escalations',
    'steps',
    'continuity',
    'quality',
  ])) {
    changes.push({ section: 'template', kind: 'changed', text });
  }
  changes.push(
    ...compareKeyed('departments', 'department', before.departments, after.departments, (id, a, b) =>
      fieldChanges(`department '${id}'`, a, b),
    ),
  );
  changes.push(
    ...compareKeyed('calendars', 'calendar', before.calendars, after.calendars, (id, a, b) =>
      fieldChanges(`calendar '${id}'`, a, b),
    ),
  );
  changes.push(
    ...compareKeyed('input', 'input field', before.input, after.input, (id, a, b) =>
      fieldChanges(`input '${id}'`, a, b),
    ),
  );
  changes.push(
    ...ruleList(
      'classify',
      'classify rule',
      before.classify,
      after.classify,
      (r) => `category ${r.category}${r.department ? ` → ${r.department}` : ''}`,
    ),
  );
  const p = [before.priority, after.priority] as const;
  if (!same(p[0].order, p[1].order))
    changes.push({
      section: 'priority',
      kind: 'changed',
      text: `priority order ${p[0].order.join(' > ')} → ${p[1].order.join(' > ')}`,
    });
  changes.push(...ruleList('priority', 'impact rule', p[0].impact, p[1].impact, (r) => `level ${r.level}`));
  changes.push(
    ...ruleList('priority', 'urgency rule', p[0].urgency, p[1].urgency, (r) => `level ${r.level}`),
  );
  changes.push(
    ...ruleList(
      'priority',
      'override',
      p[0].overrides,
      p[1].overrides,
      (r) => `raise ${r.raise}: ${r.reason}`,
    ),
  );
  for (const [impact, row] of Object.entries(p[1].matrix)) {
    for (const [urgency, priority] of Object.entries(row)) {
      const was = p[0].matrix[impact]?.[urgency];
      if (was !== priority)
        changes.push({
          section: 'priority',
          kind: 'changed',
          text: `matrix impact ${impact} × urgency ${urgency}: ${was ?? 'none'} → ${priority}`,
        });
    }
  }
  if (!same(before.sla.pauseWhen, after.sla.pauseWhen))
    changes.push({
      section: 'sla',
      kind: 'changed',
      text: `clocks pause when ${after.sla.pauseWhen.join(', ') || 'never'} (was ${before.sla.pauseWhen.join(', ') || 'never'})`,
    });
  changes.push(
    ...compareKeyed('sla', 'SLA target for', before.sla.targets, after.sla.targets, (id, a, b) => [
      ...(a.responseMs !== b.responseMs
        ? [`SLA ${id}: response ${formatDuration(a.responseMs)} → ${formatDuration(b.responseMs)}`]
        : []),
      ...(a.resolutionMs !== b.resolutionMs
        ? [`SLA ${id}: resolution ${formatDuration(a.resolutionMs)} → ${formatDuration(b.resolutionMs)}`]
        : []),
      ...(a.calendar !== b.calendar ? [`SLA ${id}: calendar ${a.calendar} → ${b.calendar}`] : []),
    ]),
  );
  const byId = (list: PlanEscalation[]) => Object.fromEntries(list.map((e) => [e.id, e]));
  changes.push(
    ...compareKeyed(
      'escalations',
      'escalation',
      byId(before.escalations),
      byId(after.escalations),
      (id, a, b) => fieldChanges(`escalation '${id}'`, a, b),
    ),
  );
  if (before.start !== after.start)
    changes.push({
      section: 'steps',
      kind: 'changed',
      text: `the flow now starts at '${after.start}' (was '${before.start}')`,
    });
  changes.push(...compareKeyed('steps', 'step', before.steps, after.steps, stepChanges));
  for (const text of fieldChanges('continuity', before.continuity, after.continuity))
    changes.push({ section: 'continuity', kind: 'changed', text });
  if (!same(before.quality, after.quality)) {
    const text = !after.quality
      ? 'quality sampling removed'
      : !before.quality
        ? `quality sampling added (${after.quality.samplePercent}%)`
        : fieldChanges('quality', before.quality, after.quality).join('; ');
    changes.push({ section: 'quality', kind: 'changed', text });
  }
  return changes;
}

/** The report `caseflow diff` prints: a heading per section, one change per line. */
export function formatChanges(before: Plan, after: Plan, changes: TemplateChange[]): string {
  const head = `${before.name} v${before.version} → ${after.name} v${after.version}`;
  if (changes.length === 0) return `${head}: no changes\n`;
  const lines = [head];
  const mark = { added: '+', removed: '-', changed: '~' } as const;
  for (const section of [...new Set(changes.map((c) => c.section))]) {
    lines.push('', section);
    for (const c of changes.filter((x) => x.section === section)) lines.push(`  ${mark[c.kind]} ${c.text}`);
  }
  return `${lines.join('\n')}\n`;
}
