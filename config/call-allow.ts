/**
 * CASEFLOW_CALL_ALLOW: the hosts `call` steps may reach (docs/security.md, "Where call steps may go").
 * Host names only, matched on the URL's host before any connection is made and again on every redirect
 * hop; ports and paths are not part of it. Unset: loopback only, so nothing leaves the machine by accident.
 */
import { BlockList, isIP } from 'node:net';
import { domainToASCII } from 'node:url';

export interface CallAllowList {
  /** Lower-case ASCII entries: `crm.example.com`, `*.example.com` (subdomains), `10.0.0.7`, `::1`, `*`. */
  readonly hosts: readonly string[];
  /** True when the setting was unset: loopback hosts only. */
  readonly loopbackOnly: boolean;
}

export const LOOPBACK_ONLY: CallAllowList = { hosts: [], loopbackOnly: true };

const LABEL = '[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?';
const HOST_NAME = new RegExp(`^(?:\\*\\.)?(?:${LABEL}\\.)*${LABEL}$`);

/** `Foo.Example.COM.` → `foo.example.com`; `[::1]` → `::1`; unicode names as their punycode. */
function normalizeHost(host: string): string {
  const bare = host
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  if (isIP(bare) !== 0) return bare.toLowerCase();
  const wildcard = bare.startsWith('*.');
  const ascii = domainToASCII(wildcard ? bare.slice(2) : bare) || bare.toLowerCase();
  return wildcard ? `*.${ascii}` : ascii;
}

/** Parses the comma-separated setting; `bad` lists the entries that are no host name, `*.name`, IP or `*`. */
export function parseCallAllow(
  text: string | undefined,
): { ok: true; list: CallAllowList } | { ok: false; bad: string[] } {
  if (text === undefined || text.trim() === '') return { ok: true, list: LOOPBACK_ONLY };
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const bad = entries.filter((entry) => {
    if (entry === '*') return false;
    const host = normalizeHost(entry);
    return isIP(host) === 0 && !HOST_NAME.test(host);
  });
  if (bad.length > 0) return { ok: false, bad };
  return { ok: true, list: { hosts: [...new Set(entries.map(normalizeHost))], loopbackOnly: false } };
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** `localhost`, 127.0.0.0/8 and ::1 (IPv4-mapped forms included). */
export function isLoopbackHost(host: string): boolean {
  const bare = normalizeHost(host);
  if (bare === 'localhost') return true;
  const family = isIP(bare);
  if (family === 4) return loopback.check(bare, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare)?.[1];
    if (mapped) return loopback.check(mapped, 'ipv4');
    // The URL parser writes ::ffff:127.0.0.1 as ::ffff:7f00:1.
    const hexMapped = /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(bare);
    return hexMapped || loopback.check(bare, 'ipv6');
  }
  return false;
}

/** Whether a URL's host (as `URL.hostname` gives it) may be called. */
export function isCallAllowed(list: CallAllowList, host: string): boolean {
  if (list.loopbackOnly) return isLoopbackHost(host);
  const bare = normalizeHost(host);
  return list.hosts.some((entry) => {
    if (entry === '*') return true;
    if (entry.startsWith('*.')) return bare.endsWith(entry.slice(1));
    return entry === bare;
  });
}

/** For start-up logs and refusals: what the list allows, in words. */
export function describeCallAllow(list: CallAllowList): string {
  if (list.loopbackOnly) return 'loopback hosts only (CASEFLOW_CALL_ALLOW is unset)';
  return list.hosts.includes('*') ? 'any host (CASEFLOW_CALL_ALLOW=*)' : list.hosts.join(', ');
}
