/**
 * The console's reports page (issue 14: "a manager sees the SLA chart", "a service manager reads reports as
 * CSV") in a real browser against a real API: cases opened and resolved through the API give the reports
 * figures; a manager (the `manager` role, reports only) opens Reports, sees the SLA chart named by its
 * summary and the figures table agreeing with GET /reports/sla, regroups it and sees the table follow the
 * API's answer for that grouping, downloads the CSV and gets the API's CSV byte for byte, and moves to the
 * other reports with the keyboard. The page is checked for WCAG A/AA violations and photographed.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { accessibilityViolations } from '../../support/a11y';
import { launchBrowser, newSession, screenshot, signIn } from '../../support/browser';
import { walkCaseToResolved } from '../../support/walk-case';
import { apiAs, eventually, useTestSystem } from '../../support/system';

const system = useTestSystem();
const as = (token: string) => apiAs(system.url, token);
let browser: Browser;

interface SlaGroup {
  group: string;
  cases: number;
  responseDue: number;
  responseMet: number;
  responseCompliance: number | null;
  resolutionDue: number;
  resolutionMet: number;
  resolutionCompliance: number | null;
  resolved: number;
  escalations: number;
}

/** Opens a case as intake would, left open at triage (its text picks the category, definitions/…/v1.yaml). */
async function openCase(customer: string, subject: string, description: string): Promise<void> {
  const opened = await as('dev-intake').post('/cases', {
    channel: 'web',
    customer: { id: `${customer}-${Date.now()}`, name: 'Li Wei' },
    subject,
    description,
  });
  expect(opened.status).toBe(201);
}

beforeAll(async () => {
  browser = await launchBrowser();
  // Two resolved at triage (technical: "cannot"), one billing and one consulting case left open.
  await walkCaseToResolved(system.url, `cu-report-a-${Date.now()}`, 'the first triage task');
  await walkCaseToResolved(system.url, `cu-report-b-${Date.now()}`, 'the second triage task');
  await openCase('cu-report-c', 'Wrong invoice', 'My invoice shows a charge twice');
  await openCase('cu-report-d', 'Opening hours', 'A question about your opening hours');
  await eventually(async () => {
    const sla = await as('dev-manager').get('/reports/sla');
    return sla.body.groups?.[0]?.cases === 4 && sla.body.groups[0].resolved === 2 ? true : undefined;
  }, 'the four cases in the SLA report');
});
afterAll(async () => {
  await browser?.close();
});

/** The SLA table's rows as the page should show them, from the API's JSON (en-GB). */
function expectedSlaRows(groups: SlaGroup[], grouped: boolean): string[][] {
  const pct = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });
  const p = (v: number | null) => (v === null ? '—' : pct.format(v));
  return groups.map((g) => [
    grouped ? g.group : 'All',
    String(g.cases),
    `${g.responseMet} / ${g.responseDue}`,
    p(g.responseCompliance),
    `${g.resolutionMet} / ${g.resolutionDue}`,
    p(g.resolutionCompliance),
    String(g.resolved),
    String(g.escalations),
  ]);
}

/** The same columns of the table on the page (group, cases, response, resolution, resolved, escalations). */
async function shownSlaRows(table: Locator): Promise<string[][]> {
  const cells = await table
    .locator('tbody tr')
    // Typed by hand: the tests compile without the DOM library.
    .evaluateAll((rows: Array<{ children: ArrayLike<{ textContent: string | null }> }>) =>
      rows.map((r) => Array.from(r.children).map((c) => c.textContent ?? '')),
    );
  return cells.map((c) => [0, 1, 2, 3, 4, 5, 10, 13].map((i) => c[i] ?? ''));
}

async function openAs(token: string): Promise<Page> {
  const context = await newSession(browser);
  const page = await context.newPage();
  await signIn(page, system.url, token);
  return page;
}

