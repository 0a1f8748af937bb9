import type { RequestHandler } from 'express';
import { HttpProblem } from '../problem';

/**
 * The headers the Temporal UI sends with a codec call: its JSON body's type, the namespace, and — with
 * its "pass access token" option — `Authorization: Bearer <its access token>` and, with OIDC,
 * `Authorization-Extras: <id token>`.
 */
const allowedHeaders = 'Authorization, Authorization-Extras, Content-Type, X-Namespace';

/**
 * CORS for the codec endpoints only, and only for the Temporal UI's origin(s): a preflight from there is
 * answered (204) with what the UI needs, and every answer to it (errors too, so the UI can tell a refusal
 * from a network failure) names that origin. Any other origin gets no CORS header and its preflight is
 * refused (403). With no origin configured, cross-origin calls are off.
 *
 * Credentials are allowed because the UI's "include cross-origin credentials" option needs it; caseflow
 * sets no cookies and reads only bearer tokens, so a credentialed call from the UI carries nothing more.
 * Hand-written rather than the `cors` package: one exact origin list and a fixed header set are a few
 * lines, and `cors` given a plain origin string sends it to every caller.
 */
export function codecCors(origins: readonly string[], paths: RegExp): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    if (!paths.test(req.path)) return next();
    res.vary('Origin');
    const origin = req.get('origin');
    const fromUi = origin !== undefined && allowed.has(origin);
    if (fromUi) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-credentials', 'true');
    }
    if (req.method !== 'OPTIONS') return next();
    if (!fromUi) {
      const why = allowed.size
        ? `only from ${[...allowed].join(', ')} (CASEFLOW_UI_ORIGIN)`
        : 'from nowhere: CASEFLOW_UI_ORIGIN is not set';
      next(new HttpProblem(403, 'Forbidden', `Cross-origin calls to ${req.path} are allowed ${why}.`));
      return;
    }
    res.setHeader('access-control-allow-methods', 'POST');
    res.setHeader('access-control-allow-headers', allowedHeaders);
    res.setHeader('access-control-max-age', '600');
    res.status(204).end();
  };
}
