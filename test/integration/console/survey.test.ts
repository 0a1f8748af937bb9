/**
 * The customer's survey page and the browsable API docs (issue 14) in a real browser against a real API.
 * On a phone-sized screen, a customer opens the link a resolved case sent, answers 1–5 per question with a
 * comment, sends the form without any script and sees the thank-you, and the case records the answers; the
 * same link again, and a forged one, get a kind page with the refusal's status. A case about a Chinese
 * subject gets the page in Chinese whatever the browser's language. Each page is checked for WCAG A/AA
 * violations, for horizontal scrolling at 390 px, and photographed for the docs. /docs shows the
 * operations in Swagger UI with no Content-Security-Policy error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations } from '../../support/a11y';
import { launchBrowser, newSession, screenshot } from '../../support/browser';
import { writeFastStandardTemplate } from '../../support/fast-template';
import { apiAs, eventually, useTestSystem } from '../../support/system';

jest.setTimeout(180_000);

/**
 * The standard template with its questions given in both languages (the shipped v1 asks in English and,
 * published, cannot change); surveys wait two minutes, so every link stays live while the test runs.
 */
function bilingualTemplate(): string {
  const file = writeFastStandardTemplate(120);
  const zh: Record<string, string> = {
    'How quickly did we solve your issue?': '我们解决您的问题有多快？',
    'How well did we understand and fix it?': '我们对问题的理解和解决如何？',
    'How courteous were we?': '我们的服务态度如何？',
  };
  let source = readFileSync(file, 'utf8');
  for (const [en, text] of Object.entries(zh)) {
    const before = source;
    source = source.replace(`text: ${en},`, `text: { en: ${en}, zh: ${text} },`);
    if (source === before) throw new Error(`the standard template no longer asks "${en}"`);
  }
  writeFileSync(file, source);
  return file;
}

const system = useTestSystem({ files: [bilingualTemplate()] });
const as = (token: string) => apiAs(system.url, token);
const phone = { width: 390, height: 844 };

let browser: Browser;

/** Opens a case, resolves it at triage, and answers its survey link's token (as an admin reads it). */
async function caseAtSurvey(customer: string, subject: string): Promise<{ id: string; token: string }> {
  const opened = await as('dev-intake').post('/cases', {
    channel: 'web',
    customer: { id: `${customer}-${Date.now()}`, name: 'Li Wei', email: 'li@example.com' },
    subject,
    description: 'I cannot log in since this morning',
  });
  expect(opened.status).toBe(201);
  const id = opened.body.id as string;
  const task = await eventually(async () => {
    const view = await as('dev-admin').get(`/cases/${id}`);
    return view.body.tasks?.find((t: { step: string }) => t.step === 'triage')?.id as string | undefined;
  }, 'the triage task');
  const done = await as('dev-frontline').post(`/tasks/${task}/complete`, {
    outcome: 'resolved',
    form: { resolution: 'password reset' },
  });
  expect(done.status).toBe(200);
  const token = await eventually(async () => {
    const sent = await as('dev-admin').get(`/cases/${id}/notifications`);
    return sent.body.items?.find((n: { data?: { kind?: string } }) => n.data?.kind === 'survey')?.data
      ?.token as string | undefined;
  }, 'the survey link');
  return { id, token };
}

async function phonePage(locale = 'en-GB'): Promise<Page> {
  const context = await newSession(browser, { viewport: phone, locale });
  return context.newPage();
}

