/**
 * The console's cases list and case page (issue 14) in a real browser against a real API: an auditor reads a
 * case (status, the rule behind its priority, its clocks), its readable timeline, exports its history as a
 * file and replays it; an agent of the holding department adds a message and sees it arrive, and an agent
 * of a department that no longer holds the case sees the API's refusal; the list filters by status and
 * links to the case. Each page is checked for WCAG A/AA violations and photographed for the docs.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { useWorkflowBundle } from '../../../audit/replay';
import { accessibilityViolations } from '../../support/a11y';
import { launchBrowser, newSession, screenshot, signIn } from '../../support/browser';
import { apiAs, eventually, useTestSystem } from '../../support/system';

const system = useTestSystem();
const as = (token: string) => apiAs(system.url, token);

const subject = 'Cannot log in since this morning';
let caseId: string;
let browser: Browser;

/** Opens a case through the API as intake would; answers its id and its triage task's. */
async function openCase(customer: string, text: string): Promise<{ id: string; task: string }> {
  const opened = await as('dev-intake').post('/cases', {
    channel: 'web',
    customer: { id: `${customer}-${Date.now()}`, name: 'Li Wei' },
    subject: text,
    description: 'I cannot log in to my account since this morning',
  });
  expect(opened.status).toBe(201);
  const id = opened.body.id as string;
  const task = await eventually(async () => {
    const view = await as('dev-admin').get(`/cases/${id}`);
    return view.body.tasks?.find((t: { step: string }) => t.step === 'triage')?.id as string | undefined;
  }, 'the triage task');
  return { id, task };
}

beforeAll(async () => {
  // The API of this test runs in this process: replay uses the bundle the run already built.
  useWorkflowBundle(readFileSync(process.env.CASEFLOW_TEST_WORKFLOW_BUNDLE!, 'utf8'));
  browser = await launchBrowser();
  caseId = (await openCase('cu-console-case', subject)).id;
});
afterAll(async () => {
  await browser?.close();
});

async function openAs(token: string, locale?: string): Promise<Page> {
  const context = await newSession(browser, locale ? { locale } : {});
  const page = await context.newPage();
  await signIn(page, system.url, token);
  return page;
}

describe('console: case page', () => {
  it('shows an auditor the case, its clocks and timeline, and exports and replays its history', async () => {
    const page = await openAs('dev-auditor');
    await page.goto(`${system.url}/console/#/cases/${caseId}`);
    await page.getByRole('heading', { level: 1, name: subject }).waitFor();

    const facts = page.getByRole('region', { name: 'Case', exact: true });
    expect(await facts.getByRole('definition').first().textContent()).toBe('Open');
    // The priority, and the rule that set it (the decision log's `priority …` line).
    expect(await facts.textContent()).toMatch(
      /PriorityP\d\s*Set at step prioritize: priority P\d \(impact \w+ × urgency \w+\)Rule: impact .*; urgency /,
    );

    const clocks = page.getByRole('region', { name: 'SLA clocks' });
    const response = clocks.getByRole('row', { name: /^Response/ });
    await response.waitFor();
    // Running, with a due time, time used and left, and its state said in words.
    expect(await response.textContent()).toMatch(/Running/);
    expect(await clocks.getByRole('row', { name: /^Resolution/ }).count()).toBe(1);
    const triage = page.getByRole('region', { name: 'Tasks' }).getByRole('link');
    expect(await triage.first().getAttribute('href')).toMatch(new RegExp(`^#/tasks/${caseId}-t\\d+$`));

    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'case');

    // The readable timeline: who opened the case, and the rule that classified it.
    await page.getByRole('button', { name: 'Show timeline' }).click();
    const timeline = page.getByRole('table', { name: /What happened to the case/ });
    const opened = timeline.getByRole('row').filter({ hasText: 'case opened via web' });
    await opened.waitFor();
    expect(await opened.textContent()).toMatch(
      new RegExp(`intake \\(person\\)case opened via web.*${subject}`),
    );
    const rules = timeline.getByRole('row').filter({ hasText: /\(rule\)priority P\d/ });
    expect(await rules.count()).toBeGreaterThan(0);
    expect(await accessibilityViolations(page)).toEqual([]);

    // The history export: a file download of the case's Temporal history.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export history' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`case-${caseId}-history.json`);
    const saved = await download.path();
    const history = JSON.parse(readFileSync(saved, 'utf8')) as { events: Array<{ eventType: string }> };
    expect(history.events[0]?.eventType).toMatch(/WORKFLOW_EXECUTION_STARTED/);
    await page.getByRole('link', { name: 'Download it again' }).waitFor();

    await page.getByRole('button', { name: 'Replay history' }).click();
    await page
      .getByText(/^Deterministic: today’s workflow code takes the same decisions \(\d+ events/)
      .waitFor();
    await page.context().close();
  });

  it('shows the page in Chinese', async () => {
    const page = await openAs('dev-auditor', 'zh-CN');
    await page.goto(`${system.url}/console/#/cases/${caseId}`);
    await page.getByRole('heading', { level: 1, name: subject }).waitFor();
    await page
      .getByRole('region', { name: 'SLA 计时' })
      .getByRole('row', { name: /^首次响应/ })
      .waitFor();
    expect(await page.getByRole('button', { name: '导出历史' }).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'case-zh');
    await page.context().close();
  });

  it('lets an agent of the holding department add a message, and shows another the refusal', async () => {
    const page = await openAs('dev-frontline');
    await page.goto(`${system.url}/console/#/cases/${caseId}`);
    const messages = page.getByRole('region', { name: 'Messages' });
    await messages.getByLabel('New message').waitFor();
    const text = 'We reset your password; please try again.';
    await messages.getByLabel('New message').fill(text);
    await messages.getByRole('button', { name: 'Add message' }).click();
    await messages.getByRole('status').filter({ hasText: 'Message added.' }).waitFor();
    const item = messages.getByRole('listitem').filter({ hasText: text });
    expect(await item.textContent()).toMatch(/^Agent frontline · /);
    expect(await messages.getByLabel('New message').inputValue()).toBe('');
    await page.context().close();

    // Billing may read nothing of a case it never held: the API says not found, and the page shows it.
    const billing = await openAs('dev-billing');
    await billing.goto(`${system.url}/console/#/cases/${caseId}`);
    await billing
      .getByRole('alert')
      .filter({ hasText: /Not Found/ })
      .waitFor();
    await billing.context().close();
  });

  it('refuses a message from a department that no longer holds the case, as the API explains', async () => {
    const routed = await openCase('cu-console-routed', 'Refund please');
    const frontline = as('dev-frontline');
    expect((await frontline.post(`/tasks/${routed.task}/claim`)).status).toBe(200);
    const done = await frontline.post(`/tasks/${routed.task}/complete`, {
      outcome: 'route',
      form: { reason: 'billing matter' },
    });
    expect(done.status).toBe(200);
    await eventually(async () => {
      const view = await as('dev-billing').get(`/cases/${routed.id}`);
      return view.status === 200 && view.body.department === 'billing' ? true : undefined;
    }, 'the case with billing');

    const page = await openAs('dev-frontline');
    await page.goto(`${system.url}/console/#/cases/${routed.id}`);
    const messages = page.getByRole('region', { name: 'Messages' });
    await messages.getByLabel('New message').fill('still mine?');
    await messages.getByRole('button', { name: 'Add message' }).click();
    const refusal = messages.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/Forbidden.*not held by your departments now \(frontline\)/);

    // More messages than a page holds: the newest 20, then the older ones on request.
    for (let n = 1; n <= 21; n++) {
      const sent = await as('dev-intake').post(`/cases/${routed.id}/messages`, {
        from: 'customer',
        text: `customer note ${n}`,
      });
      expect(sent.status).toBe(201);
    }
    await eventually(async () => {
      const page = await as('dev-frontline').get(`/cases/${routed.id}/messages?limit=1`);
      return page.body.total === 21 ? true : undefined;
    }, 'the 21 messages recorded');
    await page.reload();
    await messages.getByText('20 of 21 messages, newest first').waitFor();
    expect(await messages.getByRole('listitem').first().textContent()).toMatch(/customer note 21$/);
    await messages.getByRole('button', { name: 'Show older messages' }).click();
    await messages
      .getByRole('listitem')
      .filter({ hasText: /customer note 1$/ })
      .waitFor();
    expect(await messages.getByRole('listitem').count()).toBe(21);
    expect(await messages.getByRole('button', { name: 'Show older messages' }).count()).toBe(0);
    await page.context().close();
  });
});

