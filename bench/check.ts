/**
 * Check benchmark: `csm check`'s work over N generated customers (default 1000): synth of every onboarding
 * stack, then the policy gate on each. Prints synth time, policy time, the share of the run spent in policy
 * evaluation, and the gate's overhead on synth (target: under 25%). As a floor, the same inputs go through a
 * no-op gate (a module that only returns an empty decision) through the same engine, SDK and worker.
 * Run: `npm run build && node dist/bench/check.js [N]`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile } from '@csm/rego';
import { runCheck } from '../src/check/run-check';
import { compiledPolicies } from '../src/check/policies';
import { GATE_ENTRYPOINT, gateModule } from '../src/policy/gate-rules';
import { PACKAGE_ROOT } from '../src/package-root';
import { generatedCatalogue } from './synth';

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 1000);
  const catalogue = generatedCatalogue(n);
  // A provider with n customers runs pools sized for them: scale each pool so the generated population fits
  // (the benchmark measures the gate, not one overflowing pool denying every stack).
  for (const svc of catalogue.services.values()) svc.capacity = { ...svc.capacity, poolSize: svc.capacity.poolSize * Math.max(1, n / 10) };
  const customers = [...catalogue.customers.keys()];
  const started = process.hrtime.bigint();
  const policies = await compiledPolicies(path.join(PACKAGE_ROOT, 'policies'), { buildDir: fs.mkdtempSync(path.join(os.tmpdir(), 'csm-bench-bundle-')) });
  const compileSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  const run = async (label: string, wasm: Uint8Array) => {
    const timings = { synth: 0, plan: 0, policy: 0, policyLoad: 0 };
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-bench-check-'));
    const report = await runCheck({ catalogue, policies: { ...policies, wasm }, waivers: [], outdir, customers, gates: ['synth'], now: new Date(), timings, timeoutMs: 60_000 });
    fs.rmSync(outdir, { recursive: true, force: true });
    const errors = report.results.filter((r) => r.status === 'error');
    if (errors.length) throw new Error(`${label}: ${errors.length} evaluations failed, first: ${errors[0].error}`);
    return { timings, report };
  };

  const noop = await compile({ modules: [{ path: 'noop.rego', source: gateModule([]) }], entrypoints: [GATE_ENTRYPOINT] });
  const floor = await run('no-op gate', noop.wasm);
  const real = await run('csm policies', policies.wasm);
  const t = real.timings;
  const perEval = (s: number) => ((s / n) * 1000).toFixed(2);
  console.log(`check benchmark: ${n} customers, ${os.cpus().length} cores, node ${process.version}`);
  console.log(`policy compile (cold, in process): ${compileSeconds.toFixed(2)} s`);
  console.log(`synth:              ${t.synth.toFixed(2)} s`);
  console.log(`policy load:        ${t.policyLoad.toFixed(2)} s  (worker start, module instantiation, data for ${n} customers)`);
  console.log(`policy evaluation:  ${t.policy.toFixed(2)} s  (${perEval(t.policy)} ms/stack, ${(n / t.policy).toFixed(0)} evaluations/s)`);
  console.log(`no-op gate (floor): ${floor.timings.policy.toFixed(2)} s  (${perEval(floor.timings.policy)} ms/stack, ${(n / floor.timings.policy).toFixed(0)} evaluations/s); csm policies take ${(t.policy / floor.timings.policy).toFixed(1)}x the floor`);
  const gate = t.policy + t.policyLoad;
  console.log(`share of the run in the policy gate (load + evaluation): ${((gate / (t.synth + gate)) * 100).toFixed(1)}%`);
  console.log(`gate overhead on synth: ${((gate / t.synth) * 100).toFixed(1)}% (target < 25%)`);
  console.log(`findings: ${real.report.summary.failures} failures, ${real.report.summary.warnings} warnings over ${real.report.summary.stacks} stacks`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
