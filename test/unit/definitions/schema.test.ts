import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { templateJsonSchema } from '../../../definitions/schema';
import { validateTemplateSource } from '../../../definitions/validate';

describe('template.schema.json', () => {
  it('is the committed copy of the schema generated from zod (regenerate with `caseflow schema`)', () => {
    const committed: unknown = JSON.parse(
      readFileSync(join(__dirname, '../../../definitions/template.schema.json'), 'utf8'),
    );
    expect(committed).toEqual(templateJsonSchema());
  });

  it('describes every step kind and forbids unknown keys', () => {
    const text = JSON.stringify(templateJsonSchema());
    for (const kind of [
      'classify',
      'prioritize',
      'task',
      'consult',
      'wait',
      'decide',
      'notify',
      'call',
      'follow-up',
      'survey',
      'end',
    ]) {
      expect(text).toContain(`"const":"${kind}"`);
    }
    expect(templateJsonSchema()).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: expect.arrayContaining(['apiVersion', 'steps']),
    });
  });
});

describe('the standard template', () => {
  const path = join(__dirname, '../../../definitions/customer-issue/v1.yaml');
  const text = readFileSync(path, 'utf8');

  it('points editors at the JSON Schema on its first line', () => {
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../template.schema.json');
  });

  it('validates', () => {
    const result = validateTemplateSource(text, path);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });
});
