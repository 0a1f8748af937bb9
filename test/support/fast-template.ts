/**
 * A test copy of the standard template whose waits are seconds instead of days (timeouts, follow-up delay,
 * survey timeout), so integration tests run every path on the real Temporal server with real timers —
 * durations shortened in the template, never by faking time.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../config/paths';

/**
 * `qualitySample` replaces the template's sampling rate: 0% by default, because a sampled case stays open
 * until its quality review is done, and most tests wait for cases to end.
 */
export function writeFastStandardTemplate(seconds = 4, qualitySample = '0%'): string {
  const source = readFileSync(join(projectRoot, 'definitions', 'customer-issue', 'v1.yaml'), 'utf8');
  const fast = source
    .replace(/^(\s+)timeout: \d+d$/gm, `$1timeout: ${seconds}s`)
    .replace(/^(\s+)after: 2d$/gm, `$1after: ${seconds}s`)
    .replace(/^(\s+)sample: \d+%$/m, `$1sample: ${qualitySample}`);
  if (fast === source)
    throw new Error('the standard template no longer has the durations this copy shortens');
  const dir = join(mkdtempSync(join(tmpdir(), 'caseflow-fast-')), 'customer-issue');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'v1.yaml');
  writeFileSync(file, fast);
  return file;
}
