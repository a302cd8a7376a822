/**
 * Capacity benchmark: `csm check`'s gate for one customer whose managed-postgres subscription asks for Q
 * databases (Q = 1, 8, 9, 1000, 1e6, 1e22 by default) against a per-customer quota of 64 vCPU (8 databases).
 * Up to the quota the stack is synthesized and evaluated as usual; past it the ledger alone decides
 * (src/check/capacity-first.ts), so time and memory must stay flat however large Q is. The model is set in
 * memory, past the schema's maximum of 1000, to show the algorithm and not the limit. Each Q runs in its own
 * process; the floor is Q = 1, and each row prints its ratio to it.
 * Run: `npm run build && node dist/bench/capacity.js [Q...]`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCatalogue } from '../src/model/load';
import { runCheck } from '../src/check/run-check';
import { compiledPolicies } from '../src/check/policies';
import { PACKAGE_ROOT } from '../src/package-root';

async function measure(quantity: number, bundleDir: string): Promise<void> {
  const catalogue = loadCatalogue(path.join(PACKAGE_ROOT, 'catalogue'));
  catalogue.customers.get('acme')!.subscriptions.find((s) => s.service === 'managed-postgres')!.quantity = quantity;
  const policies = await compiledPolicies(path.join(PACKAGE_ROOT, 'policies'), { buildDir: bundleDir });
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-bench-capacity-'));
  const started = process.hrtime.bigint();
  const report = await runCheck({ catalogue, policies, waivers: [], outdir, customers: ['acme'], gates: ['synth'], now: new Date(), timeoutMs: 120_000 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  fs.rmSync(outdir, { recursive: true, force: true });
  const [result] = report.results;
  const decided = result.note ? 'ledger' : 'built';
  console.log(JSON.stringify({ quantity, decided, status: result.status, denials: result.findings.filter((f) => f.level === 'deny').map((f) => f.id), seconds, peakRssMiB: Math.round((process.resourceUsage().maxRSS * 1024) / 2 ** 20) }));
}

async function main(): Promise<void> {
  const [mode, arg, bundle] = process.argv.slice(2);
  if (mode === '--one') return measure(Number(arg), bundle);
  const quantities = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [1, 8, 9, 1000, 1e6, 1e22];
  const bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-bench-bundle-'));
  await compiledPolicies(path.join(PACKAGE_ROOT, 'policies'), { buildDir: bundleDir });
  console.log(`capacity benchmark: one customer, managed-postgres quota 64 vCPU (8 databases), ${os.cpus().length} cores, node ${process.version}`);
  console.log('quantity      decided  status   seconds  ratio  peak RSS MiB  denials');
  let floor: number | undefined;
  for (const q of quantities) {
    const r = spawnSync(process.execPath, [__filename, '--one', String(q), bundleDir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    const m = JSON.parse(r.stdout.trim().split('\n').pop()!) as { quantity: number; decided: string; status: string; denials: string[]; seconds: number; peakRssMiB: number };
    floor ??= m.seconds;
    console.log(`${String(m.quantity).padEnd(13)} ${m.decided.padEnd(8)} ${m.status.padEnd(8)} ${m.seconds.toFixed(2).padStart(7)}  ${(m.seconds / floor).toFixed(2).padStart(5)}  ${String(m.peakRssMiB).padStart(12)}  ${m.denials.join(', ')}`);
  }
  fs.rmSync(bundleDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
