import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { BrowserContext } from 'playwright-core';
import { loadCatalogue } from '../src/model/load';
import { runCli } from './support/run-cli';
import { catalogueWith, EXAMPLE_CATALOGUE, REPO } from './support/catalogue-fixture';
import { launchChromium, serveStatic } from './support/chromium';

/** The site as people read it: built by the CLI, served over HTTP, rendered by a real headless Chromium. */
describe('published site in Chromium', () => {
  let browser: BrowserContext;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => browser?.close());

  async function build(catalogueDir: string): Promise<string> {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-site-'));
    const r = await runCli(['catalogue', 'build', '--catalogue', catalogueDir, '--out', 'site'], work);
    expect(r.code).toBe(0);
    return path.join(work, 'site');
  }

  test('the index shows every active service and every customer agreement; each agreement page renders its charges', async () => {
    const cat = loadCatalogue(EXAMPLE_CATALOGUE);
    const site = await serveStatic(await build(EXAMPLE_CATALOGUE));
    const page = await browser.newPage();
    try {
      await page.goto(`${site.url}index.html`);
      const services = await page.$$eval('#services article', (els) => els.map((e) => ({ id: e.getAttribute('data-service'), title: e.querySelector('h3 a')?.textContent })));
      const active = [...cat.services.values()].filter((s) => s.status === 'active');
      expect(services.map((s) => s.id).sort()).toEqual(active.map((s) => s.id).sort());
      for (const s of active) expect(services).toContainEqual({ id: s.id, title: s.name });

      const agreements = await page.$$eval('#agreements tr[data-agreement]', (rows) => rows.map((r) => ({ id: r.getAttribute('data-agreement'), customer: r.querySelector('a')?.textContent, href: r.querySelector('a')?.getAttribute('href') })));
      expect(agreements).toEqual([...cat.customers.values()].sort((a, b) => a.id.localeCompare(b.id)).map((c) => ({ id: c.agreement.id, customer: c.name, href: `agreements/${c.id}.html` })));

      // A phone-sized viewport: nothing wider than the screen except inside the scrolling table boxes.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);

      const shot = path.join(REPO, 'test-output', 'site-index.png');
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await page.screenshot({ path: shot, fullPage: true });
      const png = fs.readFileSync(shot);
      expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
      expect(png.length).toBeGreaterThan(10_000);

      // Follow the link, as a reader would; acme's total checked by hand: 130 + 2 x 30 + 890.
      await page.click('a[href="agreements/acme.html"]');
      await page.waitForURL(/agreements\/acme\.html$/);
      expect(await page.textContent('h1')).toBe('Cloud service agreement acme-2026-01');
      expect(await page.textContent('[data-total]')).toBe('1,080.00 EUR');
      expect(await page.textContent('[data-customer]')).toBe('ACME Logistics AG');
      const targets = await page.$$eval('h2 + .scroll table tbody tr', (rows) => rows.map((r) => r.textContent ?? ''));
      expect(targets.join('\n')).toContain('99.95 %');
      for (const p of ['provider.html', 'services/managed-postgres.html', 'improvements.html']) {
        const res = await page.goto(`${site.url}${p}`);
        expect({ p, status: res?.status() }).toEqual({ p, status: 200 });
      }
      expect(await page.$$eval('tr[data-improvement]', (r) => r.length)).toBe(cat.improvements.length);
    } finally {
      await page.close();
      await site.close();
    }
  }, 90_000);

  test('deprecated and retired services are shown as such, drafts not at all; hostile names stay text', async () => {
    const hostile = `<img src=x onerror="window.__pwned=1">Evil & Co<script>window.__pwned=2</script>`;
    const dir = catalogueWith({
      'services/container-hosting.yaml': (t) => t.replace('status: active', 'status: deprecated'),
      'services/object-storage.yaml': (t) => t.replace('status: active', 'status: retired'),
      'services/draft-queue.yaml': fs
        .readFileSync(path.join(EXAMPLE_CATALOGUE, 'services', 'tenant-network.yaml'), 'utf8')
        .replace('id: tenant-network', 'id: draft-queue')
        .replace('status: active', 'status: draft'),
      'customers/corvid.yaml': (t) => t.replace('name: Corvid Analytics Ltd', `name: ${JSON.stringify(hostile)}`),
    });
    const site = await serveStatic(await build(dir));
    const page = await browser.newPage();
    try {
      await page.goto(`${site.url}index.html`);
      const badge = (id: string) => page.textContent(`article[data-service="${id}"] .badge`);
      expect(await badge('container-hosting')).toMatch(/^deprecated/);
      expect(await badge('object-storage')).toMatch(/^retired/);
      expect(await page.$$eval('#deprecated article', (a) => a.map((e) => e.getAttribute('data-service')))).toEqual(['container-hosting']);
      expect(await page.$$eval('#retired article', (a) => a.map((e) => e.getAttribute('data-service')))).toEqual(['object-storage']);
      expect(await page.$('article[data-service="draft-queue"]')).toBeNull();

      for (const p of ['index.html', 'agreements/corvid.html']) {
        await page.goto(`${site.url}${p}`);
        expect(await page.$$eval('img, script', (els) => els.length)).toBe(0);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
        expect(await page.evaluate(() => document.body.textContent)).toContain(hostile);
      }
    } finally {
      await page.close();
      await site.close();
    }
  }, 90_000);
});
