/**
 * The console's inbox and task page (issue 14) in a real browser against a real API: a front-line agent sees
 * a new case's triage task arrive in the inbox without a reload, claims it and completes it with the form
 * its outcome asks for, and the case moves on to the technical department; another task is handed off and
 * leaves the inbox; the case's refusals (a form without its required field, an unknown assignee) are shown
 * next to the field they name; an inbox of ten thousand tasks reads fifty at a time; and the inbox speaks
 * Chinese. Each page is checked for WCAG A/AA violations and photographed for the docs.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { accessibilityViolations } from '../../support/a11y';
import { launchBrowser, newSession, screenshot, signIn } from '../../support/browser';
import { apiAs, eventually, useTestSystem } from '../../support/system';

const system = useTestSystem();
const as = (token: string) => apiAs(system.url, token);
let browser: Browser;
let customers = 0;

const triageTitle = 'Triage the case';

/** Opens a case through the API as intake would ("cannot" makes it technical's; triage is the front line's). */
async function openCase(subject = 'Cannot log in since this morning'): Promise<string> {
  customers += 1;
  const opened = await as('dev-intake').post('/cases', {
    channel: 'web',
    customer: { id: `cu-console-inbox-${customers}-${Date.now()}`, name: 'Li Wei' },
    subject,
    description: 'I cannot log in to my account since this morning',
  });
  expect(opened.status).toBe(201);
  return opened.body.id as string;
}

/** The case's triage task id, once the case has opened it. */
async function triageTask(caseId: string): Promise<string> {
  return eventually(async () => {
    const view = await as('dev-admin').get(`/cases/${caseId}`);
    return view.body.tasks?.find((t: { step: string }) => t.step === 'triage')?.id as string | undefined;
  }, 'the triage task');
}

async function openAs(token: string, locale?: string): Promise<Page> {
  const context = await newSession(browser, locale ? { locale } : {});
  const page = await context.newPage();
  await signIn(page, system.url, token);
  return page;
}

/** The inbox row of a case. */
const rowOf = (page: Page, caseId: string): Locator => page.getByRole('row').filter({ hasText: caseId });

