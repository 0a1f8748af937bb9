/**
 * Each file under test/fixtures/templates/broken/ is the minimal template with one mistake. Its header
 * says what the validator must report: `# expect: line:col: message`, one line per error, nothing more.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTemplateError } from '../../../definitions/errors';
import { validateTemplateSource } from '../../../definitions/validate';

const dir = join(__dirname, '../../fixtures/templates/broken');
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

function expectations(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('# expect: '))
    .map((line) => line.slice('# expect: '.length));
}

describe('the broken-template corpus', () => {
  it('has at least 40 templates, each with expectations', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    for (const name of files)
      expect(expectations(readFileSync(join(dir, name), 'utf8')).length).toBeGreaterThan(0);
  });

  it('the template they derive from is valid', () => {
    const text = readFileSync(join(dir, '../minimal.yaml'), 'utf8');
    const result = validateTemplateSource(text, 'minimal.yaml');
    expect(result.ok ? [] : result.errors.map(formatTemplateError)).toEqual([]);
  });

  it.each(files)('%s: every error at its place, and no other', (name) => {
    const text = readFileSync(join(dir, name), 'utf8');
    const result = validateTemplateSource(text, name);
    expect(result.ok).toBe(false);
    const reported = result.ok ? [] : result.errors.map((e) => formatTemplateError(e).slice(name.length + 1));
    expect(reported).toEqual(expectations(text));
  });

  it('names the file in every error', () => {
    const text = readFileSync(join(dir, files[0] ?? ''), 'utf8');
    const result = validateTemplateSource(text, 'some/dir/file.yaml');
    expect(result.ok ? [] : result.errors.map((e) => e.file)).toEqual(
      expect.arrayContaining(['some/dir/file.yaml']),
    );
  });
});
