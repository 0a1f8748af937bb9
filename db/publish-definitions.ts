import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Pool } from 'pg';
import { compileTemplate } from '../definitions/compile';
import { projectRoot } from '../config/paths';
import { publishTemplate } from './templates';

/** definitions/<name>/v<version>.yaml, in a stable order. */
export function templateFiles(root = join(projectRoot, 'definitions')): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    for (const file of readdirSync(join(root, entry.name))) {
      if (/^v\d+\.ya?ml$/.test(file)) files.push(join(root, entry.name, file));
    }
  }
  return files.sort();
}

/**
 * Publishes the template files shipped beside the code at start. A file that does not validate, or whose
 * version was already published with other content, is reported and skipped: it never stops the system and
 * never replaces what running cases are pinned to.
 */
export async function publishDefinitionFiles(
  pool: Pool,
  log: (line: string) => void,
  files = templateFiles(),
): Promise<void> {
  for (const file of files) {
    const name = relative(projectRoot, file);
    const source = readFileSync(file, 'utf8');
    const compiled = compileTemplate(source, name);
    if (!compiled.ok) {
      log(`template ${name} not published: it does not validate`);
      for (const e of compiled.errors) log(`  ${e.file}:${e.line}:${e.column}: ${e.message}`);
      continue;
    }
    const result = await publishTemplate(pool, compiled.plan, source, 'caseflow (definitions/)');
    if (result.outcome === 'published')
      log(`template ${compiled.plan.name} v${compiled.plan.version} published from ${name}`);
    if (result.outcome === 'conflict') {
      log(
        `template ${name} differs from the published ${compiled.plan.name} v${compiled.plan.version} ` +
          `(sha256 ${result.existing.sha256.slice(0, 12)}…): published versions are immutable, give the change a new version`,
      );
    }
  }
}
