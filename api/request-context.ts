import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** A caller's own X-Request-Id is kept when it is a plain token, so its logs and ours correlate. */
const acceptableId = /^[A-Za-z0-9._:-]{1,128}$/;

function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && acceptableId.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

const quietPaths = new Set(['/health', '/ready', '/metrics']);

/**
 * Query parameters whose value names or reaches a person (docs/privacy.md): `GET /cases?customer=…` filters
 * by a customer's id. Compared in lower case, without `_` and `-`.
 */
const PERSONAL_QUERY_NAMES = new Set(['customer', 'customerid', 'name', 'phone', 'email', 'mail']);
const HIDDEN = '[hidden]';

/**
 * What the request log keeps of a url: its shape, never a credential or personal data. A survey link's
 * token is a credential (it answers the survey): `/survey/[hidden]`. A customer's id in a path
 * (`/customers/{id}/erase`) or in a personal query parameter's value (`?customer=[hidden]`) would outlive
 * their erasure in the log: hidden too. The other parameters stay, as they help to read the log.
 */
export function loggedUrl(url: string): string {
  const hash = url.indexOf('#');
  const withoutHash = hash < 0 ? url : url.slice(0, hash);
  const mark = withoutHash.indexOf('?');
  const path = (mark < 0 ? withoutHash : withoutHash.slice(0, mark))
    .replace(/^\/survey\/[^/?#]+/i, `/survey/${HIDDEN}`)
    .replace(/^\/customers\/[^/?#]+/i, `/customers/${HIDDEN}`);
  if (mark < 0) return path;
  const query = withoutHash
    .slice(mark + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      return isPersonal(pair.slice(0, eq)) ? `${pair.slice(0, eq)}=${HIDDEN}` : pair;
    })
    .join('&');
  return `${path}?${query}`;
}

/** Whether a (still encoded) query parameter's name is one of PERSONAL_QUERY_NAMES. */
function isPersonal(encodedName: string): boolean {
  let name: string;
  try {
    name = decodeURIComponent(encodedName.replace(/\+/g, ' '));
  } catch {
    // A name that does not decode is hidden with its value rather than trusted.
    return true;
  }
  return PERSONAL_QUERY_NAMES.has(name.toLowerCase().replace(/[_-]/g, ''));
}

/**
 * Request ids and pino request logs. `req.log` is a child logger bound to `reqId`, so every line a request
 * writes (handlers, the error handler) carries it; one line per response at info, 4xx at warn, 5xx at
 * error. Only method, url and remote address are logged — never headers, so bearer tokens stay out, and
 * never a survey link's token (loggedUrl).
 */
export function requestContext(log: Logger): RequestHandler {
  return pinoHttp({
    logger: log,
    genReqId: requestId,
    quietReqLogger: true,
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (req) => quietPaths.has((req.url ?? '').split('?')[0] ?? '') },
    serializers: {
      req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        url: loggedUrl(req.url),
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
