import type { Request } from 'express';
import type { z } from 'zod';
import { HttpProblem, zodIssues } from './problem';

type Part = 'body' | 'query' | 'params' | 'headers';

/** zod safeParse at the edge: the parsed value is what flows on; a failure is a 400 naming each field. */
export function parse<S extends z.ZodType>(schema: S, req: Request, part: Part): z.infer<S> {
  const result = schema.safeParse(req[part] ?? {});
  if (result.success) return result.data;
  throw new HttpProblem(400, 'Bad Request', `The request ${part} is not valid.`, {
    errors: zodIssues(result.error, part),
  });
}
