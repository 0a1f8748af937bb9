import type { Plan } from './plan';
import { fieldProblem, ownValue } from './field-values';

/** A problem with one attribute, named as the API names request fields (`body.attributes.<name>`). */
export interface AttributeIssue {
  field: string;
  message: string;
}

/**
 * Checks a case's `attributes` against the template's `input` section: required fields present, values of
 * the declared type, enum values known; fills defaults. Returns the attributes to start the case with.
 */
export function checkCaseAttributes(
  plan: Plan,
  attributes: Record<string, unknown>,
): { ok: true; attributes: Record<string, unknown> } | { ok: false; errors: AttributeIssue[] } {
  const errors: AttributeIssue[] = [];
  const out: Record<string, unknown> = { ...attributes };
  for (const [name, field] of Object.entries(plan.input)) {
    // Own attributes only, so a field named `constructor` is not "given" by Object.prototype.
    const value = ownValue(attributes, name);
    const where = `body.attributes.${name}`;
    if (value === undefined || value === null) {
      if (field.default !== undefined) out[name] = field.default;
      else if (field.required) errors.push({ field: where, message: `required by template ${plan.name}` });
      continue;
    }
    const problem = fieldProblem(field, value);
    if (problem) errors.push({ field: where, message: problem });
  }
  return errors.length ? { ok: false, errors } : { ok: true, attributes: out };
}
