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
 * A survey link's token is a credential (it answers the survey): the request log keeps the path's shape,
 * `/survey/[hidden]`, never the token.
 */
export function loggedUrl(url: string): string {
  return url.replace(/^\/survey\/[^/?#]+/i, '/survey/[hidden]');
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
