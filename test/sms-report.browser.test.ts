import * as fs from 'fs';
import * as path from 'path';
import type { BrowserContext } from 'playwright-core';
import { runCli } from './support/run-cli';
import { EXAMPLE_CATALOGUE, REPO } from './support/catalogue-fixture';
import { launchChromium, serveStatic } from './support/chromium';
import { operatedProject, type OperatedProject } from './support/operated-project';

/**
 * The SMS operation report and the service management policy as management reads them: rendered by a real
 * headless Chromium from what the CLI wrote, on a phone-sized screen, no script allowed to run.
 */
describe('the management review in Chromium', () => {
  let browser: BrowserContext;
  let p: OperatedProject;
  beforeAll(async () => {
    [browser, p] = await Promise.all([launchChromium(), operatedProject()]);
    for (const period of [p.period, '2026-10']) {
      const r = await runCli(['report', 'sms', '--period', period], p.dir);
      if (r.code !== 0) throw new Error(r.stderr);
    }
  }, 180_000);
  afterAll(async () => browser?.close());

  const noOverflow = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  test('the month of the gate runs: figures, the runs per day and the denials by clause as charts, waivers and applies', async () => {
    const site = await serveStatic(path.join(p.dir, 'reports'));
    const page = await browser.newPage();
    try {
      await page.goto(`${site.url}sms/${p.period}.html`);
      expect(await page.textContent('h1')).toMatch(/^Operating the service management system, \w+ \d{4}$/);
      expect(await page.textContent('#summary')).toMatch(/^3 gate runs on 3 changes, 1 stopped/);
      // One column group per day of the month; the day of the runs has both parts, passed and stopped.
      const days = await page.$$eval('[data-chart="runs"] g[data-day]', (gs) => gs.map((g) => ({ day: g.getAttribute('data-day'), rects: g.querySelectorAll('rect').length })));
      const [y, m] = p.period.split('-').map(Number);
      expect(days).toHaveLength(new Date(Date.UTC(y, m, 0)).getUTCDate());
      expect(days.filter((d) => d.rects > 0).map((d) => d.rects)).toEqual([2]);
      const clauseBars = await page.$$eval('[data-chart="clauses"] g[data-bar]', (gs) => gs.map((g) => ({ clause: g.getAttribute('data-bar'), width: Number(g.querySelector('rect')!.getAttribute('width')) })));
      expect(clauseBars.map((b) => b.clause)).toEqual(['6.4', '7.1']);
      expect(clauseBars.every((b) => b.width > 100)).toBe(true);
      const rules = await page.$$eval('#gate ~ .scroll table tbody tr', (rows) => rows.map((r) => r.textContent ?? ''));
      expect(rules.join('\n')).toContain('CSM-AGR-006');
      expect(await page.textContent('#waivers + .scroll')).toContain('corvid-budget');
      expect(await page.textContent('#applies + p')).toBe('Apply attempts: applied 1, refused 1.');
      expect(await page.$$eval('script', (s) => s.length)).toBe(0);
      expect(await noOverflow(page)).toBeLessThanOrEqual(0);
      const shot = path.join(REPO, 'test-output', 'sms-report.png');
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await page.screenshot({ path: shot, fullPage: true });
      expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
    } finally {
      await page.close();
      await site.close();
    }
  }, 60_000);

  test('the month of a service report: the breach with its improvement, and every pool against its alert threshold', async () => {
    const site = await serveStatic(path.join(p.dir, 'reports'));
    const page = await browser.newPage();
    try {
      await page.goto(`${site.url}sms/2026-10.html`);
      const breach = await page.$$eval('#service-reports ~ .scroll tr.breach, #service-reports ~ .scroll tbody tr', (rows) => rows.map((r) => r.textContent ?? ''));
      expect(breach.join('\n')).toMatch(/managed-postgres.*99\.95 %.*99\.9193 %.*postgres-failover-drill \(in-progress\)/);
      const pools = await page.$$eval('[data-chart="pools"] g[data-bar]', (gs) =>
        gs.map((g) => ({ pool: g.getAttribute('data-bar'), bar: Number(g.querySelector('rect')!.getAttribute('width')), mark: g.querySelector('line') !== null })),
      );
      expect(pools.length).toBeGreaterThanOrEqual(4);
      for (const pool of pools) expect(pool).toMatchObject({ bar: expect.any(Number), mark: true });
      expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    } finally {
      await page.close();
      await site.close();
    }
  }, 60_000);

  test('the context page states the service management policy: approval, review, statements with the rules that implement them, commitments', async () => {
    const work = fs.mkdtempSync(path.join(p.dir, 'site-'));
    expect((await runCli(['catalogue', 'build', '--catalogue', EXAMPLE_CATALOGUE, '--policies', path.join(REPO, 'policies'), '--out', work], p.dir)).code).toBe(0);
    const site = await serveStatic(work);
    const page = await browser.newPage();
    try {
      await page.goto(`${site.url}provider.html#policy`);
      expect(await page.textContent('[data-next-review]')).toBe('2027-09-30');
      const statements = await page.$$eval('tr[data-statement]', (rows) => rows.map((r) => ({ id: r.getAttribute('data-statement'), rules: Array.from(r.querySelectorAll('a[href^="#rule-"]'), (a) => a.textContent) })));
      expect(statements.find((s) => s.id === 'protect-customer-data')!.rules).toEqual(expect.arrayContaining(['CSM-SEC-001', 'CSM-AGR-005']));
      expect(statements.find((s) => s.id === 'design-before-offer')!.rules).toEqual(expect.arrayContaining(['CSM-DES-001', 'CSM-DES-006']));
      // A rule's row links back to the statement, which the reader reaches by following it.
      await page.click('tr[data-policy="CSM-GOV-002"] a[href="#statement-policy-kept-current"]');
      expect(await page.evaluate(() => location.hash)).toBe('#statement-policy-kept-current');
      expect(await page.$$eval('[data-process-policy]', (rows) => rows.map((r) => r.getAttribute('data-process-policy')))).toEqual(expect.arrayContaining(['security', 'change', 'release', 'capacity', 'continuity']));
      expect(await page.textContent('[data-commitment="availability-engineering"]')).toContain('Lena Vogt');
      expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    } finally {
      await page.close();
      await site.close();
    }
  }, 60_000);
});