describe('console: clocks of a waiting case', () => {
  it('says in words that the clocks are paused while the case waits for the customer', async () => {
    const waiting = await openCase('cu-console-waiting', 'Where is my invoice?');
    const frontline = as('dev-frontline');
    expect((await frontline.post(`/tasks/${waiting.task}/claim`)).status).toBe(200);
    expect((await frontline.post(`/tasks/${waiting.task}/complete`, { outcome: 'needs-info' })).status).toBe(
      200,
    );
    await eventually(async () => {
      const view = await as('dev-auditor').get(`/cases/${waiting.id}`);
      return view.body.status === 'waiting' ? true : undefined;
    }, 'the case waiting for the customer');

    const page = await openAs('dev-auditor');
    await page.goto(`${system.url}/console/#/cases/${waiting.id}`);
    const facts = page.getByRole('region', { name: 'Case', exact: true });
    await facts
      .getByRole('definition')
      .filter({ hasText: /^Waiting$/ })
      .waitFor();
    const resolution = page
      .getByRole('region', { name: 'SLA clocks' })
      .getByRole('row', { name: /^Resolution/ });
    // Paused: no due time while it does not run, and the state in words.
    expect(await resolution.textContent()).toMatch(/none while paused.*Paused$/);
    await page.context().close();
  });
});

describe('console: cases list', () => {
  it('filters by status and links to the case', async () => {
    const page = await openAs('dev-auditor');
    await page.goto(`${system.url}/console/#/cases`);
    const link = page.getByRole('link', { name: subject });
    await link.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'cases');

    // No case of this file is closed: the closed filter empties the list, open brings the case back.
    await page.getByLabel('Status').selectOption('closed');
    await page.getByText('No case fits these filters.').waitFor();
    await page.getByLabel('Status').selectOption('open');
    await link.waitFor();
    expect(await page.getByRole('row', { name: new RegExp(subject) }).textContent()).toMatch(/Open/);
    await page.getByText(/^1–\d+ of \d+$/).waitFor();

    await link.click();
    await page.getByRole('heading', { level: 1, name: subject }).waitFor();
    expect(page.url()).toMatch(new RegExp(`#/cases/${caseId}$`));

    // The case id typed in goes straight to its page.
    await page.goto(`${system.url}/console/#/cases`);
    await page.getByLabel('Case id').fill(caseId);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: subject }).waitFor();
    await page.context().close();
  });
});
