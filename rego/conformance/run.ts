/*
 * `npm run conformance`: run OPA's conformance cases against the compiler and report per category.
 * Options: --category <name> (repeatable, or comma-separated), --verbose (failure details), --json <file>,
 * --front-only (parse + check only), --jobs <n>, --timeout <ms> (per case; default 20000),
 * --note <substring> (only cases whose note contains it), --dir <folder> (another folder of cases in the same
 * layout), --v0-compatible (read the cases as Rego v0, for OPA's testdata/v0 folder).
 * Each case runs in a worker thread; a case past its time bound is failed and its worker replaced.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { type CaseRef, conformanceDir, coreCategories, listCategories, loadCases } from './cases';
import type { Outcome } from './evaluate';

const USAGE = `usage: npm run conformance -- [options]

Compiles each of OPA's conformance cases (../shared/opa-conformance, or OPA_CONFORMANCE_DIR), evaluates it
through the opa-wasm SDK and compares with the expected result; prints counts per category, the core-language
and overall pass rates, and a final line "N passed, N failed, N skipped". Exit 1 when a case fails.

  --category <name>   only these categories (repeatable, or comma-separated)
  --note <text>       only cases whose note contains the text
  --dir <folder>      cases from this folder (category folders of YAML files) instead
  --v0-compatible     modules and queries read as Rego v0 (OPA's testdata/v0 cases), as opa --v0-compatible
  --front-only        parse and check only
  --verbose, -v       details of each failure
  --json <file>       every outcome as JSON
  --jobs <n>          cases run at once (default: up to 4)
  --timeout <ms>      time bound per case (default: 20000)
  --help, -h          this text`;

interface Options { categories: string[]; verbose: boolean; json?: string; frontOnly: boolean; jobs: number; timeout: number; note?: string; dir?: string; regoVersion: 0 | 1 }

function parseArgs(argv: string[]): Options {
  const o: Options = { categories: [], verbose: false, frontOnly: false, regoVersion: 1, jobs: Math.max(1, Math.min(4, os.cpus().length)), timeout: 20000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--category') o.categories.push(...argv[++i].split(',').filter(Boolean));
    else if (a === '--verbose' || a === '-v') o.verbose = true;
    else if (a === '--json') o.json = argv[++i];
    else if (a === '--front-only') o.frontOnly = true;
    else if (a === '--jobs') o.jobs = Math.max(1, Number(argv[++i]));
    else if (a === '--timeout') o.timeout = Number(argv[++i]);
    else if (a === '--note') o.note = argv[++i];
    else if (a === '--dir') o.dir = argv[++i];
    else if (a === '--v0-compatible') o.regoVersion = 0;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    }
    else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  return o;
}

interface Result { ref: CaseRef; outcome: Outcome }

/** A pool of workers; each job gets `timeout` ms, after which its worker is terminated and replaced. */
async function runAll(cases: CaseRef[], opts: Options, onDone: (r: Result) => void): Promise<Result[]> {
  const results: Result[] = new Array(cases.length);
  let next = 0;
  const workerFile = path.join(__dirname, 'worker.js');
  const lane = async (): Promise<void> => {
    let w = new Worker(workerFile);
    try {
      while (next < cases.length) {
        const id = next++;
        const ref = cases[id];
        const outcome = await new Promise<Outcome>((resolve) => {
          const timer = setTimeout(() => {
            w.removeAllListeners('message');
            w.removeAllListeners('error');
            void w.terminate();
            w = new Worker(workerFile);
            resolve({ status: 'fail', reason: `timeout after ${opts.timeout} ms`, front: true, ms: opts.timeout });
          }, opts.timeout);
          const done = (o: Outcome): void => {
            clearTimeout(timer);
            w.removeAllListeners('message');
            w.removeAllListeners('error');
            resolve(o);
          };
          w.on('message', (m: { id: number; outcome: Outcome }) => { if (m.id === id) done(m.outcome); });
          w.on('error', (e) => {
            done({ status: 'fail', reason: `worker crashed: ${String(e).split('\n')[0]}`, front: false, ms: 0 });
            w = new Worker(workerFile);
          });
          w.postMessage({ id, c: ref.c, frontOnly: opts.frontOnly, regoVersion: opts.regoVersion });
        });
        results[id] = { ref, outcome };
        onDone(results[id]);
      }
    } finally {
      await w.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.jobs, cases.length) }, lane));
  return results;
}

