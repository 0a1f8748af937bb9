import type { NextFunction, Response } from 'express';
import { z } from 'zod';
import { HttpProblem } from './problem';

/**
 * Sends one file of a front end the API serves (the console's build, Swagger UI's package), or a 404 problem
 * naming what was asked: a missing file is the client's wrong address, never a stack trace.
 */
export function sendStaticFile(
  res: Response,
  next: NextFunction,
  file: { path: string; headers: Record<string, string>; notFound: string },
): void {
  res.sendFile(file.path, { headers: file.headers, dotfiles: 'deny' }, (err) => {
    if (err) next(new HttpProblem(404, 'Not Found', file.notFound));
  });
}

/** How a served front-end file is documented: a script, or a stylesheet (the route's 200). */
export const staticFileAnswer = {
  description: 'The file (script or stylesheet)',
  contentType: 'text/javascript',
  schema: z.string(),
  alternatives: { 'text/css': z.string() },
};
