/**
 * How similar cases were resolved, on the console's task page (issue 17) in a real browser against a real
 * API: a case the front line resolved earlier shows beside the triage task of a new case in similar words,
 * with its resolution, who resolved it and a link to it, in English and in Chinese; a task that cannot
 * resolve its case (an auditor's reading) shows nothing of it. Checked for WCAG A/AA violations.
 */
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations } from '../../support/a11y';
import { openTaskAt } from '../../support/case-tasks';
import { launchBrowser, newSession, screenshot, signIn } from '../../support/browser';
import { apiAs, eventually, useTestSystem } from '../../support/system';

const system = useTestSystem();
const as = (token: string) => apiAs(system.url, token);
let browser: Browser;
let customers = 0;

async function openCase(subject: string, description: string): Promise<string> {
  customers += 1;
  const opened = await as('dev-intake').post('/cases', {
    channel: 'web',
    customer: { id: `cu-console-similar-${customers}-${Date.now()}` },
    subject,
    description,
  });
  expect(opened.status).toBe(201);
  return opened.body.id as string;
}

async function resolve(caseId: string, resolution: string): Promise<void> {
  const task = (await openTaskAt(system.url, caseId, 'triage')).id;
  expect((await as('dev-frontline').post(`/tasks/${task}/claim`)).status).toBe(200);
  const done = await as('dev-frontline').post(`/tasks/${task}/complete`, {
    outcome: 'resolved',
    form: { resolution },
  });
  expect(done.status).toBe(200);
  await eventually(async () => {
    const row = await system.pool.query('SELECT 1 FROM case_search WHERE case_id = $1', [caseId]);
    return row.rowCount === 1 ? true : undefined;
  }, 'the resolved case in the search');
}

async function openAs(token: string, locale?: string): Promise<Page> {
  const context = await newSession(browser, locale ? { locale } : {});
  const page = await context.newPage();
  await signIn(page, system.url, token);
  return page;
}

let resolvedEn: string;
let resolvedZh: string;

beforeAll(async () => {
  browser = await launchBrowser();
  resolvedEn = await openCase(
    'Password reset email never arrives',
    'I cannot log in because the password reset email never arrives.',
  );
  await resolve(resolvedEn, 'Sent the password reset link by SMS; the mail server had blocked it.');
  resolvedZh = await openCase('收不到密码重置邮件', '收不到密码重置邮件，无法登录账户。');
  await resolve(resolvedZh, '已通过短信发送密码重置链接。');
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

describe('console: similar cases on the task page', () => {
  it('shows how a similar case was resolved, by whom, with a link to it', async () => {
    const caseId = await openCase(
      'No password reset email',
      'The password reset email does not arrive, so I cannot log in.',
    );
    const taskId = (await openTaskAt(system.url, caseId, 'triage')).id;
    const page = await openAs('dev-frontline');
    await page.goto(`${system.url}/console/#/tasks/${taskId}`);
    const panel = page.getByRole('region', { name: 'How similar cases were resolved' });
    const first = panel.getByRole('listitem').first();
    await first.getByRole('link', { name: 'Password reset email never arrives' }).waitFor();
    expect(await first.textContent()).toContain(
      'Sent the password reset link by SMS; the mail server had blocked it.',
    );
    expect(await first.textContent()).toContain('Resolved by frontline');
    expect(await panel.getByRole('listitem').count()).toBeLessThanOrEqual(3);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'task-similar');
    await first.getByRole('link', { name: 'Password reset email never arrives' }).click();
    await eventually(
      () => (page.url().endsWith(`#/cases/${resolvedEn}`) ? true : undefined),
      'the similar case page',
    );
    await page.context().close();
  });

  it('finds the Chinese case for a Chinese task, in Chinese', async () => {
    const caseId = await openCase('密码重置邮件收不到', '一直收不到密码重置邮件。');
    const taskId = (await openTaskAt(system.url, caseId, 'triage')).id;
    const page = await openAs('dev-frontline', 'zh-CN');
    await page.goto(`${system.url}/console/#/tasks/${taskId}`);
    const panel = page.getByRole('region', { name: '相似工单的解决方法' });
    const first = panel.getByRole('listitem').first();
    await first.getByRole('link', { name: '收不到密码重置邮件' }).waitFor();
    expect(await first.textContent()).toContain('已通过短信发送密码重置链接。');
    expect(await first.textContent()).toContain('解决人：frontline');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('says so when no resolved case is in similar words', async () => {
    const caseId = await openCase('Parcel left at the wrong door', 'The courier left my parcel next door.');
    const taskId = (await openTaskAt(system.url, caseId, 'triage')).id;
    const page = await openAs('dev-frontline');
    await page.goto(`${system.url}/console/#/tasks/${taskId}`);
    await page
      .getByRole('region', { name: 'How similar cases were resolved' })
      .getByText('No resolved case in similar words yet.')
      .waitFor();
    await page.context().close();
  });
});
