import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RequestHandler } from 'express';
import { LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { z } from 'zod';
import { roles, type AuthPrincipal, type PrincipalDirectory } from '../access/principal';
import { hasRoleFor, rolesFor, type Action } from '../access/policy';
import { duplicatePrincipals } from './auth-duplicates';
import { HttpProblem } from './problem';

// The principal and its roles belong to the authorisation module; the API reads them from a bearer token.
export { roles, type AuthPrincipal, type Role } from '../access/principal';

const authFileSchema = z.object({
  /** Marks the shipped development file, which is refused when NODE_ENV=production. */
  development: z.boolean().optional(),
  principals: z
    .array(
      z
        .object({
          name: z.string().min(1),
          tokenSha256: z
            .string()
            .regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits (sha256 of the token)'),
          roles: z.array(z.enum(roles)).min(1),
          departments: z.array(z.string().min(1)).default([]),
          /**
           * Departments this agent leads (a team lead / group manager): may reassign any task of them,
           * claimed or not. Each must be one of the principal's departments; optional, so older files load.
           */
          leads: z.array(z.string().min(1)).default([]),
        })
        .superRefine((p, ctx) => {
          if (p.leads.length > 0 && !p.roles.includes('agent'))
            ctx.addIssue({ code: 'custom', path: ['leads'], message: 'only an agent can lead a department' });
          p.leads.forEach((d, i) => {
            if (!p.departments.includes(d))
              ctx.addIssue({
                code: 'custom',
                path: ['leads', i],
                message: `${d} is not one of the principal's departments (${p.departments.join(', ') || 'none'})`,
              });
          });
        }),
    )
    .min(1),
});

export interface AuthDirectory extends PrincipalDirectory {
  development: boolean;
  authenticate(token: string): AuthPrincipal | undefined;
}

/** Reads CASEFLOW_AUTH_FILE; throws an Error whose message names the file and the bad entry. */
export function loadAuthFile(path: string, nodeEnv: string | undefined): AuthDirectory {
  let raw: unknown;
  let doc: Document.Parsed;
  const lines = new LineCounter();
  try {
    // A document rather than plain data, so that repeated principals can be reported by line.
    doc = parseDocument(readFileSync(path, 'utf8'), { lineCounter: lines });
    if (doc.errors[0]) throw doc.errors[0];
    raw = doc.toJS();
  } catch (err) {
    throw new Error(
      `CASEFLOW_AUTH_FILE: cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`,
      {
        cause: err,
      },
    );
  }
  const parsed = authFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `CASEFLOW_AUTH_FILE: ${path}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  if (parsed.data.development && nodeEnv === 'production') {
    throw new Error(
      `CASEFLOW_AUTH_FILE: ${path} is the development auth file and is refused when NODE_ENV=production; ` +
        'point CASEFLOW_AUTH_FILE at your own principals file',
    );
  }
  const duplicates = duplicatePrincipals(path, doc, lines, parsed.data.principals);
  if (duplicates.length > 0) throw new Error(duplicates.join('\n'));
  const entries = parsed.data.principals.map((p) => ({ ...p, digest: Buffer.from(p.tokenSha256, 'hex') }));
  return {
    development: parsed.data.development ?? false,
    authenticate(token) {
      const digest = createHash('sha256').update(token).digest();
      // Compare against every entry in constant time, so timing tells nothing about which token is close.
      let found: (typeof entries)[number] | undefined;
      for (const entry of entries) if (timingSafeEqual(entry.digest, digest)) found ??= entry;
      return found && asPrincipal(found);
    },
    byName(name) {
      const found = entries.find((e) => e.name === name);
      return found && asPrincipal(found);
    },
  };
}

const asPrincipal = (entry: AuthPrincipal): AuthPrincipal => ({
  name: entry.name,
  roles: entry.roles,
  departments: entry.departments,
  leads: entry.leads,
});

declare module 'express-serve-static-core' {
  interface Request {
    principal?: AuthPrincipal;
  }
}

export function authenticate(directory: AuthDirectory): RequestHandler {
  return (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      next(unauthorized('A bearer token is required: Authorization: Bearer <token>.'));
      return;
    }
    const principal = directory.authenticate(match[1]);
    if (!principal) {
      next(unauthorized('The bearer token is not known.'));
      return;
    }
    req.principal = principal;
    next();
  };
}

function unauthorized(detail: string): HttpProblem {
  return new HttpProblem(401, 'Unauthorized', detail, { headers: { 'www-authenticate': 'Bearer' } });
}

/** The signed-in principal, or 401 (routes behind authenticate always have one). */
export function principalOf(req: { principal?: AuthPrincipal }): AuthPrincipal {
  if (!req.principal) throw unauthorized('A bearer token is required.');
  return req.principal;
}

/**
 * The signed-in principal, if the policy's role gate lets it attempt the action (access/policy.ts), else
 * 403 naming the roles that may. Routes call it before they parse anything, so a principal without the
 * role learns nothing about the request's shape.
 */
export function authorise(req: { principal?: AuthPrincipal }, action: Action): AuthPrincipal {
  const principal = principalOf(req);
  if (!hasRoleFor(principal, action)) {
    throw new HttpProblem(403, 'Forbidden', `This needs one of the roles: ${rolesFor(action).join(', ')}.`);
  }
  return principal;
}