/** The page fits the phone's width: nothing scrolls sideways. */
async function expectNoSideScroll(page: Page): Promise<void> {
  const width = await page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
        .documentElement.scrollWidth,
  );
  expect(width).toBeLessThanOrEqual(phone.width);
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the survey page', () => {
  it('takes a customer’s answers on a phone, then refuses the used link kindly', async () => {
    const c = await caseAtSurvey('cu-survey-page', 'Cannot log in');
    const page = await phonePage();
    const opened = await page.goto(`${system.url}/survey/${c.token}`);
    expect(opened?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'How did we do?' }).waitFor();
    await expect(page.getByText('About your request: Cannot log in').isVisible()).resolves.toBe(true);
    await expectNoSideScroll(page);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'survey');

    const questions = {
      speed: 'How quickly did we solve your issue?',
      ability: 'How well did we understand and fix it?',
      attitude: 'How courteous were we?',
    };
    const scores = { speed: '4 Good', ability: '5 Excellent', attitude: '3 Fair' };
    for (const [id, text] of Object.entries(questions))
      await page
        .getByRole('group', { name: text })
        .getByRole('radio', { name: scores[id as keyof typeof scores] })
        .check();
    await page.getByLabel('Anything else you want to tell us? (optional)').fill('Quick & friendly <3');
    const [answered] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Send my answers' }).click(),
    ]);
    expect(answered.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Thank you!' }).waitFor();
    await expectNoSideScroll(page);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'survey-thanks');

    // The case took the same answers a JSON client would have sent.
    const decision = await eventually(async () => {
      const view = await as('dev-admin').get(`/cases/${c.id}`);
      return view.body.decisions?.find((d: { what: string }) => d.what === 'survey answered') as
        { why: string } | undefined;
    }, 'the answers in the case');
    expect(JSON.parse(decision.why)).toEqual({
      speed: 4,
      ability: 5,
      attitude: 3,
      comment: 'Quick & friendly <3',
    });

    // The form went the audited way: one entry for the customer, naming the case and not the link.
    const log = await as('dev-auditor').get(`/audit-log?resource=case/${c.id}`);
    const entries = (log.body.items as Array<{ action: string; principal: string; status: number }>).map(
      (r) => `${r.principal}:${r.action}:${r.status}`,
    );
    expect(entries).toContain('customer:survey.answer:200');
    expect(JSON.stringify(log.body)).not.toContain(c.token);

    // The same link again: a kind page, with the conflict's status.
    const again = await page.goto(`${system.url}/survey/${c.token}`);
    expect(again?.status()).toBe(409);
    await page.getByRole('heading', { level: 1, name: 'Already answered' }).waitFor();
    expect(await page.content()).not.toMatch(/problem|stack|Error:/i);
    expect(await accessibilityViolations(page)).toEqual([]);
    // JSON clients keep problem+json.
    const json = await as('').get(`/survey/${c.token}`);
    expect(json.status).toBe(409);
    expect(json.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('answers a forged link with a kind page and 403', async () => {
    const page = await phonePage('zh-CN');
    const forged = await page.goto(`${system.url}/survey/forged.link`);
    expect(forged?.status()).toBe(403);
    expect(forged?.headers()['content-type']).toMatch(/text\/html/);
    // No case to ask: the browser's language decides.
    await page.getByRole('heading', { level: 1, name: '链接无效' }).waitFor();
    await expectNoSideScroll(page);
    expect(await accessibilityViolations(page)).toEqual([]);
    const posted = await page.request.post(`${system.url}/survey/forged.link`, {
      form: { speed: '5' },
      // As a browser's form post asks (the page is chosen by Accept; without it, problem+json).
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'accept-language': 'zh-CN,zh;q=0.9' },
    });
    expect(posted.status()).toBe(403);
    expect(await posted.text()).toMatch(/<h1>链接无效<\/h1>/);
  });

  it('speaks Chinese for a case about a Chinese subject, whatever the browser’s language', async () => {
    const c = await caseAtSurvey('cu-survey-zh', '无法登录账户');
    expect((await as('').get(`/survey/${c.token}`)).body.language).toBe('zh');
    const page = await phonePage('en-GB');
    await page.goto(`${system.url}/survey/${c.token}`);
    await page.getByRole('heading', { level: 1, name: '您对我们的服务满意吗？' }).waitFor();
    await expectNoSideScroll(page);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('group', { name: '我们解决您的问题有多快？' }).waitFor();
    await screenshot(page, 'survey-zh');
    for (const group of await page.getByRole('group').all())
      await group.getByRole('radio', { name: '5 很好' }).check();
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByRole('heading', { level: 1, name: '感谢您的评价！' }).waitFor();
  });
});

describe('the API docs', () => {
  it('shows the operations in Swagger UI with no Content-Security-Policy error', async () => {
    const context = await newSession(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${system.url}/docs`);
    await page
      .locator('.opblock-summary', { hasText: "Open a case (or join the customer's open case)" })
      .filter({ hasText: 'POST' })
      .first()
      .waitFor();
    await expect(page.getByText('/survey/{token}').first().isVisible()).resolves.toBe(true);
    expect(errors.filter((e) => /Content.Security.Policy|Refused to/i.test(e))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
