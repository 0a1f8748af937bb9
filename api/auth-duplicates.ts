/**
 * The principal's name is its identity for claims, idempotency keys, rate limits and the audit log, and a
 * token must point at exactly one principal. A file that repeats either is refused at start, one line per
 * repeat naming the lines of both entries, instead of letting the first match win silently.
 */
import type { Document, LineCounter } from 'yaml';

interface Entry {
  name: string;
  tokenSha256: string;
}

/** One message per repeated name or token digest; empty when every entry is distinct. */
export function duplicatePrincipals(
  path: string,
  doc: Document.Parsed,
  lines: LineCounter,
  principals: readonly Entry[],
): string[] {
  const lineOf = (index: number, field: keyof Entry): number => {
    const node = doc.getIn(['principals', index, field], true) ?? doc.getIn(['principals', index], true);
    const offset = (node as { range?: [number, number, number] } | undefined)?.range?.[0] ?? 0;
    return lines.linePos(offset).line;
  };
  const problems: string[] = [];
  const firstByName = new Map<string, number>();
  const firstByDigest = new Map<string, number>();
  principals.forEach((entry, index) => {
    const sameName = firstByName.get(entry.name);
    if (sameName === undefined) firstByName.set(entry.name, index);
    else
      problems.push(
        `CASEFLOW_AUTH_FILE: ${path}:${lineOf(index, 'name')}: principal name "${entry.name}" is already ` +
          `used at line ${lineOf(sameName, 'name')}; each principal needs its own name`,
      );
    const sameDigest = firstByDigest.get(entry.tokenSha256);
    if (sameDigest === undefined) firstByDigest.set(entry.tokenSha256, index);
    else
      problems.push(
        `CASEFLOW_AUTH_FILE: ${path}:${lineOf(index, 'tokenSha256')}: the tokenSha256 of "${entry.name}" ` +
          `is the same as that of "${principals[sameDigest]?.name ?? ''}" at line ` +
          `${lineOf(sameDigest, 'tokenSha256')}; each principal needs its own token`,
      );
  });
  return problems;
}
