/**
 * Tasks describe their forms (SPEC §10) through the real API, Temporal dev server and PostgreSQL: the
 * standard template's triage task lists `resolved` and `route` with their required fields, in the inbox
 * and on `GET /tasks/{id}`, and a form filled from that description is one the case accepts. Every answer
 * is also checked against the OpenAPI document (test/support/contract.ts).
 */
import { apiAs, eventually, useTestSystem } from '../support/system';

const system = useTestSystem();

interface FormField {
  name: string;
  type: string;
  required: boolean;
}
interface TaskAnswer {
  id: string;
  caseId: string;
  step: string;
  outcomes: string[];
  forms?: Record<string, FormField[]>;
}

const triageForms = {
  resolved: [{ name: 'resolution', type: 'string', required: true }],
  route: [{ name: 'reason', type: 'string', required: true }],
};

it("lists the triage task's forms in the inbox and on GET /tasks/{id}, and the case takes a form built from them", async () => {
  const intake = apiAs(system.url, 'dev-intake');
  const frontline = apiAs(system.url, 'dev-frontline');
  const opened = await intake.post('/cases', {
    channel: 'web',
    customer: { id: `cu-forms-${Date.now()}`, name: 'Li Wei' },
    subject: 'Cannot log in',
    description: 'I cannot log in since this morning',
  });
  expect(opened.status).toBe(201);

  const listed = await eventually(async () => {
    const inbox = await frontline.get('/tasks?department=frontline');
    return (inbox.body.items as TaskAnswer[]).find((t) => t.caseId === opened.body.id);
  }, 'the triage task in the inbox');
  expect(listed).toMatchObject({ step: 'triage', forms: triageForms });
  // One entry per outcome that has a form: needs-info asks for nothing.
  expect(listed.outcomes).toContain('needs-info');
  expect(Object.keys(listed.forms ?? {}).sort()).toEqual(['resolved', 'route']);

  const read = await frontline.get(`/tasks/${listed.id}`);
  expect({ status: read.status, forms: read.body.forms }).toEqual({ status: 200, forms: triageForms });

  // What the task says is what the case checks: without the required field it refuses, naming it …
  const refused = await frontline.post(`/tasks/${listed.id}/complete`, { outcome: 'resolved' });
  expect({ status: refused.status, detail: refused.body.detail, errors: refused.body.errors }).toMatchObject({
    status: 422,
    detail: expect.stringContaining('resolution: required'),
    errors: [{ field: 'body.form.resolution', message: 'required' }],
  });
  // … and with every required field of the outcome's form it accepts.
  const form = Object.fromEntries(
    (read.body as TaskAnswer)
      .forms!.resolved!.filter((f) => f.required)
      .map((f) => [f.name, 'password reset']),
  );
  const done = await frontline.post(`/tasks/${listed.id}/complete`, { outcome: 'resolved', form });
  expect({ status: done.status, body: done.body }).toMatchObject({
    status: 200,
    body: { status: 'completed' },
  });
});
