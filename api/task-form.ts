/**
 * The body that completes a task, at the API (what a task asks for, its `forms`, is the task use cases':
 * tasks/forms.ts).
 *
 * The body of a task completion: zod builds a record afresh and leaves a `__proto__` key out (assigning it
 * would set the new object's prototype), so such a key would vanish silently instead of being refused like
 * every other key that is not a field of the outcome — which the engine does (definitions/field-values.ts).
 * A key the parsed form lost is refused here in the engine's words: 422, naming the field.
 */
import type { Request } from 'express';
import type { z } from 'zod';
import { HttpProblem } from './problem';
import { completeTaskBody } from './schemas';
import { parse } from './validate';

/** The completion body of a task (POST /tasks/{id}/complete), a key the parsed form lost refused. */
export function completionBody(req: Request): z.infer<typeof completeTaskBody> {
  const body = parse(completeTaskBody, req, 'body');
  const raw = (req.body as { form?: unknown }).form;
  const parsed = body.form ?? {};
  const lost =
    raw && typeof raw === 'object' ? Object.keys(raw).filter((k) => !Object.hasOwn(parsed, k)) : [];
  if (lost.length > 0) {
    throw new HttpProblem(
      422,
      'Unprocessable Content',
      `form: ${lost.map((name) => `${name}: not a field of this outcome`).join('; ')}`,
      {
        errors: lost.map((name) => ({ field: `body.form.${name}`, message: 'not a field of this outcome' })),
      },
    );
  }
  return body;
}
