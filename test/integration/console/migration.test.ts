/**
 * Changing a process from the console (issue 15) in a real browser against a real API, Temporal and
 * PostgreSQL: a designer backtests a candidate with a changed priority rule from the templates page and
 * sees which recorded cases would have changed priority, and why, then dry-runs the move of v1's open cases
 * to that unpublished candidate (a template error shown at its line, then each case's answer); an admin
 * moves one case to v2 from its page (dry run, then the move and its changes); a designer dry-runs the move
 * of v1's open cases to v2 on the template page, sees each case's answer, migrates them and sees the
 * migration complete. Each page is checked for WCAG A/AA violations and photographed for the docs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { projectRoot } from '../../../config/paths';
import { accessibilityViolations } from '../../support/a11y';
import { launchBrowser, newSession, screenshot, signIn } from '../../support/browser';
import { apiAs, eventually, useTestSystem, waitFor } from '../../support/system';

const system = useTestSystem();
const as = (token: string) => apiAs(system.url, token);

const standard = readFileSync(join(projectRoot, 'definitions', 'customer-issue', 'v1.yaml'), 'utf8');
const name = 'moving-ui';
/** The standard template under this test's name and a version. */
const variant = (version: number) =>
  standard.replace(/^name: .*$/m, `name: ${name}`).replace(/^version: .*$/m, `version: ${version}`);
/** v2: a shorter P1 response target, the same steps (every open case can keep its place). */
const v2 = variant(2).replace('response: 15m', 'response: 10m');
/** The candidate: a low-impact, high-urgency case is P2 instead of P3. */
const lowImpactRow = '    low: { high: P3, medium: P3, low: P4 }';
const candidate = variant(3).replace(lowImpactRow, '    low: { high: P2, medium: P3, low: P4 }');

/** Cases opened on v1: two whose text makes them urgent (P3 under v1, P2 under the candidate), one not (P4). */
const urgent: string[] = [];
let calm: string;

/** Opens a case on v1 as intake would and waits for its triage task (so its projection is written). */
async function openCase(subject: string): Promise<string> {
  const opened = await as('dev-intake').post('/cases', {
    template: name,
    version: 1,
    channel: 'web',
    customer: { id: `cu-moving-${urgent.length}-${Date.now()}`, name: 'Chen Jie' },
    subject,
    description: subject,
  });
  expect(opened.status).toBe(201);
  const id = opened.body.id as string;
  await eventually(async () => {
    const view = await as('dev-admin').get(`/cases/${id}`);
    return view.body.tasks?.some((t: { step: string }) => t.step === 'triage') ? true : undefined;
  }, `the triage task of ${id}`);
  return id;
}

