// Policy compiler bench: cold compile time of a set of policy files, and evaluation throughput of a compiled
// policy through the opa-wasm SDK beside a no-op module evaluated through the same SDK (the SDK's own cost:
// JSON in and out), printing both and their ratio. Run: `npm run build && node dist/bench/policy.js`.
import * as fs from 'fs';
import * as path from 'path';
import { compile, loadCompiled } from '@csm/rego';

const RBAC = `package bench.rbac
import rego.v1

default allow := false

allow if {
	some grant in user_grants
	grant.action == input.action
	glob.match(grant.resource, ["/"], input.resource)
}

allow if "admin" in data.users[input.user].roles

user_grants contains grant if {
	some role in data.users[input.user].roles
	some grant in data.roles[role].grants
}

violations contains msg if {
	some r in input.resources
	not r.tags.owner
	msg := sprintf("%s has no owner tag", [r.name])
}

summary := {"allow": allow, "violations": count(violations), "grants": count(user_grants)}
`;

const NOOP = 'package bench.noop\nimport rego.v1\n\nallow := true\n';

const DATA = {
  users: {
    alice: { roles: ['dev'] },
    bob: { roles: ['admin'] },
  },
  roles: {
    dev: { grants: [{ action: 'read', resource: '/repos/*' }, { action: 'write', resource: '/repos/app' }] },
    ops: { grants: [{ action: 'deploy', resource: '/envs/*' }] },
  },
};

const INPUT = {
  user: 'alice',
  action: 'write',
  resource: '/repos/app',
  resources: Array.from({ length: 20 }, (_, i) => ({ name: `r${i}`, tags: i % 5 === 0 ? {} : { owner: 'team' } })),
};

function policyFiles(): { path: string; source: string }[] {
  const dir = path.resolve(__dirname, '../../policies');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.rego') && !f.endsWith('_test.rego')) : [];
  const out = files.map((f) => ({ path: `policies/${f}`, source: fs.readFileSync(path.join(dir, f), 'utf8') }));
  out.push({ path: 'bench/rbac.rego', source: RBAC });
  return out;
}

async function throughput(wasm: Uint8Array, entrypoint: string, ms: number, data: unknown = DATA, input: unknown = INPUT): Promise<number> {
  const policy = await loadCompiled(wasm, data);
  for (let i = 0; i < 200; i++) policy.evaluate(input, entrypoint); // warm-up (JIT)
  let n = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 100; i++) policy.evaluate(input, entrypoint);
    n += 100;
  }
  return n / (ms / 1000);
}

/**
 * csm's own gate on a typical csm input: the synth-gate view of one example customer's onboarding stack (the
 * tenancy: about 50 resources with their attributes, some 45 KB of JSON), beside a gate that only returns an
 * empty decision, on the same input through the same SDK. The SDK copies the input into wasm memory as JSON
 * and the module parses it, so the no-op rate is the ceiling for an input of that size.
 */
async function csmGate(ms: number): Promise<void> {
  const { loadCatalogue } = await import('../src/model/load');
  const { synthesize } = await import('../src/synth/synthesize');
  const { viewFromSynth } = await import('../src/view/from-synth');
  const { buildPolicyData } = await import('../src/policy/data');
  const { buildPolicyInput } = await import('../src/policy/input');
  const os = await import('os');
  const root = path.resolve(__dirname, '../..');
  const catalogue = loadCatalogue(path.join(root, 'catalogue'));
  const [stack] = synthesize(catalogue, { outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'csm-bench-policy-')), customers: ['acme'] });
  const view = viewFromSynth(stack.name, JSON.parse(fs.readFileSync(stack.file, 'utf8')));
  const input = buildPolicyInput({ operation: 'onboard', view, customer: 'acme', now: new Date() });
  const data = buildPolicyData(catalogue);
  const { compilePolicies } = await import('../src/policy/bundle');
  const { GATE_ENTRYPOINT, gateModule } = await import('../src/policy/gate-rules');
  const gate = await compilePolicies(path.join(root, 'policies'));
  const empty = await compile({ modules: [{ path: 'noop.rego', source: gateModule([]) }], entrypoints: [GATE_ENTRYPOINT] });
  let gateRate = 0;
  let emptyRate = 0;
  for (let round = 0; round < 3; round++) {
    emptyRate = Math.max(emptyRate, await throughput(empty.wasm, GATE_ENTRYPOINT, ms / 3, data, input));
    gateRate = Math.max(gateRate, await throughput(gate.wasm, GATE_ENTRYPOINT, ms / 3, data, input));
  }
  const bytes = JSON.stringify(input).length;
  console.log(`csm gate on one onboarding stack (${view.resources.length} resources, ${(bytes / 1024).toFixed(0)} KB input): ${gateRate.toFixed(0)} evals/s; no-op gate ${emptyRate.toFixed(0)} evals/s on the same input; ratio ${(gateRate / emptyRate).toFixed(2)}`);
  const serializeRate = serializations(input, ms / 3);
  console.log(`  the SDK's own JSON.stringify + UTF-8 encoding of that input, before any wasm runs: ${serializeRate.toFixed(0)}/s (gate / that = ${(gateRate / serializeRate).toFixed(2)})`);
}

/** How often per second JavaScript alone turns `input` into the bytes the SDK copies into wasm memory. */
function serializations(input: unknown, ms: number): number {
  const encoder = new TextEncoder();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 50; i++) encoder.encode(JSON.stringify(input));
    n += 50;
  }
  return (n * 1000) / (performance.now() - start);
}

async function main(): Promise<void> {
  const modules = policyFiles();
  const t0 = performance.now();
  const cold = await compile({ modules, entrypoints: ['bench/rbac/summary'] });
  const coldMs = performance.now() - t0;
  const warmRuns = 5;
  const t1 = performance.now();
  for (let i = 0; i < warmRuns; i++) await compile({ modules, entrypoints: ['bench/rbac/summary'] });
  const warmMs = (performance.now() - t1) / warmRuns;
  const lines = modules.reduce((n, m) => n + m.source.split('\n').length, 0);
  console.log(`compile: ${modules.length} files, ${lines} lines → ${cold.wasm.length} bytes wasm`);
  console.log(`  cold (incl. loading binaryen and the runtime): ${coldMs.toFixed(0)} ms`);
  console.log(`  warm (same process): ${warmMs.toFixed(1)} ms`);

  const noop = await compile({ modules: [{ path: 'noop.rego', source: NOOP }], entrypoints: ['bench/noop/allow'] });
  const policy = await loadCompiled(cold.wasm, DATA);
  console.log('result:', JSON.stringify(policy.evaluate(INPUT, 'bench/rbac/summary')));
  const ms = Number(process.env.BENCH_MS ?? 2000);
  // Alternate the two measurements so JIT and GC state favour neither; keep the best of each.
  let evalRate = 0;
  let noopRate = 0;
  for (let round = 0; round < 3; round++) {
    noopRate = Math.max(noopRate, await throughput(noop.wasm, 'bench/noop/allow', ms / 3));
    evalRate = Math.max(evalRate, await throughput(cold.wasm, 'bench/rbac/summary', ms / 3));
  }
  console.log(`eval: rbac summary ${evalRate.toFixed(0)} evals/s; no-op module ${noopRate.toFixed(0)} evals/s (same SDK, same input)`);
  console.log(`ratio: policy / no-op = ${(evalRate / noopRate).toFixed(2)}`);
  await csmGate(ms);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
