/**
 * Fleet benchmark: a generated fleet of N customers (default 8, each a copy of the example's corvid) planned
 * with the real Terraform, offline, the way CI would: plan throughput in stacks a minute for 1, 2 and 4
 * parallel plans in one process (`csm plan onboard --all --concurrency p`), then a local simulation of n shards
 * (n processes at once, each `csm plan onboard --all --shard k/n`) merged by `csm evidence merge`: wall time
 * beside the single run's, and the merged record's stack count. The floor to beat is linear scaling: n shards
 * (n processes) at n times the single run's throughput, up to the cores. Every run shares the project's
 * plugin cache. Other processes on the machine take cores too: the load average is printed beside the figures.
 * Run: `npm run build && node dist/bench/fleet.js [N] [shards...]`.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PACKAGE_ROOT } from '../src/package-root';

const CSM = path.join(PACKAGE_ROOT, 'bin', 'csm.js');
const NOW = '2026-11-25T12:00:00Z';

function project(n: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-bench-fleet-'));
  fs.cpSync(path.join(PACKAGE_ROOT, 'catalogue'), path.join(dir, 'catalogue'), { recursive: true });
  fs.cpSync(path.join(PACKAGE_ROOT, 'policies'), path.join(dir, 'policies'), { recursive: true });
  const customers = path.join(dir, 'catalogue', 'customers');
  const template = fs.readFileSync(path.join(customers, 'corvid.yaml'), 'utf8');
  for (const f of fs.readdirSync(customers)) fs.rmSync(path.join(customers, f));
  fs.writeFileSync(path.join(dir, 'catalogue', 'waivers.yaml'), 'waivers: []\n');
  // The register's entries that name the example's customers name none (the field is optional).
  const register = path.join(dir, 'catalogue', 'improvements.yaml');
  fs.writeFileSync(register, fs.readFileSync(register, 'utf8').replace(/^ +customer: \w+\n/gm, ''));
  for (let i = 0; i < n; i++) {
    const id = `fleet-${String(i).padStart(4, '0')}`;
    fs.writeFileSync(path.join(customers, `${id}.yaml`), template.replace('id: corvid', `id: ${id}`).replace('id: corvid-2026-06', `id: ${id}-a`));
  }
  return dir;
}

function csm(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CSM, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const t = Date.now();
  const result = await work();
  return { seconds: (Date.now() - t) / 1000, result };
}

const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 8);
  const shardCounts = process.argv.slice(3).map(Number);
  const shards = shardCounts.length ? shardCounts : [2, 4];
  const cores = os.availableParallelism();
  console.log(`fleet of ${n} generated tenancies, ${cores} cores; load average before: ${load()}`);
  const dir = project(n);
  // A first init fills the plugin cache, so no figure below pays for it.
  const warm = await csm(['plan', 'onboard', 'fleet-0000', '--no-evidence', '--now', NOW, '--out', 'warm.out'], dir);
  if (warm.code !== 0) throw new Error(warm.stdout + warm.stderr);

  console.log('\nplan throughput, one process (csm plan onboard --all --concurrency p)');
  let single = 0;
  for (const p of [1, 2, 4]) {
    const { seconds, result } = await timed(() => csm(['plan', 'onboard', '--all', '--concurrency', String(p), '--now', NOW, '--no-evidence', '--out', `p${p}.out`], dir));
    if (result.code !== 0) throw new Error(result.stdout + result.stderr);
    if (p === 1) single = seconds;
    console.log(`  ${p} parallel: ${seconds.toFixed(1)} s, ${((n / seconds) * 60).toFixed(1)} stacks/min (x${(single / seconds).toFixed(2)} of 1; linear floor x${Math.min(p, cores)}) [load ${load()}]`);
  }

  console.log(`\nshards, each its own process at once (csm plan onboard --all --shard k/n --concurrency 1), beside the single run's ${single.toFixed(1)} s`);
  for (const count of shards) {
    const evidence = `shards-${count}`;
    const { seconds, result } = await timed(() =>
      Promise.all(Array.from({ length: count }, (_, i) => csm(['plan', 'onboard', '--all', '--shard', `${i + 1}/${count}`, '--concurrency', '1', '--now', NOW, '--evidence', evidence, '--out', `s${count}-${i + 1}.out`], dir))),
    );
    const failed = result.filter((r) => r.code !== 0);
    if (failed.length) throw new Error(failed.map((r) => r.stdout + r.stderr).join('\n'));
    const merged = await csm(['evidence', 'merge', evidence, '--out', `${evidence}-merged`], dir);
    const line = merged.stdout.split('\n')[0];
    // A shard's share is what hashing gives it: the largest share bounds the speed-up more than the core count.
    const sizes = result.map((r) => /^(\d+) stacks \(shard/m.exec(r.stdout)?.[1] ?? '?');
    console.log(`  ${count} shards: ${seconds.toFixed(1)} s wall, x${(single / seconds).toFixed(2)} of the single run (linear floor x${Math.min(count, cores)}; shares ${sizes.join('+')} stacks); merged: ${line} [load ${load()}]`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