let browser: Browser;
beforeAll(async () => {
  expect(standard).toContain(lowImpactRow);
  expect(v2).toMatch(/response: 10m/);
  expect((await as('dev-designer').post('/templates', { source: variant(1) })).status).toBe(201);
  urgent.push(await openCase('Cannot pay my bill online'));
  urgent.push(await openCase('Cannot see my invoices'));
  calm = await openCase('A question about my tariff');
  expect((await as('dev-designer').post('/templates', { source: v2 })).status).toBe(201);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function openAs(token: string): Promise<Page> {
  const context = await newSession(browser);
  const page = await context.newPage();
  await signIn(page, system.url, token);
  return page;
}

describe('console: backtest and migration', () => {
  it('backtests a candidate on the recorded cases before it is published', async () => {
    const page = await openAs('dev-designer');
    await page.goto(`${system.url}/console/#/templates`);
    await page.getByLabel('Template YAML').fill(candidate);
    // The range defaults to the last 30 days, today included.
    const from = await page.getByLabel('Cases opened from').inputValue();
    const to = await page.getByLabel('to (inclusive)').inputValue();
    expect(Date.parse(to) - Date.parse(from)).toBe(30 * 86_400_000);
    await page.getByRole('button', { name: 'Backtest', exact: true }).click();

    const report = page.getByRole('region', { name: `Backtest of ${name} v3 on recorded cases` });
    await report.waitFor();
    const totals = report.getByRole('definition');
    expect(await totals.allTextContents()).toEqual([
      '3',
      '2',
      '1',
      '0',
      expect.stringMatching(/^\d[\d,]* ms$/),
    ]);
    const perField = report.getByRole('table', { name: 'Differing cases per field' });
    expect(await perField.getByRole('row', { name: /priority/ }).textContent()).toBe('priority2');
    // Each differing case links to its page and says what changed and which rule says so.
    for (const id of urgent) {
      expect(await report.getByRole('link', { name: `Case ${id}` }).getAttribute('href')).toBe(
        `#/cases/${id}`,
      );
      const row = report.getByRole('table', { name: `Differences of case ${id}` }).getByRole('row', {
        name: /^priority/,
      });
      expect(await row.textContent()).toMatch(/^priorityP3→ P2.*(matrix|impact|urgency)/i);
    }
    expect(await report.getByRole('link', { name: `Case ${calm}` }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'template-backtest');
    // Nothing was published.
    expect((await as('dev-designer').get(`/templates/${name}/versions/3`)).status).toBe(404);
    await page.context().close();
  });

  it("dry-runs the move of v1's open cases to the candidate in the editor, before it is published", async () => {
    const open = [...urgent, calm];
    const page = await openAs('dev-designer');
    await page.goto(`${system.url}/console/#/templates`);
    const check = page.getByRole('group', { name: 'Migration dry run before you publish' });
    await check
      .getByText('Paste a template with a name: line above to choose the version to move from.')
      .waitFor();

    // A template error is refused at its line, as Validate shows it: the front line's calendar misspelt.
    await page
      .getByLabel('Template YAML')
      .fill(
        candidate.replace(
          '    calendar: business-hours\n  - id: technical',
          '    calendar: nowhere\n  - id: technical',
        ),
      );
    const versions = check.getByLabel('Open cases of');
    // The template's published versions, the newest chosen first.
    await waitFor(
      () => versions.inputValue(),
      (v) => v === '2',
      'v2 chosen to move from',
    );
    expect(await versions.locator('option').allTextContents()).toEqual(['v1', 'v2']);
    await versions.selectOption('1');
    await check.getByRole('button', { name: 'Dry run' }).click();
    await page.getByRole('button', { name: /^Line 18, column 15: unknown calendar 'nowhere'/ }).waitFor();

    await page.getByLabel('Template YAML').fill(candidate);
    await waitFor(
      () => versions.inputValue(),
      (v) => v === '1',
      'v1 kept',
    );
    await check.getByText('Step map of v1: every step keeps its id unless you name another').click();
    expect(await check.getByLabel('Step in v3 for triage').inputValue()).toBe('triage');
    await check.getByRole('button', { name: 'Dry run' }).click();
    await check.getByText('3 open case(s): 3 can move, 0 refused. Nothing was changed.').waitFor();
    expect(await page.getByRole('button', { name: /^Line 18/ }).count()).toBe(0);
    expect(await check.getByRole('heading').textContent()).toBe(`Dry run: ${name} v1 → v3 (not published)`);
    for (const id of open) {
      const row = check.getByRole('row', { name: new RegExp(`^${id}`) });
      expect(await row.textContent()).toMatch(new RegExp(`^${id}v1 · triagev3 · triagecan move`));
    }
    expect(await accessibilityViolations(page)).toEqual([]);
    // Folded again for the picture: the standard template has two dozen steps.
    await check.getByText('Step map of v1: every step keeps its id unless you name another').click();
    await check.screenshot({ path: join(projectRoot, 'docs', 'console', 'template-migration-check.png') });
    // Nothing was published and nothing moved.
    expect((await as('dev-designer').get(`/templates/${name}/versions/3`)).status).toBe(404);
    for (const id of open) expect((await as('dev-admin').get(`/cases/${id}`)).body.template.version).toBe(1);

    // In Chinese, the same answer, and still no violation.
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh');
    const zh = page.getByRole('group', { name: '发布前的迁移试运行' });
    await zh.getByText('共 3 个未结工单：3 个可迁移，0 个被拒绝。没有做任何改变。').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('moves one case to v2 from its page: a dry run first, then the move and what it did', async () => {
    const id = urgent[0]!;
    const page = await openAs('dev-admin');
    await page.goto(`${system.url}/console/#/cases/${id}`);
    await page.getByText(`Case ${id} · template ${name} v1`).waitFor();
    await page.getByText('Move to version…').click();
    expect(await page.getByRole('combobox', { name: /^Version/ }).inputValue()).toBe('2');
    const move = page.getByRole('button', { name: 'Move to v2' });
    expect(await move.isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByText('It can move: v1 · triage → v2 · triage.').waitFor();
    expect((await as('dev-admin').get(`/cases/${id}`)).body.template.version).toBe(1);

    await move.click();
    await page.getByText('Moved: v1 · triage → v2 · triage.').waitFor();
    expect(await page.getByRole('heading', { name: 'What the move does' }).count()).toBe(1);
    await page.getByText(`Case ${id} · template ${name} v2`).waitFor();
    expect((await as('dev-admin').get(`/cases/${id}`)).body.template.version).toBe(2);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'case-migrate');
    await page.context().close();
  });

  it("dry-runs and migrates v1's open cases to v2 from the template page", async () => {
    const left = [urgent[1]!, calm];
    const page = await openAs('dev-designer');
    await page.goto(`${system.url}/console/#/templates/${name}/2`);
    const panel = page.getByRole('region', { name: 'Move open cases to v2' });
    await panel.waitFor();
    expect(await panel.getByLabel('Move the open cases of').inputValue()).toBe('1');
    // Every step of v1 maps to the step of the same id in v2, so the step map stays folded.
    const stepMap = panel.getByText(/^Step map: \d+ step\(s\) of the same id, 0 without a counterpart$/);
    await stepMap.click();
    const triage = panel.getByLabel('Step in v2 for triage');
    await triage.waitFor();
    expect(await triage.inputValue()).toBe('triage');

    await panel.getByRole('button', { name: 'Dry run' }).click();
    await panel.getByText('2 open case(s): 2 can move, 0 refused. Nothing was changed.').waitFor();
    for (const id of left) {
      const row = panel.getByRole('row', { name: new RegExp(`^${id}`) });
      expect(await row.textContent()).toMatch(new RegExp(`^${id}v1 · triagev2 · triagecan move`));
    }
    for (const id of left) expect((await as('dev-admin').get(`/cases/${id}`)).body.template.version).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);

    await panel.getByRole('button', { name: 'Migrate…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Start the migration' });
    expect(await confirm.textContent()).toMatch(/Move every open case of v1 to v2\?/);
    await confirm.getByRole('button', { name: 'Yes, migrate' }).click();
    await panel.getByText('2 of 2 done: 2 moved, 0 refused (completed)').waitFor({ timeout: 60_000 });
    for (const id of left) {
      expect(
        await panel
          .getByRole('row', { name: new RegExp(`^${id}`) })
          .last()
          .textContent(),
      ).toMatch(/moved/);
      expect((await as('dev-admin').get(`/cases/${id}`)).body.template.version).toBe(2);
    }
    expect(await accessibilityViolations(page)).toEqual([]);
    // The panel alone: above it, the flow diagram makes the whole page 4,500 px tall.
    await panel.screenshot({ path: join(projectRoot, 'docs', 'console', 'template-migration.png') });

    // In Chinese, the same panel and its answers, and still no violation.
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh');
    const zh = page.getByRole('region', { name: '将未结工单迁移到 v2' });
    await zh.getByText('已处理 2 / 2：迁移 2 个，拒绝 0 个（已完成）').waitFor();
    expect(await zh.getByRole('button', { name: '试运行' }).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('offers neither the backtest nor the migration to a front-line agent', async () => {
    const page = await openAs('dev-frontline');
    await page.goto(`${system.url}/console/#/templates/${name}/2`);
    await page.getByRole('figure', { name: `Flow of ${name} v2` }).waitFor();
    expect(await page.getByRole('region', { name: 'Move open cases to v2' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Backtest', exact: true }).count()).toBe(0);
    await page.goto(`${system.url}/console/#/cases/${calm}`);
    await page.getByText(`Case ${calm} · template ${name} v2`).waitFor();
    expect(await page.getByText('Move to version…').count()).toBe(0);
    await page.context().close();
  });
});
