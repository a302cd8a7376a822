/*
 * `opa test` output for a TestReport: the pretty text (failing tests, or all with `verbose`, each under its
 * `file:row:`, then the counts) and the JSON array of results. Counted as OPA counts: a parameterized test
 * counts its leaf cases, a skipped test is SKIPPED, an aborted one ERROR.
 */
import type { SubResult, TestReport, TestResult } from './test-run';

export interface TestCounts {
  pass: number;
  fail: number;
  skip: number;
  error: number;
  total: number;
}

const leaves = (tree: SubResult[]): SubResult[] => tree.flatMap((s) => (s.sub.length ? leaves(s.sub) : [s]));

export function countTests(results: TestResult[]): TestCounts {
  const c = { pass: 0, fail: 0, skip: 0, error: 0, total: 0 };
  for (const r of results) {
    if (r.skip) c.skip++;
    else if (r.error !== undefined) c.error++;
    else if (r.sub.length) for (const l of leaves(r.sub)) l.fail ? c.fail++ : c.pass++;
    else if (r.fail) c.fail++;
    else c.pass++;
  }
  c.total = c.pass + c.fail + c.skip + c.error;
  return c;
}

const outcome = (r: TestResult): string => (r.skip ? 'SKIPPED' : r.error !== undefined ? 'ERROR' : r.fail ? 'FAIL' : 'PASS');
const passed = (r: TestResult): boolean => outcome(r) === 'PASS';

/** Go's time.Duration text (`1.234ms`, `850µs`, `2.5s`), as `opa test` prints a test's time. */
export function goDuration(ns: number): string {
  ns = Math.round(ns);
  if (ns === 0) return '0s';
  const frac = (n: number, unit: number, digits: number): string => {
    const whole = Math.floor(n / unit);
    const rest = String(n % unit).padStart(digits, '0').replace(/0+$/, '');
    return rest ? `${whole}.${rest}` : String(whole);
  };
  if (ns < 1e3) return `${ns}ns`;
  if (ns < 1e6) return `${frac(ns, 1e3, 3)}µs`;
  if (ns < 1e9) return `${frac(ns, 1e6, 6)}ms`;
  const h = Math.floor(ns / 3.6e12);
  const m = Math.floor((ns % 3.6e12) / 6e10);
  const s = frac(ns % 6e10, 1e9, 9);
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

const indent = (lines: string[], by = '  '): string[] => lines.map((l) => by + l);

function subLines(tree: SubResult[], verbose: boolean, depth = 0): string[] {
  const out: string[] = [];
  for (const s of tree) {
    if (s.fail || verbose) out.push(`${'  '.repeat(depth)}${s.name}: ${s.fail ? 'FAIL' : 'PASS'}`);
    out.push(...subLines(s.sub, verbose, depth + 1));
  }
  return out;
}

/** The pretty text, line by line. */
export function formatTestReport(report: TestReport, options: { verbose?: boolean } = {}): string[] {
  const verbose = options.verbose === true;
  const lines: string[] = [];
  let lastFile: string | undefined;
  for (const r of report.results) {
    if (verbose || !passed(r)) {
      if (lastFile !== undefined && lastFile !== r.location.file) lines.push('');
      lines.push(`${r.location.file}:${r.location.row}:`);
      lastFile = r.location.file;
      lines.push(r.skip ? `${r.package}.${r.name}: SKIPPED` : `${r.package}.${r.name}: ${outcome(r)} (${goDuration(r.durationNs)})`);
      lines.push(...indent(subLines(r.sub, verbose)));
      // print output as OPA shows it: trimmed as a whole, every line indented; trace notes under -v
      const printed = r.output.join('\n').trim();
      if (printed) lines.push('', ...indent(printed.split('\n')), '');
      if (verbose && r.notes.length) lines.push(...indent(r.notes.map((n) => `Note ${JSON.stringify(n)}`)), '');
    }
    if (r.error !== undefined) lines.push(`  ${r.error}`);
  }
  const c = countTests(report.results);
  if (verbose && c.fail > 0) {
    lines.push('-'.repeat(80), 'FAILURES', '-'.repeat(80));
    for (const r of report.results.filter((x) => x.fail)) {
      lines.push(`${r.package}.${r.name}: FAIL (${goDuration(r.durationNs)})`, ...indent(subLines(r.sub, false)));
      if (r.notes.length) lines.push('', ...indent(r.notes.map((n) => `Note ${JSON.stringify(n)}`)));
      lines.push('');
    }
  }
  if (lines.length) lines.push('-'.repeat(80));
  if (c.pass) lines.push(`PASS: ${c.pass}/${c.total}`);
  if (c.fail) lines.push(`FAIL: ${c.fail}/${c.total}`);
  if (c.skip) lines.push(`SKIPPED: ${c.skip}/${c.total}`);
  if (c.error) lines.push(`ERROR: ${c.error}/${c.total}`);
  return lines;
}

/** An evaluation error as OPA's JSON has it: `{code, message}` when the text starts with its code. */
function errorJson(text: string): { code?: string; message: string } {
  const m = /^(eval_[a-z_]+|rego_[a-z_]+): ([\s\S]*)$/.exec(text);
  return m ? { code: m[1], message: m[2] } : { message: text };
}

/** `opa test --format json`: one object per test, as OPA writes them (durations in ns, print output in base64). */
export function testReportJson(report: TestReport): unknown[] {
  const subJson = (tree: SubResult[]): Record<string, unknown> | undefined =>
    tree.length ? Object.fromEntries(tree.map((s) => [s.name, { name: s.name, ...(s.fail ? { fail: true } : {}), ...(s.sub.length ? { sub_results: subJson(s.sub) } : {}) }])) : undefined;
  return report.results.map((r) => ({
    location: r.location,
    package: r.package,
    name: r.name,
    duration: Math.round(r.durationNs),
    ...(r.fail ? { fail: true } : {}),
    ...(r.skip ? { skip: true } : {}),
    ...(r.error !== undefined ? { error: errorJson(r.error) } : {}),
    ...(r.output.length ? { output: Buffer.from(r.output.join('\n') + '\n').toString('base64') } : {}),
    ...(r.sub.length ? { sub_results: subJson(r.sub) } : {}),
  }));
}
