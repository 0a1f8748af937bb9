import type { Plan, PlanInputField } from '../definitions/plan';
import type { FieldIssue } from './problem';

/**
 * Checks a case's `attributes` against the template's `input` section: required fields present, values of
 * the declared type, enum values known; fills defaults. Returns the attributes to start the case with.
 */
export function checkCaseAttributes(
  plan: Plan,
  attributes: Record<string, unknown>,
): { ok: true; attributes: Record<string, unknown> } | { ok: false; errors: FieldIssue[] } {
  const errors: FieldIssue[] = [];
  const out: Record<string, unknown> = { ...attributes };
  for (const [name, field] of Object.entries(plan.input)) {
    const value = attributes[name];
    const where = `body.attributes.${name}`;
    if (value === undefined || value === null) {
      if (field.default !== undefined) out[name] = field.default;
      else if (field.required) errors.push({ field: where, message: `required by template ${plan.name}` });
      continue;
    }
    const problem = typeProblem(field, value);
    if (problem) errors.push({ field: where, message: problem });
  }
  return errors.length ? { ok: false, errors } : { ok: true, attributes: out };
}

function typeProblem(field: PlanInputField, value: unknown): string | undefined {
  switch (field.type) {
    case 'string':
      return typeof value === 'string' ? undefined : 'expected a string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'expected a number';
    case 'integer':
      return Number.isInteger(value) ? undefined : 'expected a whole number';
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
  }
}