describe('console: reports', () => {
  it('shows a manager the SLA chart and figures, regrouped, and downloads the CSV', async () => {
    // The manager reads reports and nothing of the cases behind them.
    expect((await as('dev-manager').get('/cases')).status).toBe(403);
    const page = await openAs('dev-manager');
    // Reports is a manager's home page, and in the navigation.
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    expect(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).count(),
    ).toBe(1);
    expect(await page.getByRole('tab', { name: 'SLA compliance' }).getAttribute('aria-selected')).toBe(
      'true',
    );

    // Ungrouped, as GET /reports/sla answers by default.
    const api = (await as('dev-manager').get('/reports/sla')).body as { groups: SlaGroup[] };
    const table = page.getByRole('table', { name: /^SLA compliance, / });
    await table.waitFor();
    expect(await shownSlaRows(table)).toEqual(expectedSlaRows(api.groups, false));
    const all = api.groups[0]!;
    const pct = (v: number | null) =>
      v === null
        ? '—'
        : new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(v);
    const chart = page.getByRole('img', { name: /^Bar chart of SLA compliance\./ });
    expect(await chart.evaluate((el) => el.tagName)).toBe('CANVAS');
    expect(await chart.getAttribute('aria-label')).toContain(
      `All: response ${pct(all.responseCompliance)}, resolution ${pct(all.resolutionCompliance)}`,
    );

    // Grouped by category: the table follows the API's answer for that grouping.
    await page.getByLabel('Group by').selectOption('category');
    const byCategory = (await as('dev-manager').get('/reports/sla?groupBy=category')).body as {
      groups: SlaGroup[];
    };
    expect(byCategory.groups.length).toBeGreaterThan(1);
    const regrouped = page.getByRole('table', { name: /^SLA compliance by category, / });
    await regrouped.waitFor();
    // Caption and rows come from the same answer: once the caption names the grouping, the rows are its.
    expect(await shownSlaRows(regrouped)).toEqual(expectedSlaRows(byCategory.groups, true));
    expect(await page.getByRole('img', { name: /^Bar chart of SLA compliance by category\./ }).count()).toBe(
      1,
    );

    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'reports');

    // The CSV of what is shown: the API's own CSV for the same query.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('report-sla.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    const apiCsv = await as('dev-manager').raw('GET', '/reports/sla?groupBy=category', undefined, {
      accept: 'text/csv',
    });
    expect(apiCsv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv).toBe(apiCsv.body);
    expect(csv.split('\n')[0]).toMatch(/^group,cases,responseDue,/);

    // The other reports, by keyboard along the tabs: backlog (the two open cases), then workload.
    await page.getByRole('tab', { name: 'SLA compliance' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Backlog by age' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    const backlog = page.getByRole('table', { name: /^Backlog by age, / });
    await backlog.waitFor();
    expect(await backlog.locator('tbody tr th').allTextContents()).toEqual(['All']);
    expect(await backlog.locator('tbody tr td').nth(2).textContent()).toBe('2');
    await page.keyboard.press('End');
    const workload = page.getByRole('table', { name: /^Workload by department, / });
    await workload.waitFor();
    const tasks = (await as('dev-manager').get('/reports/workload')).body as {
      groups: Array<{ group: string }>;
    };
    expect(await workload.locator('tbody tr th').allTextContents()).toEqual(tasks.groups.map((g) => g.group));

    // A range of one day, today: the page's "To" is inclusive, the API's `to` the next midnight.
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.parse(today) + 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('From').fill(today);
    await page.getByLabel('To (inclusive)').fill(today);
    const day = new Date(Date.parse(today)).toLocaleDateString('en-GB', {
      dateStyle: 'medium',
      timeZone: 'UTC',
    });
    const ranged = page.getByRole('table', { name: `Workload by department, ${day} to ${day}` });
    await ranged.waitFor();
    const inRange = (await as('dev-manager').get(`/reports/workload?from=${today}&to=${tomorrow}`)).body as {
      groups: Array<{ group: string; tasks: number }>;
    };
    expect(await ranged.locator('tbody tr').evaluateAll((rows) => rows.length)).toBe(inRange.groups.length);
    expect(await ranged.locator('tbody tr td:first-of-type').allTextContents()).toEqual(
      inRange.groups.map((g) => String(g.tasks)),
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('shows the reports in Chinese', async () => {
    const context = await newSession(browser, { locale: 'zh-CN' });
    const page = await context.newPage();
    await signIn(page, system.url, 'dev-manager');
    await page.getByRole('heading', { level: 1, name: '报表' }).waitFor();
    expect(await page.getByRole('tab', { name: 'SLA 达成率' }).getAttribute('aria-selected')).toBe('true');
    await page
      .getByRole('table', { name: /^SLA 达成率，/ })
      .getByRole('rowheader', { name: '全部' })
      .waitFor();
    await page.getByRole('img', { name: /^SLA 达成率柱状图。全部：首次响应 / }).waitFor();
    await page.getByLabel('分组依据').selectOption('category');
    await page.getByRole('table', { name: /^SLA 达成率，按类别，/ }).waitFor();
    expect(await page.getByRole('button', { name: '下载 CSV' }).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'reports-zh');
    await context.close();
  });

  it('offers no Reports to a principal the API would refuse', async () => {
    const page = await openAs('dev-frontline');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).waitFor();
    expect(await page.getByRole('link', { name: 'Reports' }).count()).toBe(0);
    expect((await as('dev-frontline').get('/reports/sla')).status).toBe(403);
    await page.context().close();
  });
});
