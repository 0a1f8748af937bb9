/**
 * Form keys are checked against the outcome's own fields only: `__proto__`, `constructor` and the other
 * names Object.prototype carries are not fields of every form.
 */
import type { Request } from 'express';
import { checkCaseAttributes } from '../../../definitions/case-input';
import type { Plan, PlanFormField } from '../../../definitions/plan';
import { HttpProblem } from '../../../api/problem';
import { completionBody } from '../../../api/task-form';
import { formProblems } from '../../../definitions/field-values';

const fields: Record<string, PlanFormField> = { resolution: { type: 'string', required: true } };

describe('formProblems', () => {
  it.each([
    ['{"resolution":"done","__proto__":{"polluted":true}}', '__proto__'],
    ['{"resolution":"done","constructor":"x"}', 'constructor'],
    ['{"resolution":"done","toString":"x"}', 'toString'],
    ['{"resolution":"done","hasOwnProperty":1}', 'hasOwnProperty'],
  ])('refuses %s, naming the key', (json, key) => {
    // JSON.parse makes `__proto__` an own key, as the API's body parser does.
    const form = JSON.parse(json) as Record<string, unknown>;
    expect(formProblems(fields, form)).toEqual([`${key}: not a field of this outcome`]);
  });

  it('does not take a required field from Object.prototype', () => {
    const field: PlanFormField = { type: 'string', required: true };
    const declared: Record<string, PlanFormField> = { constructor: field };
    expect(formProblems(declared, {})).toEqual(['constructor: required']);
    expect(formProblems(declared, { constructor: 'a name' })).toEqual([]);
  });

  it('accepts a form of declared fields', () => {
    expect(formProblems(fields, { resolution: 'done' })).toEqual([]);
  });
});

describe('case input attributes', () => {
  const plan = {
    name: 'proto-test',
    input: {
      constructor: { type: 'string', required: true },
      toString: { type: 'string', required: false, default: 'kept' },
    },
  } as unknown as Plan;

  it('does not take an attribute from Object.prototype', () => {
    expect(checkCaseAttributes(plan, {})).toEqual({
      ok: false,
      errors: [{ field: 'body.attributes.constructor', message: 'required by template proto-test' }],
    });
    expect(checkCaseAttributes(plan, { constructor: 'x' })).toEqual({
      ok: true,
      attributes: { constructor: 'x', toString: 'kept' },
    });
  });
});

describe('the API reading a completion body', () => {
  const request = (json: string) => ({ body: JSON.parse(json) as unknown }) as Request;

  it('refuses a __proto__ form key, which zod would drop silently, with 422 naming the field', () => {
    let refused: unknown;
    try {
      completionBody(request('{"outcome":"resolved","form":{"resolution":"x","__proto__":{"a":1}}}'));
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(HttpProblem);
    expect(refused).toMatchObject({
      status: 422,
      detail: 'form: __proto__: not a field of this outcome',
      extra: { errors: [{ field: 'body.form.__proto__', message: 'not a field of this outcome' }] },
    });
  });

  it('passes other keys on for the engine to judge', () => {
    expect(
      completionBody(request('{"outcome":"resolved","form":{"resolution":"x","constructor":"y"}}')),
    ).toEqual({
      outcome: 'resolved',
      form: { resolution: 'x', constructor: 'y' },
    });
    expect(completionBody(request('{"outcome":"resolved"}'))).toEqual({ outcome: 'resolved' });
  });
});
