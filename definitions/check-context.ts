/**
 * What the semantic checks share: the parts of the document that passed the schema (a section or list item
 * that did not is left out, so one typo does not hide every other error), the ids the file declares, and a
 * reporter that turns a path into a file position.
 */
import { attributeReferences, checkExpression, type ExpectedType } from './expressions';
import type { TemplateError } from './errors';
import type { DocumentPath, LoadedTemplate } from './load';
import type { CalendarDocument, DepartmentDocument, EscalationDocument, TemplateDocument } from './schema';
import type { StepDocument } from './steps';

/** The document as far as it passed the schema: lists keep their indexes, failed items are undefined. */
export interface PartialTemplate {
  departments?: Array<DepartmentDocument | undefined>;
  calendars?: Array<CalendarDocument | undefined>;
  /** undefined when the section failed the schema; {} when absent. */
  input?: NonNullable<TemplateDocument['input']>;
  classify?: Array<TemplateDocument['classify'][number] | undefined>;
  priority?: PartialPriority;
  sla?: TemplateDocument['sla'];
  escalations?: Array<EscalationDocument | undefined>;
  steps?: Array<StepDocument | undefined>;
  quality?: TemplateDocument['quality'];
}

type PriorityDocument = TemplateDocument['priority'];

/** The priority section piece by piece; each piece undefined when it failed the schema. */
export interface PartialPriority {
  order?: PriorityDocument['order'];
  impact?: Array<PriorityDocument['impact'][number] | undefined>;
  urgency?: Array<PriorityDocument['urgency'][number] | undefined>;
  matrix?: PriorityDocument['matrix'];
  overrides?: Array<NonNullable<PriorityDocument['overrides']>[number] | undefined>;
}

export interface CheckContext {
  doc: PartialTemplate;
  /** Ids declared in the file (from the raw data, so items that failed the schema still count). */
  departmentIds?: Set<string>;
  calendarIds?: Set<string>;
  stepIds?: Set<string>;
  /** Step ids by position in the raw list, so the step below is known even when it failed the schema. */
  stepIdAt(index: number): string | undefined;
  report(path: DocumentPath, message: string, options?: { key?: boolean; offsetInValue?: number }): void;
}

export function createCheckContext(
  template: LoadedTemplate,
  doc: PartialTemplate,
  errors: TemplateError[],
): CheckContext {
  const raw = (template.data ?? {}) as Record<string, unknown>;
  const idsOf = (section: string): Set<string> | undefined => {
    const list = raw[section];
    if (!Array.isArray(list)) return undefined;
    const ids = list.map((item: unknown) =>
      item && typeof item === 'object' ? (item as { id?: unknown }).id : undefined,
    );
    return new Set(ids.filter((value): value is string => typeof value === 'string'));
  };
  const calendarIds = raw.calendars === undefined ? new Set<string>() : idsOf('calendars');
  calendarIds?.add('24x7');
  return {
    doc,
    departmentIds: idsOf('departments'),
    calendarIds,
    stepIds: idsOf('steps'),
    stepIdAt(index) {
      const list = raw.steps;
      const item: unknown = Array.isArray(list) ? list[index] : undefined;
      const id = item && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
      return typeof id === 'string' ? id : undefined;
    },
    report(path, message, options) {
      errors.push({ file: template.file, ...template.locate(path, options), message });
    },
  };
}

export function oneOf(ids: Iterable<string>): string {
  const list = [...ids];
  return list.length === 0 ? 'none declared' : `expected one of: ${list.join(', ')}`;
}

/** Reports a reference to an id the file does not declare; silent when the declaring section is unreadable. */
export function checkReference(
  ctx: CheckContext,
  known: Set<string> | undefined,
  what: string,
  value: string | undefined,
  path: DocumentPath,
): void {
  if (value === undefined || !known || known.has(value)) return;
  ctx.report(path, `unknown ${what} '${value}' (${oneOf(known)})`);
}

/** Parses and type-checks a CEL expression and the attributes it names against `input`. */
export function checkCel(
  ctx: CheckContext,
  source: string | undefined,
  path: DocumentPath,
  expected: ExpectedType,
): void {
  if (source === undefined) return;
  const result = checkExpression(source, expected);
  if (!result.ok) {
    ctx.report(path, `invalid expression: ${result.message}`, { offsetInValue: result.offset ?? 0 });
    return;
  }
  const input = ctx.doc.input;
  if (!input) return;
  for (const ref of attributeReferences(source)) {
    if (!Object.hasOwn(input, ref.name)) {
      ctx.report(
        path,
        `unknown attribute '${ref.name}' (declare it under input; ${oneOf(Object.keys(input))})`,
        {
          offsetInValue: ref.offset,
        },
      );
    }
  }
}

/** Ordered rules: exactly one catch-all (`default: true`, no `when`), and it comes last. */
export function checkRuleList(
  ctx: CheckContext,
  rules: ReadonlyArray<{ when?: string; default?: true } | undefined>,
  path: DocumentPath,
  what: string,
): void {
  let defaults = 0;
  rules.forEach((rule, i) => {
    if (!rule) return;
    if (rule.default && rule.when !== undefined) {
      ctx.report([...path, i, 'default'], `a ${what} is either a default or has a when, not both`);
    }
    if (!rule.default && rule.when === undefined) {
      ctx.report([...path, i], `expected 'when: <condition>' or 'default: true' in this ${what}`);
    }
    if (rule.default) {
      defaults++;
      if (defaults > 1) ctx.report([...path, i, 'default'], `only one default ${what} is allowed`);
      else if (i !== rules.length - 1)
        ctx.report([...path, i, 'default'], `the default ${what} must be the last one`);
    }
  });
  if (defaults === 0 && rules.length > 0 && rules.every((rule) => rule !== undefined)) {
    ctx.report([...path, rules.length - 1], `expected a last ${what} with 'default: true' (the catch-all)`);
  }
}

/** Reports outcome ids (or other plain ids) listed twice. */
export function checkDuplicateValues(
  ctx: CheckContext,
  values: readonly string[],
  path: DocumentPath,
  what: string,
): void {
  values.forEach((value, i) => {
    if (values.indexOf(value) !== i) ctx.report([...path, i], `duplicate ${what} '${value}'`);
  });
}

/** Reports ids that appear twice in a list. */
export function checkDuplicateIds(
  ctx: CheckContext,
  items: ReadonlyArray<{ id?: string } | undefined>,
  path: DocumentPath,
  what: string,
): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (!item?.id) return;
    if (seen.has(item.id)) ctx.report([...path, i, 'id'], `duplicate ${what} id '${item.id}'`);
    seen.add(item.id);
  });
}
