/**
 * Values checked against declared fields: the form an agent sends with an outcome (the engine, when a task
 * completes) and a case's input attributes (definitions/case-input.ts). Errors name the field, because the
 * API turns them into a 422 problem with field-level issues. Pure, so the workflow sandbox runs it too.
 */
import type { PlanFormField } from './plan';

/** Returns the problems found (empty when the form is valid). */
export function formProblems(
  fields: Record<string, PlanFormField>,
  form: Record<string, unknown> | undefined,
): string[] {
  const given = form ?? {};
  const problems: string[] = [];
  // Own properties only: `in` and plain reads also see Object.prototype, so `__proto__`, `constructor` or
  // `toString` would pass as fields of every form (a JSON body can carry `__proto__` as an own key).
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(fields, name)) problems.push(`${name}: not a field of this outcome`);
  }
  for (const [name, field] of Object.entries(fields)) {
    const value = ownValue(given, name);
    if (value === undefined || value === null || value === '') {
      if (field.required) problems.push(`${name}: required`);
      continue;
    }
    const problem = fieldProblem(field, value);
    if (problem !== undefined) problems.push(`${name}: ${problem}`);
  }
  return problems;
}

/** The object's own property `name`, never one inherited from Object.prototype. */
export function ownValue(object: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(object, name) ? object[name] : undefined;
}

/** What is wrong with one value of a declared field (also used by the API for a case's input attributes). */
export function fieldProblem(
  field: Pick<PlanFormField, 'type' | 'values'>,
  value: unknown,
): string | undefined {
  switch (field.type) {
    case 'string':
      return typeof value === 'string' ? undefined : 'expected a string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'expected a number';
    case 'integer':
      return Number.isInteger(value) ? undefined : 'expected an integer';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'expected true or false';
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? undefined
        : 'expected an ISO-8601 date-time';
    case 'enum':
      return typeof value === 'string' && (field.values ?? []).includes(value)
        ? undefined
        : `expected one of ${(field.values ?? []).join(', ')}`;
    default: {
      const unknownType: never = field.type;
      return `unknown field type ${String(unknownType)}`;
    }
  }
}
