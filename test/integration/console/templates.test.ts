/**
 * The console's template pages (issue 14) in a real browser against a real API: a designer validates a
 * broken template and sees the error at its line, opens the shipped template and sees its flow drawn
 * (Mermaid, under the API's Content-Security-Policy) and the changes between two versions, and publishes a
 * template from the page. Each page is checked for WCAG A/AA violations and photographed for the docs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { projectRoot } from '../../../config/paths';
import { accessibilityViolations } from '../../support/a11y';
import { launchBrowser, newSession, screenshot, signIn } from '../../support/browser';
import { apiAs, useTestSystem, waitFor } from '../../support/system';

const system = useTestSystem();

const standard = readFileSync(join(projectRoot, 'definitions', 'customer-issue', 'v1.yaml'), 'utf8');
/** The standard template under another name and version. */
const variant = (name: string, version: number) =>
  standard.replace(/^name: .*$/m, `name: ${name}`).replace(/^version: .*$/m, `version: ${version}`);

/** The front line's calendar misspelt: line 18, column 15 of the file (the compiler's own count). */
const brokenLine = 18;
const broken = variant('broken-ui', 1).replace(
  '    calendar: business-hours\n  - id: technical',
  '    calendar: no-such-calendar\n  - id: technical',
);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A signed-in page, collecting what the browser reports about its Content-Security-Policy. */
async function openAs(token: string): Promise<{ page: Page; cspReports: string[] }> {
  const context = await newSession(browser);
  const page = await context.newPage();
  const cspReports: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) cspReports.push(msg.text());
  });
  await signIn(page, system.url, token);
  return { page, cspReports };
}

