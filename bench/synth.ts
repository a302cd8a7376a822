/**
 * Synth benchmark: N generated customers (default N = 1, 100, 1000), each with three subscriptions, through
 * the same `synthesize()` the CLI uses. Prints wall time and peak memory (RSS) per N; each N runs in its own
 * process so peaks do not carry over. Run: `npm run build && node dist/bench/synth.js [N...]`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCatalogue } from '../src/model/load';
import { synthesize } from '../src/synth/synthesize';
import type { Catalogue, Customer } from '../src/model/types';
import { PACKAGE_ROOT } from '../src/package-root';

/** A catalogue with `n` customers generated from the example's third customer, varied in region and tier. */
export function generatedCatalogue(n: number): Catalogue {
  const base = loadCatalogue(path.join(PACKAGE_ROOT, 'catalogue'));
  const template = base.customers.get('corvid')!;
  const customers = new Map<string, Customer>();
  for (let i = 0; i < n; i++) {
    const id = `gen-${String(i).padStart(5, '0')}`;
    const region = i % 2 ? 'eu-west-1' : 'eu-central-1';
    const tier = i % 3 ? 'standard' : 'premium';
    customers.set(id, {
      ...template,
      id,
      name: `Generated Customer ${i}`,
      agreement: {
        ...template.agreement,
        id: `${id}-a`,
        homeRegion: region,
        dataResidency: [region],
        slaTiers: Object.fromEntries(Object.keys(template.agreement.slaTiers).map((s) => [s, tier])),
      },
      subscriptions: template.subscriptions.map((s) => ({ ...s, region })),
    });
  }
  return { ...base, customers };
}

function measure(n: number): void {
  const cat = generatedCatalogue(n);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-bench-'));
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = process.hrtime.bigint();
  const stacks = synthesize(cat, { outdir: out });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(timer);
  // maxRSS is the kernel's own high-water mark for this process, sampled or not.
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  fs.rmSync(out, { recursive: true, force: true });
  console.log(JSON.stringify({ customers: n, stacks: stacks.length, seconds: Number(seconds.toFixed(2)), peakRssMiB: Math.round(peak / 2 ** 20) }));
}

if (require.main === module) {
  const [mode, arg] = process.argv.slice(2);
  if (mode === '--one') {
    measure(Number(arg));
  } else {
    const ns = process.argv.slice(2).map(Number);
    console.log(`synth benchmark on ${os.cpus().length} cores, node ${process.version}; targets: 1000 customers < 30 s, < 1024 MiB`);
    for (const n of ns.length ? ns : [1, 100, 1000]) {
      const r = spawnSync(process.execPath, [__filename, '--one', String(n)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      const line = r.stdout.trim().split('\n').pop() ?? '';
      const m = JSON.parse(line);
      console.log(`N=${String(n).padStart(5)}  ${m.seconds.toFixed(2).padStart(7)} s  peak ${String(m.peakRssMiB).padStart(5)} MiB  (${(m.seconds / n * 1000).toFixed(1)} ms/customer)`);
    }
  }
}