/** The text under a control that marks it invalid (its aria-describedby), or undefined. */
async function issueOf(control: Locator): Promise<string | undefined> {
  if ((await control.getAttribute('aria-invalid')) !== 'true') return undefined;
  const id = await control.getAttribute('aria-describedby');
  return id ? ((await control.page().locator(`#${id}`).textContent()) ?? undefined) : undefined;
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('console: inbox and task page', () => {
  it('lets an agent claim a new triage task from the inbox and complete it with its form; the case moves on', async () => {
    const page = await openAs('dev-frontline');
    // An agent lands on the inbox.
    await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    expect(page.url()).toMatch(/#\/inbox$/);

    // A case opened now appears without a reload: the inbox refreshes itself (every 15 s).
    const caseId = await openCase();
    const link = rowOf(page, caseId).getByRole('link', { name: triageTitle });
    await link.waitFor({ timeout: 45_000 });
    expect(await rowOf(page, caseId).textContent()).toMatch(/frontlineP\dOpen—/);
    await link.click();

    await page.getByRole('heading', { level: 1, name: triageTitle }).waitFor();
    const taskId = await triageTask(caseId);
    expect(page.url()).toMatch(new RegExp(`#/tasks/${taskId}$`));
    expect(await page.getByRole('link', { name: caseId, exact: true }).getAttribute('href')).toBe(
      `#/cases/${caseId}`,
    );

    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByRole('button', { name: 'Release' }).waitFor();
    expect(
      await page
        .getByRole('definition')
        .filter({ hasText: /^frontline$/ })
        .count(),
    ).toBe(2);
    expect((await as('dev-frontline').get(`/tasks/${taskId}`)).body).toMatchObject({
      status: 'claimed',
      assignee: 'frontline',
    });

    // The outcome picks the form: route asks for a reason.
    const complete = page.getByRole('form', { name: 'Complete' });
    await complete.getByLabel('Outcome').selectOption('route');
    await complete.getByLabel('reason', { exact: true }).fill('Login fault: technical support');
    await complete.getByLabel('Note (optional)').fill('Customer tried a password reset already.');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'task');
    await complete.getByRole('button', { name: 'Complete' }).click();

    await page
      .getByRole('status')
      .filter({ hasText: 'Task completed with the outcome “route”. The case has moved on.' })
      .waitFor();
    const view = await eventually(async () => {
      const got = await as('dev-admin').get(`/cases/${caseId}`);
      return got.body.step === 'department-work' ? got.body : undefined;
    }, 'the case at department-work');
    expect(view).toMatchObject({ department: 'technical', step: 'department-work' });
    expect(view.tasks.find((t: { id: string }) => t.id === taskId)).toMatchObject({
      status: 'completed',
      form: { reason: 'Login fault: technical support' },
    });

    await page.getByRole('link', { name: `Open case ${caseId}` }).click();
    await eventually(() => (page.url().endsWith(`#/cases/${caseId}`) ? true : undefined), 'the case page');
    await page.context().close();
  });

  it('hands a task off to another department: it leaves the front line inbox', async () => {
    const caseId = await openCase('Cannot print invoices');
    const taskId = await triageTask(caseId);
    const page = await openAs('dev-frontline');
    await rowOf(page, caseId).getByRole('link', { name: triageTitle }).click();
    await page.getByRole('heading', { level: 1, name: triageTitle }).waitFor();

    const handoff = page.getByRole('form', { name: 'Hand off' });
    // The choices are the step's handoff list (the template's), not free text.
    const department = handoff.getByLabel('Department');
    await eventually(
      async () => ((await department.locator('option').count()) > 1 ? true : undefined),
      'choices',
    );
    expect(await department.locator('option').allTextContents()).toEqual([
      'Choose a department',
      'technical',
      'billing',
      'after-sales',
      'management',
    ]);
    await department.selectOption('billing');
    await handoff.getByLabel('Reason').fill('An invoice question, not a login one');
    await handoff.getByRole('button', { name: 'Hand off' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Task handed off to billing. It has left your inbox.' })
      .waitFor();
    expect(await page.getByRole('link', { name: `Open case ${caseId}` }).count()).toBe(1);

    const moved = await as('dev-billing').get(`/tasks/${taskId}`);
    expect(moved.body).toMatchObject({ department: 'billing', coordinator: 'frontline', status: 'open' });
    const frontline = await as('dev-frontline').get('/tasks?department=frontline&limit=200');
    expect((frontline.body.items as Array<{ id: string }>).map((t) => t.id)).not.toContain(taskId);

    await page.getByRole('link', { name: 'Back to the inbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('status').waitFor();
    expect(await rowOf(page, caseId).count()).toBe(0);
    await page.context().close();
  });

  it("shows the case's refusals next to the field they name", async () => {
    const caseId = await openCase();
    const taskId = await triageTask(caseId);
    const page = await openAs('dev-frontline');
    await page.goto(`${system.url}/console/#/tasks/${taskId}`);
    await page.getByRole('heading', { level: 1, name: triageTitle }).waitFor();

    // resolved asks for a resolution; without it the case answers 422, naming the field.
    const complete = page.getByRole('form', { name: 'Complete' });
    await complete.getByLabel('Outcome').selectOption('resolved');
    const resolution = complete.getByLabel('resolution', { exact: true });
    expect(await resolution.getAttribute('required')).not.toBeNull();
    await complete.getByRole('button', { name: 'Complete' }).click();
    await complete.getByRole('alert').filter({ hasText: 'The case refused this' }).waitFor();
    expect(await issueOf(resolution)).toBe('required');
    expect(await accessibilityViolations(page)).toEqual([]);

    // An unknown assignee: the case names the field (body.assignee).
    const reassign = page.getByRole('form', { name: 'Reassign' });
    await reassign.getByLabel('Assignee').fill('nobody-such');
    await reassign.getByRole('button', { name: 'Reassign' }).click();
    const assignee = reassign.getByLabel('Assignee');
    await eventually(async () => issueOf(assignee), 'the issue under Assignee');
    expect(await issueOf(assignee)).toBe('no agent named nobody-such is known');

    // With the field filled the same form goes through.
    await resolution.fill('Password reset by phone');
    await complete.getByRole('button', { name: 'Complete' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Task completed with the outcome “resolved”.' })
      .waitFor();
    const done = await as('dev-frontline').get(`/tasks/${taskId}`);
    expect(done.body).toMatchObject({ status: 'completed', form: { resolution: 'Password reset by phone' } });
    await page.context().close();
  });

  it('shows the inbox and a task in Chinese; an auditor reads the task without its actions', async () => {
    const caseId = await openCase();
    const taskId = await triageTask(caseId);
    const page = await openAs('dev-frontline', 'zh-CN');
    await page.getByRole('heading', { level: 1, name: '待办' }).waitFor();
    await page.getByRole('columnheader', { name: '到期时间' }).waitFor();
    expect(await page.getByLabel('状态').count()).toBe(1);
    expect(await page.getByLabel('只看分配给我的').count()).toBe(1);
    expect(await page.getByRole('button', { name: '下一页' }).count()).toBe(1);
    await page
      .getByRole('status')
      .filter({ hasText: /^第 1–\d+ 条，共 \d+ 条$/ })
      .waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // The task page in Chinese (the task's title is the template's own words).
    await rowOf(page, caseId).getByRole('link', { name: triageTitle }).click();
    await page.getByRole('button', { name: '认领' }).waitFor();
    expect(await page.getByRole('form', { name: '完成' }).getByLabel('处理结果').count()).toBe(1);
    expect(await page.getByRole('form', { name: '转交' }).count()).toBe(1);
    expect(await page.getByRole('form', { name: '重新分配' }).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();

    // An auditor reads every department's tasks, and acts on none.
    const auditor = await openAs('dev-auditor');
    await auditor.goto(`${system.url}/console/#/tasks/${taskId}`);
    await auditor.getByRole('heading', { level: 1, name: triageTitle }).waitFor();
    expect(await auditor.getByRole('link', { name: caseId, exact: true }).count()).toBe(1);
    expect(await auditor.getByRole('button', { name: 'Claim' }).count()).toBe(0);
    expect(await auditor.getByRole('form').count()).toBe(0);
    await auditor.context().close();
  });

  it('reads an inbox of ten thousand tasks fifty at a time', async () => {
    const frontline = as('dev-frontline');
    // The work to do the earlier tests left in the front line's inbox (what it shows first: open or
    // claimed tasks), and seeded ones up to ten thousand.
    const toDo = '/tasks?status=open,claimed&limit=1';
    const before = (await frontline.get(toDo)).body.total as number;
    await seedTasks(10_000 - before);
    expect((await frontline.get(toDo)).body.total).toBe(10_000);
    const mine = (await frontline.get(`${toDo}&assignee=frontline`)).body.total as number;
    expect(mine).toBeGreaterThan(1_000);

    const page = await openAs('dev-frontline');
    const fmt = (n: number) => n.toLocaleString('en-GB');
    const range = page.getByRole('navigation', { name: 'Pages' }).getByRole('status');
    await page.getByText('1–50 of 10,000').waitFor();
    const rows = page.getByRole('table').locator('tbody tr');
    expect(await rows.count()).toBe(50);
    // Most urgent first: the seeded P1 tasks lead, breached before due soon before on time.
    expect(await rows.nth(0).textContent()).toMatch(/^Seeded task 4seed-casefrontlineP1Open—.*Breached$/);
    expect(await rows.nth(4).textContent()).toMatch(/Due soon$/);
    expect(await rows.nth(8).textContent()).toMatch(/On time$/);
    expect(await page.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'inbox');

    const first = await rows.nth(0).textContent();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('51–100 of 10,000').waitFor();
    expect(await rows.count()).toBe(50);
    expect(await rows.nth(0).textContent()).not.toBe(first);
    expect(await page.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(false);

    // A filter starts again at the first page.
    await page.getByLabel('Assigned to me').check();
    await page.getByText(`1–50 of ${fmt(mine)}`).waitFor();
    expect(await range.textContent()).toBe(`1–50 of ${fmt(mine)}`);
    // The filters and the page are kept while the agent visits a task and comes back.
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText(`51–100 of ${fmt(mine)}`).waitFor();
    await rows.nth(0).getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: /^Seeded task \d+$/ }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    await page.getByText(`51–100 of ${fmt(mine)}`).waitFor();
    expect(await page.getByLabel('Assigned to me').isChecked()).toBe(true);
    await page.context().close();
  });
});

/**
 * `n` tasks of the front line written straight into the inbox projection (as the case workflows' projection
 * activity writes them: the columns GET /tasks filters and sorts on, and the view it answers), under one
 * case row with no published template (so they carry no forms). The first twelve are P1: four breached,
 * four due within the hour, four due in hours; the rest P2–P4 due over the next days; every seventh is
 * claimed by `frontline`.
 */
async function seedTasks(n: number): Promise<void> {
  await system.pool.query(
    `INSERT INTO cases (id, workflow_id, template_name, template_version, template_sha256, status, channel,
       customer_id, department, view, revision, created_at, updated_at)
     VALUES ('seed-case', 'case-seed-case', 'seeded', 1, 'none', 'open', 'web', 'cu-seed', 'frontline',
       '{}'::jsonb, 1, now(), now())`,
  );
  await system.pool.query(
    `WITH seed AS (
       SELECT i,
         'seed-case-t' || i AS id,
         CASE WHEN i <= 12 THEN 0 ELSE 1 + i % 3 END AS rank,
         CASE WHEN i % 7 = 0 THEN 'claimed' ELSE 'open' END AS status,
         CASE WHEN i % 7 = 0 THEN 'frontline' END AS assignee,
         now() - interval '1 day' AS created,
         now() + CASE
           WHEN i <= 4 THEN -(i * interval '10 minutes')
           WHEN i <= 8 THEN i * interval '5 minutes'
           WHEN i <= 12 THEN i * interval '1 hour'
           ELSE (i % 96) * interval '1 hour' + interval '1 day' END AS due
       FROM generate_series(1, $1::int) AS i
     )
     INSERT INTO tasks (id, case_id, department, step, title, status, assignee, priority, priority_rank,
       due_at, view, revision, created_at, updated_at)
     SELECT id, 'seed-case', 'frontline', 'triage', 'Seeded task ' || i, status, assignee, 'P' || (rank + 1),
       rank, due,
       jsonb_strip_nulls(jsonb_build_object(
         'id', id, 'caseId', 'seed-case', 'department', 'frontline', 'step', 'triage',
         'title', 'Seeded task ' || i, 'status', status, 'assignee', assignee, 'priority', 'P' || (rank + 1),
         'priorityRank', rank, 'outcomes', jsonb_build_array('resolved', 'route'),
         'dueAt', to_char(due AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'createdAt', to_char(created AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'updatedAt', to_char(created AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))),
       1, created, created
     FROM seed`,
    [n],
  );
}
