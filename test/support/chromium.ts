import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * The browser the tests run in, first found wins: `CSM_CHROMIUM`, a system Chromium (Debian's `chromium`, which
 * CI installs), else the Chromium shipped inside the `@sparticuz/chromium` npm package (a devDependency, unpacked
 * into the temp folder on first use, no download). Never skipped: a browser that cannot start fails the test.
 */
const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** The shipped build is made for sandboxless containers: it needs no zygote (one process tree, no setuid helper). */
const SHIPPED_ARGS = ['--no-zygote', '--single-process'];

export interface ChromiumChoice {
  executablePath: string;
  source: 'CSM_CHROMIUM' | 'system' | '@sparticuz/chromium';
}

export async function findChromium(): Promise<ChromiumChoice> {
  const configured = process.env.CSM_CHROMIUM;
  if (configured) {
    if (!fs.existsSync(configured)) throw new Error(`CSM_CHROMIUM names ${configured}, which does not exist. Browser tests do not skip.`);
    return { executablePath: configured, source: 'CSM_CHROMIUM' };
  }
  const system = SYSTEM_CHROMIUMS.find((p) => fs.existsSync(p));
  if (system) return { executablePath: system, source: 'system' };
  return { executablePath: unpackShippedChromium(), source: '@sparticuz/chromium' };
}

/**
 * The package is an ES module, which jest's CommonJS runtime cannot import: a plain node process unpacks it (about
 * 2 s the first time, then reused from the temp folder) and prints where the executable is.
 */
function unpackShippedChromium(): string {
  const script = "const c = (await import('@sparticuz/chromium')).default; process.stdout.write(await c.executablePath());";
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: path.join(__dirname, '..', '..'), encoding: 'utf8' });
  if (!out || !fs.existsSync(out)) throw new Error(`@sparticuz/chromium did not unpack a browser (got "${out}"). Browser tests do not skip.`);
  return out;
}

/** A real headless Chromium with a fresh profile. */
export async function launchChromium(): Promise<BrowserContext> {
  const found = await findChromium();
  const args = found.source === '@sparticuz/chromium' ? [...ARGS, ...SHIPPED_ARGS] : ARGS;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-chromium-'));
  return chromium.launchPersistentContext(profile, { executablePath: found.executablePath, headless: true, args, viewport: { width: 390, height: 844 } });
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml' };

/** Serves a folder of static files on localhost, as any web server would; only paths inside the folder. */
export async function serveStatic(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(root, rel.endsWith('/') ? `${rel}index.html` : rel);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () =>
      new Promise((resolve) => {
        // The browser keeps connections alive; close them, or close() waits for them for ever.
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
