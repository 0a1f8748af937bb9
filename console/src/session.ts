/**
 * The signed-in principal. The bearer token lives in sessionStorage: it survives a reload of the tab and is
 * gone when the browser session ends (issue 14: "kept for the browser session only"), and no other tab or
 * later visit finds it.
 */
const key = 'caseflow.token';

/** Who the token belongs to, as `GET /me` answers. */
export interface Me {
  name: string;
  roles: string[];
  departments?: string[];
  leads?: string[];
}

export const session = {
  token(): string | undefined {
    return sessionStorage.getItem(key) ?? undefined;
  },
  keep(token: string): void {
    sessionStorage.setItem(key, token);
  },
  forget(): void {
    sessionStorage.removeItem(key);
  },
};

/** What the principal's roles let the console offer (the API still decides every call). */
export function can(me: Me, what: 'work' | 'cases' | 'design' | 'audit' | 'report' | 'manage'): boolean {
  const has = (role: string) => me.roles.includes(role) || me.roles.includes('admin');
  switch (what) {
    case 'work':
      return has('agent');
    case 'cases':
      // As access/policy.ts `case.list`: intake, agents and auditors (and admins).
      return has('intake') || has('agent') || has('auditor');
    case 'design':
      return has('designer');
    case 'audit':
      return has('auditor');
    case 'report':
      // As access/policy.ts `report.read`: auditors and service managers (and admins).
      return has('auditor') || has('manager');
    case 'manage':
      return has('admin');
  }
}
