import type { Request, RequestHandler, Response } from 'express';
import type { Pool } from 'pg';
import { recordAudit } from '../db/audit-log';

/**
 * What the audit log records for a route, declared in its RouteDoc (`audit: { action, resource }`): the
 * action and the resource it acts on, from the route's path parameters. A route without one is not
 * audited; test/unit/api/audit-trail.test.ts requires one on every change and every read of case data.
 */
export interface AuditDeclaration {
  /** `case.read`, `task.claim`, `blocklist.put`, … */
  action: string;
  /** The resource from the path parameters: `case/<id>`, `task/<id>`, `cases` for a list. */
  resource: (params: Record<string, string>) => string;
  /**
   * Who acts on a public route (no bearer token): the survey link's holder is the customer. Recorded only
   * once the handler has checked the link and noted the resource; never the token itself.
   */
  publicPrincipal?: string;
}

/** `case/<id>` from a route's `:id`; the audit log's case filter finds these. */
export const caseResource = (params: Record<string, string>): string => `case/${params.id ?? ''}`;
/** `task/<id>`; task ids are `<caseId>-t<n>`, so the case filter finds these too. */
export const taskResource = (params: Record<string, string>): string => `task/${params.id ?? ''}`;

/** What a handler adds to its request's entry: a resource known only once it ran, non-personal options. */
export interface AuditNote {
  resource?: string;
  detail?: Record<string, unknown>;
}

declare module 'express-serve-static-core' {
  interface Request {
    auditNote?: AuditNote;
  }
}

/**
 * Adds to the audit entry of this request (written when it is answered). Only options and ids belong in
 * `detail` — never bodies, customer text, tokens or secrets.
 */
export function noteAudit(req: Request, note: AuditNote): void {
  req.auditNote = {
    ...req.auditNote,
    ...note,
    detail: { ...req.auditNote?.detail, ...note.detail },
  };
}

/**
 * One audit entry per answered request of an audited route: principal, action, resource, status and
 * request id, plus the options the handler noted. The entry is written before the answer leaves (the
 * response's `end` waits for it), so a read that could not be recorded is not answered: a GET whose entry
 * fails is turned into 503 with Retry-After. A change has already happened by then, so its answer goes
 * out and the lost entry is logged at error (its Temporal history still names who made it).
 * Mounted after the route gate (which names the route) and before the routers; requests that never reach a
 * principal (401, rate-limited, unknown route) are in the request log only.
 */
export function auditTrail(pool: Pool): RequestHandler {
  return (req, res, next) => {
    const entry = req.routeEntry;
    const declared = entry?.doc?.audit;
    if (!entry || !declared) return next();
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    let written = false;
    res.end = ((...args: unknown[]) => {
      if (written) return end(...args);
      written = true;
      // On a public route, only a request whose credential checked out (its handler named the resource) is
      // recorded: forged survey links must not be a way to fill the log.
      const publicCaller =
        declared.publicPrincipal && req.auditNote?.resource
          ? { name: declared.publicPrincipal, roles: [] }
          : undefined;
      const principal = req.principal ?? publicCaller;
      if (!principal) return end(...args);
      const params = paramsOf(entry.path, req.path);
      const replayed = res.getHeader('idempotent-replayed') === 'true';
      const query = Object.keys(req.query ?? {});
      const detail = {
        ...(query.length ? { query } : {}),
        ...(replayed ? { replayed: true } : {}),
        ...req.auditNote?.detail,
      };
      recordAudit(pool, {
        principal: { name: principal.name, roles: principal.roles },
        action: declared.action,
        resource: req.auditNote?.resource ?? declared.resource(params),
        detail,
        status: res.statusCode,
        ...(typeof req.id === 'string' ? { requestId: req.id } : {}),
      }).then(
        () => end(...args),
        (err: unknown) => {
          req.log?.error({ err, action: declared.action }, 'audit entry not written');
          const isRead = req.method === 'GET' || req.method === 'HEAD';
          if (!isRead || res.statusCode >= 400 || res.headersSent) return end(...args);
          withhold(res, end);
        },
      );
      return res;
    }) as Response['end'];
    next();
  };
}

/** A read whose audit entry could not be written is not answered: 503, the data is dropped. */
function withhold(res: Response, end: (...args: unknown[]) => Response): void {
  for (const name of res.getHeaderNames()) {
    if (/^(content-|etag$|last-modified$)/.test(name)) res.removeHeader(name);
  }
  const body = JSON.stringify({
    type: 'about:blank',
    title: 'Service Unavailable',
    status: 503,
    detail: 'The read could not be written to the audit log, so it is not answered; retry shortly.',
  });
  res.statusCode = 503;
  res.setHeader('retry-after', '2');
  res.setHeader('content-type', 'application/problem+json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  end(body);
}

/** The path parameters of an express route path (`/cases/:id`) in a request path, decoded. */
export function paramsOf(routePath: string, requestPath: string): Record<string, string> {
  const names: string[] = [];
  const source = routePath
    .split(/(:\w+)/)
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part.slice(1));
      return '([^/]+)';
    })
    .join('');
  const match = new RegExp(`^${source}/?$`, 'i').exec(requestPath);
  const out: Record<string, string> = {};
  names.forEach((name, i) => {
    const raw = match?.[i + 1] ?? '';
    try {
      out[name] = decodeURIComponent(raw);
    } catch {
      out[name] = raw;
    }
  });
  return out;
}