describe('console: templates', () => {
  it('shows a designer the errors of a pasted template at their lines', async () => {
    expect(broken).toMatch(/no-such-calendar/);
    expect(broken.split('\n')[brokenLine - 1]).toBe('    calendar: no-such-calendar');
    const { page } = await openAs('dev-designer');
    await page.goto(`${system.url}/console/#/templates`);
    await page.getByRole('link', { name: 'customer-issue', exact: true }).waitFor();
    expect(await page.getByRole('row', { name: /customer-issue/ }).textContent()).toMatch(/v1 \(active\)/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'templates');

    await page.getByLabel('Template YAML').fill(broken);
    await page.getByRole('button', { name: 'Validate' }).click();
    const error = page.getByRole('button', {
      name: /^Line 18, column 15: unknown calendar 'no-such-calendar'/,
    });
    await error.waitFor();
    // The numbered source marks line 18 and says why beside it, and no other line.
    const marked = page.locator('.yaml-lines li.bad');
    expect(await marked.count()).toBe(1);
    expect(await marked.getAttribute('id')).toBe(`yaml-line-${brokenLine}`);
    expect(await marked.textContent()).toMatch(/calendar: no-such-calendar.*unknown calendar/);
    // Choosing the error puts the caret on that line of the textarea.
    await error.click();
    const caret = await page.getByLabel('Template YAML').evaluate((el) => {
      const area = el as unknown as { value: string; selectionStart: number; selectionEnd: number };
      return {
        focused:
          (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement === el,
        line: area.value.slice(0, area.selectionStart).split('\n').length,
        selected: area.value.slice(area.selectionStart, area.selectionEnd),
      };
    });
    expect(caret).toEqual({ focused: true, line: brokenLine, selected: '    calendar: no-such-calendar' });
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'template-validate');
    await page.context().close();
  });

  it('draws the flow of the shipped template and shows what changed between two versions', async () => {
    const v2 = variant('customer-issue', 2).replace('response: 15m', 'response: 10m');
    expect((await apiAs(system.url, 'dev-designer').post('/templates', { source: v2 })).status).toBe(201);
    const { page, cspReports } = await openAs('dev-designer');
    await page.goto(`${system.url}/console/#/templates/customer-issue`);

    // The newest version is shown first; its flow is an SVG inside the named figure, drawn by Mermaid.
    const figure = page.getByRole('figure', { name: 'Flow of customer-issue v2' });
    await figure.locator('svg').first().waitFor();
    expect(await figure.locator('svg').first().textContent()).toMatch(/triage/);
    expect(await figure.locator('svg > title').first().textContent()).toBe('Flow of customer-issue v2');
    expect(await figure.getByText('The flow as text (Mermaid)').count()).toBe(1);
    expect(await page.getByRole('combobox', { name: /^Version/ }).inputValue()).toBe('2');

    await page.getByRole('button', { name: 'Compare' }).click();
    const changes = page.getByRole('table', { name: 'Changes from v1 to v2' });
    await changes.waitFor();
    expect(await changes.textContent()).toMatch(/P1/);
    expect(await page.getByRole('region', { name: 'In words' }).textContent()).toMatch(/15m → 10m/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'template');

    // Another version from the picker: its own address and its own flow.
    await page.getByRole('combobox', { name: /^Version/ }).selectOption('1');
    await page.getByRole('figure', { name: 'Flow of customer-issue v1' }).locator('svg').first().waitFor();
    expect(page.url()).toMatch(/#\/templates\/customer-issue\/1$/);
    // Drawn under the API's own policy (helmet's defaults), with nothing refused on the way.
    const csp = (await fetch(`${system.url}/console/`)).headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'[;\s]/);
    expect(cspReports).toEqual([]);
    await page.context().close();
  });

  it('publishes a valid template from the page', async () => {
    const { page } = await openAs('dev-designer');
    await page.goto(`${system.url}/console/#/templates`);
    await page.getByLabel('Template YAML').fill(variant('published-from-ui', 1));
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published published-from-ui v1.').waitFor();
    // The list picks it up, and the note links to it.
    await page.getByRole('link', { name: 'published-from-ui', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Open it' }).click();
    await page.getByRole('figure', { name: 'Flow of published-from-ui v1' }).locator('svg').first().waitFor();
    const row = await apiAs(system.url, 'dev-auditor').get('/templates/published-from-ui/versions/1');
    expect(row.body).toMatchObject({ status: 'active', publishedBy: 'designer' });

    // Retired from its page, after a confirmation.
    await page.getByRole('button', { name: 'Retire v1' }).click();
    await page.getByRole('button', { name: 'Yes, retire v1' }).click();
    await page
      .getByRole('combobox', { name: /^Version/ })
      .getByText('v1 (retired)')
      .waitFor({ state: 'attached' });
    const retired = await apiAs(system.url, 'dev-auditor').get('/templates/published-from-ui/versions/1');
    expect(retired.body).toMatchObject({ status: 'retired', retiredBy: 'designer' });

    // A file uploaded instead of pasted: it fills the textarea and validates.
    await page.getByRole('link', { name: 'All templates' }).click();
    await page.getByLabel('Or upload a YAML file').setInputFiles({
      name: 'uploaded.yaml',
      mimeType: 'text/yaml',
      buffer: Buffer.from(variant('uploaded-ui', 3)),
    });
    await waitFor(
      () => page.getByLabel('Template YAML').inputValue(),
      (text) => /^name: uploaded-ui$/m.test(text),
      'the uploaded file in the textarea',
    );
    await page.getByRole('button', { name: 'Validate' }).click();
    await page.getByText(/^Valid: uploaded-ui v3 \(sha256 [0-9a-f]{12}\)\.$/).waitFor();
    await page.context().close();
  });

  it('offers validate and publish to designers only', async () => {
    const { page } = await openAs('dev-frontline');
    await page.goto(`${system.url}/console/#/templates`);
    await page.getByRole('link', { name: 'customer-issue', exact: true }).waitFor();
    expect(await page.getByLabel('Template YAML').count()).toBe(0);
    await page.getByRole('link', { name: 'customer-issue', exact: true }).click();
    await page
      .getByRole('figure', { name: /Flow of customer-issue/ })
      .locator('svg')
      .first()
      .waitFor();
    expect(await page.getByRole('button', { name: /^Retire/ }).count()).toBe(0);
    await page.context().close();
  });
});
