/**
 * Validation: load → schema → semantic checks, in the spirit of zigflow's PostLoad → Validate pipeline.
 * Every problem comes back as a located TemplateError, all of a file at once; nothing a template contains
 * makes this throw (user errors are values, not exceptions).
 */
import * as z from 'zod';
import { createCheckContext, type PartialTemplate } from './check-context';
import { credentialWarnings } from './check-credentials';
import {
  checkCalendars,
  checkClassify,
  checkDepartments,
  checkEscalations,
  checkInput,
  checkPriority,
  checkQuality,
  checkSla,
} from './check-sections';
import { checkSteps } from './check-steps';
import { sortTemplateErrors, type TemplateError } from './errors';
import { loadTemplateSource, type DocumentPath, type LoadedTemplate } from './load';
import {
  calendarSchema,
  classifyRuleSchema,
  departmentSchema,
  escalationSchema,
  inputFieldSchema,
  prioritySchema,
  qualitySchema,
  slaSchema,
  templateSchema,
  type TemplateDocument,
} from './schema';
import { defaultIssueMessage, issuesToErrors } from './schema-issues';
import { stepSchema } from './steps';

/**
 * `warnings` (e.g. a header that looks like a literal credential, check-credentials.ts) never make a
 * template invalid; they are reported beside the errors, if any.
 */
export type ValidationResult =
  | { ok: true; document: TemplateDocument; template: LoadedTemplate; warnings: TemplateError[] }
  | { ok: false; errors: TemplateError[]; warnings?: TemplateError[] };

const parseOptions = { error: defaultIssueMessage };

/** Validates template source text; `file` is only used to name the place of each error. */
export function validateTemplateSource(text: string, file: string): ValidationResult {
  try {
    return validate(text, file);
  } catch (error) {
    // A bug of ours, not of the template: still an error value, so a CLI or API caller never crashes.
    const message = `internal error while validating (please report): ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, errors: [{ file, line: 1, column: 1, message }] };
  }
}

function validate(text: string, file: string): ValidationResult {
  const loaded = loadTemplateSource(text, file);
  if (!loaded.ok) return loaded;
  const template = loaded.template;
  const errors: TemplateError[] = [];
  if (template.data === null || template.data === undefined) {
    const message = 'the file is empty: expected a template starting with apiVersion: caseflow/v1';
    return { ok: false, errors: [{ file, line: 1, column: 1, message }] };
  }
  const parsed = templateSchema.safeParse(template.data, parseOptions);
  if (!parsed.success) {
    errors.push(...issuesToErrors(parsed.error.issues, template, (path) => allowedKeys(path, template.data)));
  }
  // An absent input section declares no attributes (so none may be read); {} says so to the checks.
  const doc = parsed.success
    ? { ...parsed.data, input: parsed.data.input ?? {} }
    : partialDocument(template.data);
  const ctx = createCheckContext(template, doc, errors);
  checkDepartments(ctx);
  checkCalendars(ctx);
  checkInput(ctx);
  checkClassify(ctx);
  checkPriority(ctx);
  checkSla(ctx);
  checkEscalations(ctx);
  checkSteps(ctx);
  checkQuality(ctx);
  const warnings = sortTemplateErrors(credentialWarnings(template));
  if (errors.length > 0 || !parsed.success)
    return { ok: false, errors: sortTemplateErrors(errors), warnings };
  return { ok: true, document: parsed.data, template, warnings };
}

/** The sections and list items that pass the schema on their own, for semantic checks despite errors. */
function partialDocument(data: unknown): PartialTemplate {
  const raw = (data && typeof data === 'object' && !Array.isArray(data) ? data : {}) as Record<
    string,
    unknown
  >;
  const list = <T>(key: string, schema: z.ZodType<T>): Array<T | undefined> | undefined => {
    const value = raw[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) return undefined;
    return value.map((item: unknown) => {
      const result = schema.safeParse(item);
      return result.success ? result.data : undefined;
    });
  };
  const one = <T>(key: string, schema: z.ZodType<T>): T | undefined => {
    const result = schema.safeParse(raw[key]);
    return result.success ? result.data : undefined;
  };
  return {
    departments: list('departments', departmentSchema),
    calendars: list('calendars', calendarSchema),
    input: raw.input === undefined ? {} : one('input', z.record(z.string(), inputFieldSchema)),
    classify: list('classify', classifyRuleSchema),
    priority: partialPriority(raw.priority),
    sla: one('sla', slaSchema),
    escalations: list('escalations', escalationSchema),
    steps: list('steps', stepSchema),
    quality: raw.quality === undefined ? undefined : one('quality', qualitySchema),
  };
}

/** The priority section piece by piece: a bad override must not hide matrix or SLA coverage errors. */
function partialPriority(data: unknown): PartialTemplate['priority'] {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const raw = data as Record<string, unknown>;
  const shape = prioritySchema.shape;
  const field = <T>(key: string, schema: z.ZodType<T>): T | undefined => {
    const result = schema.safeParse(raw[key]);
    return result.success ? result.data : undefined;
  };
  const items = <T>(key: string, schema: z.ZodType<T>): Array<T | undefined> | undefined =>
    Array.isArray(raw[key]) ? (raw[key] as unknown[]).map((item) => schema.safeParse(item).data) : undefined;
  return {
    order: field('order', shape.order),
    impact: items('impact', shape.impact.element),
    urgency: items('urgency', shape.urgency.element),
    matrix: field('matrix', shape.matrix),
    overrides: raw.overrides === undefined ? [] : items('overrides', shape.overrides.unwrap().element),
  };
}

/** The keys the schema allows at a path, for "unknown key … (expected one of …)". */
function allowedKeys(path: DocumentPath, data: unknown): string[] | undefined {
  let schema: z.ZodType | undefined = templateSchema;
  let value: unknown = data;
  for (const segment of [...path, undefined]) {
    schema = unwrap(schema, value);
    if (segment === undefined || !schema) break;
    value =
      value && typeof value === 'object' ? (value as Record<string, unknown>)[String(segment)] : undefined;
    if (schema instanceof z.ZodObject)
      schema = (schema.shape as Record<string, z.ZodType | undefined>)[String(segment)];
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else if (schema instanceof z.ZodRecord) schema = schema.valueType as z.ZodType;
    else return undefined;
  }
  if (schema instanceof z.ZodRecord && schema.keyType instanceof z.ZodEnum)
    return schema.keyType.options.map(String);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined;
}

/** Optional → inner; union → the object option that fits the value (by `kind` for steps). */
function unwrap(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  let current = schema;
  for (let depth = 0; current && depth < 10; depth++) {
    if (current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodUnion) {
      const options = (current.options as z.ZodType[]).filter((o) => o instanceof z.ZodObject);
      const kind = value && typeof value === 'object' ? (value as { kind?: unknown }).kind : undefined;
      const byKind = options.find((o) => {
        const literal = (o.shape as Record<string, z.ZodType>).kind;
        return literal instanceof z.ZodLiteral && literal.value === kind;
      });
      const objectOptions = options;
      current = byKind ?? (objectOptions.length === 1 ? objectOptions[0] : undefined);
    } else return current;
  }
  return current;
}
