/**
 * A task's forms (SPEC §10) from the compiled plan: per outcome the fields its step declares — step-level
 * `form` on every outcome, an outcome's own fields beside them — with title, description and enum options;
 * outcomes without fields and steps without declared forms answer none.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileTemplate } from '../../../definitions/compile';
import type { Plan } from '../../../definitions/plan';
import { taskForms } from '../../../definitions/task-forms';

function compile(text: string, file: string): Plan {
  const result = compileTemplate(text, file);
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.line}:${e.column}: ${e.message}`).join('\n'));
  return result.plan;
}

const standard = compile(
  readFileSync(join(__dirname, '../../../definitions/customer-issue/v1.yaml'), 'utf8'),
  'v1.yaml',
);

/** The minimal template with a task step that declares forms in every way the language allows. */
const formsTemplate = readFileSync(join(__dirname, '../../fixtures/templates/minimal.yaml'), 'utf8').replace(
  `    outcomes:
      resolved: route
      needs-info: ask
`,
  `    form:
      minutes: { type: integer, title: Minutes spent }
    outcomes:
      resolved:
        next: route
        form:
          resolution: { type: string, required: true, title: Resolution, description: What fixed it }
          cause: { type: enum, values: [hardware, software, user], required: true }
      needs-info: ask
`,
);

describe('taskForms', () => {
  it("lists the standard triage task's resolved and route outcomes with their required fields", () => {
    expect(taskForms(standard, 'triage')).toEqual({
      resolved: [{ name: 'resolution', type: 'string', required: true }],
      route: [{ name: 'reason', type: 'string', required: true }],
    });
  });

  it('merges step-level fields into every outcome, with titles, descriptions and enum options', () => {
    const plan = compile(formsTemplate, 'forms.yaml');
    expect(taskForms(plan, 'work')).toEqual({
      resolved: [
        { name: 'minutes', type: 'integer', required: false, title: 'Minutes spent' },
        {
          name: 'resolution',
          type: 'string',
          required: true,
          title: 'Resolution',
          description: 'What fixed it',
        },
        { name: 'cause', type: 'enum', required: true, options: ['hardware', 'software', 'user'] },
      ],
      'needs-info': [{ name: 'minutes', type: 'integer', required: false, title: 'Minutes spent' }],
    });
  });

  it('keeps to the outcomes the task offers', () => {
    expect(Object.keys(taskForms(standard, 'triage', ['resolved', 'needs-info']))).toEqual(['resolved']);
  });

  it('answers none for outcomes without fields, steps without forms and steps the plan lacks', () => {
    expect(taskForms(standard, 'follow-up')).toEqual({});
    expect(taskForms(standard, 'classify')).toEqual({});
    expect(taskForms(standard, 'escalation:unclaimed-1')).toEqual({});
    expect(taskForms(standard, 'constructor')).toEqual({});
    expect(taskForms(standard, '__proto__')).toEqual({});
  });
});
