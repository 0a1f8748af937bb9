/**
 * A test copy of the standard template whose waits are seconds instead of days (timeouts, follow-up delay,
 * survey timeout), so integration tests run every path on the real Temporal server with real timers —
 * durations shortened in the template, never by faking time. And the integration fixtures' templates
 * (test/fixtures/templates/integration/) with the port of the test's local business system filled in.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../config/paths';

/** SLA targets and escalation delays in seconds, every clock on 24x7 (tests run at any hour). */
export interface FastSla {
  responseSeconds: number;
  resolutionSeconds: number;
  /** Every escalation `after:` (unclaimed task, a step's own after, breached + 2h). */
  escalationSeconds: number;
}

/**
 * `qualitySample` replaces the template's sampling rate: 0% by default, because a sampled case stays open
 * until its quality review is done, and most tests wait for cases to end. `sla` shortens the SLA targets
 * of every priority and the escalation delays, for tests of clocks and ladders on the real server.
 */
export function writeFastStandardTemplate(seconds = 4, qualitySample = '0%', sla?: FastSla): string {
  const source = readFileSync(join(projectRoot, 'definitions', 'customer-issue', 'v1.yaml'), 'utf8');
  let fast = source
    .replace(/^(\s+)timeout: \d+d$/gm, `$1timeout: ${seconds}s`)
    .replace(/^(\s+)after: 2d$/gm, `$1after: ${seconds}s`)
    .replace(/^(\s+)sample: \d+%$/m, `$1sample: ${qualitySample}`);
  if (fast === source)
    throw new Error('the standard template no longer has the durations this copy shortens');
  if (sla !== undefined) {
    const before = fast;
    fast = fast
      .replace(
        /^(\s+)(P\d): \{ response: [^,]+, resolution: [^,}]+(, calendar: [^ }]+)? \}$/gm,
        `$1$2: { response: ${sla.responseSeconds}s, resolution: ${sla.resolutionSeconds}s, calendar: 24x7 }`,
      )
      .replace(/^(\s+)calendar: business-hours$/gm, '$1calendar: 24x7')
      .replace(/^(\s+)(- )?after: \d+[mh]$/gm, `$1$2after: ${sla.escalationSeconds}s`);
    if (fast === before)
      throw new Error('the standard template no longer has the SLA lines this copy shortens');
  }
  return writeTemplateCopy('customer-issue', fast);
}

/**
 * test/fixtures/templates/integration/<name>.yaml with every `${PORT}` replaced by the port of the
 * test's local stand-in for a business system; returns the file to publish (version 1 of `name`).
 */
export function writeIntegrationTemplate(name: string, port: number): string {
  const source = readFileSync(
    join(projectRoot, 'test', 'fixtures', 'templates', 'integration', `${name}.yaml`),
    'utf8',
  );
  return writeTemplateCopy(name, source.replaceAll('${PORT}', String(port)));
}

/** Writes `source` as `<tmp>/<name>/v1.yaml`, the layout the publisher reads a template's name from. */
function writeTemplateCopy(name: string, source: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'caseflow-template-')), name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'v1.yaml');
  writeFileSync(file, source);
  return file;
}
