// Rego libraries bench: compile time of whole test suites of real libraries (the samples in
// test/fixtures/rego-libraries and csm's own policies/), cold (a fresh process) and warm, and the time to run their
// tests, printed beside the same count of OPA conformance cases compiled and evaluated one by one (the compiler's
// reference workload), and beside a suite of as many tests that only return true (the runner's own floor).
// Run: `npm run build && node dist/bench/rego-libraries.js`.
import * as fs from 'fs';
import * as path from 'path';
import { compile, loadCompiled, loadFiles, runTests, type LoadedModule, type RegoVersion } from '@csm/rego';
import { conformanceDir, listCategories, loadCases } from '@csm/rego/dist/conformance/cases';

const ROOT = path.resolve(__dirname, '../..');

interface Suite {
  name: string;
  modules: LoadedModule[];
  data: unknown;
  regoVersion: RegoVersion;
  builtinFunctions?: Record<string, string>;
}

function suites(): Suite[] {
  const libs = path.join(ROOT, 'test', 'fixtures', 'rego-libraries');
  const v0 = new Set(['gatekeeper-library', 'regula', 'opa-library', 'conftest']);
  const out: Suite[] = fs
    .readdirSync(libs, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const l = loadFiles([path.join(libs, d.name)]);
      return {
        name: d.name,
        modules: l.modules,
        data: l.data,
        regoVersion: v0.has(d.name) ? 0 : 1,
        builtinFunctions: d.name === 'trivy-checks' ? { 'result.new': 'data.lib.result.new' } : undefined,
      };
    });
  const own = loadFiles([path.join(ROOT, 'policies')]);
  out.push({ name: 'csm policies/', modules: own.modules, data: own.data, regoVersion: 1 });
  return out;
}

const ms = (t0: number): number => performance.now() - t0;
const lines = (mods: LoadedModule[]): number => mods.reduce((n, m) => n + m.source.split('\n').length, 0);

/** Compile a suite with every test rule as an entrypoint (what `csm policy test` compiles). */
async function compileSuite(s: Suite): Promise<{ bytes: number; tests: number }> {
  const r = await compile({ modules: s.modules, regoVersion: s.regoVersion, builtinFunctions: s.builtinFunctions, tests: true });
  return { bytes: r.wasm.length, tests: r.tests.length };
}

/** `n` conformance cases, each compiled and evaluated on its own; undefined when the folder is not there. */
async function conformance(n: number): Promise<{ cases: number; compileMs: number; evalMs: number } | undefined> {
  const root = conformanceDir();
  if (!fs.existsSync(root)) return undefined;
  const cases = loadCases(root, listCategories(root)).filter((r) => !r.c.skip && !r.c.want_error_code && r.c.input_term === undefined).slice(0, n);
  let compileMs = 0;
  let evalMs = 0;
  for (const { c } of cases) {
    const t0 = performance.now();
    let wasm: Uint8Array;
    try {
      wasm = (await compile({ modules: (c.modules ?? []).map((source, i) => ({ path: `case-${i}.rego`, source })), queries: { q: c.query } })).wasm;
    } catch {
      continue;
    }
    compileMs += ms(t0);
    const t1 = performance.now();
    try {
      (await loadCompiled(wasm, c.data ?? {})).evaluate(c.input, 'q');
    } catch {
      // an expected evaluation error is work done too
    }
    evalMs += ms(t1);
  }
  return { cases: cases.length, compileMs, evalMs };
}

async function main(): Promise<void> {
  const all = suites();
  // cold: the first compile of this process loads binaryen and the runtime module
  const t0 = performance.now();
  const first = await compileSuite(all[0]);
  const coldMs = ms(t0);
  console.log(`cold compile (fresh process, binaryen and the runtime loaded): ${all[0].name}, ${first.tests} tests, ${coldMs.toFixed(0)} ms`);

  for (const s of all) await compileSuite(s); // warm every suite's paths once before timing warm compiles

  let totalTests = 0;
  let totalWarm = 0;
  let totalRun = 0;
  let totalEval = 0;
  console.log('suite                 files  lines  tests  compile(warm)  run(all)   eval(sum of tests)');
  for (const s of all) {
    const runs = 3;
    const tw = performance.now();
    let c = { bytes: 0, tests: 0 };
    for (let i = 0; i < runs; i++) c = await compileSuite(s);
    const warmMs = ms(tw) / runs;
    const tr = performance.now();
    const report = await runTests({ modules: s.modules, data: s.data, regoVersion: s.regoVersion, builtinFunctions: s.builtinFunctions });
    const runMs = ms(tr);
    const evalMs = report.results.reduce((n, r) => n + r.durationNs / 1e6, 0);
    totalTests += c.tests;
    totalWarm += warmMs;
    totalRun += runMs;
    totalEval += evalMs;
    console.log(`${s.name.padEnd(20)} ${String(s.modules.length).padStart(6)} ${String(lines(s.modules)).padStart(6)} ${String(c.tests).padStart(6)} ${warmMs.toFixed(0).padStart(11)} ms ${runMs.toFixed(0).padStart(6)} ms ${evalMs.toFixed(1).padStart(9)} ms`);
  }
  console.log(`all suites: ${totalTests} tests; compile ${totalWarm.toFixed(0)} ms warm; csm policy test's work ${totalRun.toFixed(0)} ms; evaluation ${totalEval.toFixed(1)} ms (${((totalEval / totalTests) * 1000).toFixed(0)} µs a test)`);

  // floor: as many tests that only return true, through the same runner (compile, worker, one evaluation each)
  const trivial = Array.from({ length: totalTests }, (_, i) => `test_${i} if true`).join('\n');
  const tf = performance.now();
  const floor = await runTests({ modules: [{ path: 'floor_test.rego', source: `package floor\n\n${trivial}\n` }] });
  const floorMs = ms(tf);
  const floorEval = floor.results.reduce((n, r) => n + r.durationNs / 1e6, 0);
  console.log(`floor: ${totalTests} tests that return true: run ${floorMs.toFixed(0)} ms, evaluation ${floorEval.toFixed(1)} ms; libraries / floor: run ${(totalRun / floorMs).toFixed(2)}, evaluation ${(totalEval / floorEval).toFixed(2)}`);

  const conf = await conformance(totalTests);
  if (!conf) console.log(`OPA conformance cases: not found (${conformanceDir()}; set OPA_CONFORMANCE_DIR)`);
  else {
    console.log(`beside: ${conf.cases} OPA conformance cases, each compiled and evaluated alone: compile ${conf.compileMs.toFixed(0)} ms (${(conf.compileMs / conf.cases).toFixed(1)} ms a case), evaluation ${conf.evalMs.toFixed(0)} ms`);
    console.log(`  libraries' tests compiled together / the same count of cases compiled alone: ${(totalWarm / conf.compileMs).toFixed(2)}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