const pct = (a: number, b: number): string => (b === 0 ? '-' : ((100 * a) / b).toFixed(1) + '%');

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const root = opts.dir !== undefined ? path.resolve(opts.dir) : conformanceDir();
  if (!fs.existsSync(root)) throw new Error(`conformance folder not found: ${root} (set OPA_CONFORMANCE_DIR)`);
  const all = listCategories(root);
  for (const c of opts.categories) if (!all.includes(c)) throw new Error(`unknown category ${c}`);
  const categories = opts.categories.length > 0 ? opts.categories : all;
  const core = coreCategories(root);
  const cases = loadCases(root, categories).filter((r) => opts.note === undefined || r.c.note.includes(opts.note));
  const t0 = Date.now();
  const results = await runAll(cases, opts, () => undefined);

  type Count = { pass: number; fail: number; skip: number; front: number; total: number };
  const zero = (): Count => ({ pass: 0, fail: 0, skip: 0, front: 0, total: 0 });
  const per = new Map<string, Count>();
  const coreC = zero();
  const allC = zero();
  for (const { ref, outcome } of results) {
    const k = per.get(ref.category) ?? zero();
    per.set(ref.category, k);
    for (const c of core.has(ref.category) ? [k, coreC, allC] : [k, allC]) {
      c[outcome.status]++;
      c.total++;
      if (outcome.front) c.front++;
    }
  }
  const w = Math.max(...categories.map((c) => c.length), 8);
  console.log(`${'category'.padEnd(w)}  pass  fail  skip  front`);
  for (const cat of categories) {
    const k = per.get(cat) ?? zero();
    console.log(`${cat.padEnd(w)}  ${String(k.pass).padStart(4)}  ${String(k.fail).padStart(4)}  ${String(k.skip).padStart(4)}  ${k.front}/${k.total}${core.has(cat) ? '  (core)' : ''}`);
  }
  const failures = results.filter((r) => r.outcome.status === 'fail');
  const skips = results.filter((r) => r.outcome.status === 'skip');
  if (opts.verbose) {
    console.log('\nFailures:');
    for (const { ref, outcome } of failures) {
      console.log(`- ${ref.file}#${ref.index} ${ref.c.note}: ${outcome.reason}`);
      if (outcome.detail) console.log('    ' + outcome.detail.split('\n').join('\n    '));
    }
  }
  // skips always state their reason (grouped)
  const skipReasons = new Map<string, number>();
  for (const { outcome } of skips) skipReasons.set(outcome.reason ?? '?', (skipReasons.get(outcome.reason ?? '?') ?? 0) + 1);
  if (skipReasons.size > 0) {
    console.log('\nSkipped (reason: cases):');
    for (const [r, n] of [...skipReasons].sort((a, b) => b[1] - a[1])) console.log(`  ${r}: ${n}`);
  }
  const reasons = new Map<string, number>();
  for (const { outcome } of failures) {
    const r = (outcome.reason ?? '?').slice(0, 100);
    reasons.set(r, (reasons.get(r) ?? 0) + 1);
  }
  if (reasons.size > 0) {
    console.log('\nTop failure reasons:');
    for (const [r, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${n}  ${r}`);
  }
  console.log('');
  console.log(`front end (parse + check as expected): ${allC.front}/${allC.total} (${pct(allC.front, allC.total)})`);
  console.log(`core: ${coreC.pass}/${coreC.total} passed (${pct(coreC.pass, coreC.total)}), ${coreC.skip} skipped`);
  console.log(`overall: ${allC.pass}/${allC.total} passed (${pct(allC.pass, allC.total)}), ${allC.skip} skipped`);
  console.log(`time: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (opts.json) {
    const out = results.map(({ ref, outcome }) => ({ category: ref.category, file: ref.file, index: ref.index, note: ref.c.note, ...outcome }));
    fs.writeFileSync(opts.json, JSON.stringify({ categories, results: out }, null, 2));
  }
  console.log(`${allC.pass} passed, ${allC.fail} failed, ${allC.skip} skipped`);
  if (allC.fail > 0) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(2);
});
