/**
 * Who acts: a principal of the auth file (CASEFLOW_AUTH_FILE) with its roles, the departments it is an agent
 * of and those it leads. The API reads it from a bearer token (api/auth.ts); the policy (access/policy.ts)
 * and the use cases (cases/, tasks/) take it as it is.
 */
import type { Principal } from '../workflows/messages';

/**
 * The roles of the auth file (docs/security.md, "Roles"). `manager` is SPEC §1's service manager: the reports
 * (aggregates) and the templates they group by, no case data.
 */
export const roles = ['intake', 'agent', 'designer', 'auditor', 'manager', 'admin'] as const;
export type Role = (typeof roles)[number];

/** A signed-in principal: roles, the departments it is an agent of, those it leads. */
export interface AuthPrincipal extends Principal {
  roles: Role[];
  departments: string[];
  leads: string[];
}

/** Looks principals up by name: a reassign tells the case the assignee's departments. */
export interface PrincipalDirectory {
  /** The principal of that name, if the auth file has one. */
  byName(name: string): AuthPrincipal | undefined;
}
