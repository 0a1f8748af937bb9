import type { RequestHandler } from 'express';
import { HttpProblem } from '../problem';
import { routesFor, type CatalogEntry } from './catalog';

declare module 'express-serve-static-core' {
  interface Request {
    /** The served route this request matched (set before auth; used by metrics and idempotency). */
    routeEntry?: CatalogEntry;
  }
}

/**
 * Runs before authentication: an unknown path is 404 and a known path with another method is 405 (with
 * Allow), for anyone. The route list is public (GET /openapi.json), so answering 404 before 401 reveals
 * nothing, and it tells a client with a typo the truth instead of asking it to sign in.
 */
export function routeGate(catalog: () => CatalogEntry[]): RequestHandler {
  return (req, _res, next) => {
    const matches = routesFor(catalog(), req.path);
    if (!matches.length) {
      next(new HttpProblem(404, 'Not Found', `No route ${req.method} ${req.path}.`));
      return;
    }
    const method = req.method.toLowerCase();
    const entry = matches.find((m) => m.method === method || (method === 'head' && m.method === 'get'));
    if (!entry) {
      if (method === 'options') return next();
      const allow = [...new Set(matches.map((m) => m.method.toUpperCase()))].join(', ');
      next(
        new HttpProblem(405, 'Method Not Allowed', `${req.path} answers ${allow}.`, {
          headers: { allow },
        }),
      );
      return;
    }
    req.routeEntry = entry;
    next();
  };
}
