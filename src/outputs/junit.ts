import type { CheckReport } from '../check/report';

/**
 * Text as XML 1.0 character data: markup escaped, and what XML cannot hold at all (control characters, U+FFFE,
 * U+FFFF, lone surrogates: a plan's for_each key may carry any) dropped, so the report always parses.
 */
function xml(text: string): string {
  return text
    .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

/**
 * JUnit XML: one test suite per stack and gate, one test case per rule that found something (failure for a
 * denial, skipped for a waived one, a passing case for warnings), plus one passing `gate` case per stack.
 */
export function formatJunit(report: CheckReport): string {
  const suites = report.results.map((r) => {
    const cases: string[] = [];
    if (r.status === 'error' || r.status === 'invalid') cases.push(`    <testcase classname="${xml(r.stack)}" name="${r.status === 'invalid' ? 'input' : 'policy evaluation'}" time="${r.seconds.toFixed(3)}"><error message="${xml(r.error ?? 'error')}"/></testcase>`);
    else cases.push(`    <testcase classname="${xml(r.stack)}" name="gate ${r.gate}" time="${r.seconds.toFixed(3)}"/>`);
    for (const f of r.findings) {
      const name = xml(`${f.id} ${f.resource ?? f.construct_path ?? r.stack}`);
      const detail = xml(`${f.message}\nclauses: ${f.clauses.join(', ')}; scenario ${f.scenario}\nremediation: ${f.remediation}`);
      if (f.waiver) cases.push(`    <testcase classname="${xml(r.stack)}" name="${name}"><skipped message="${xml(`waived by ${f.waiver}`)}"/></testcase>`);
      else if (f.level === 'deny') cases.push(`    <testcase classname="${xml(r.stack)}" name="${name}"><failure message="${xml(f.message)}" type="${xml(f.id)}">${detail}</failure></testcase>`);
      else cases.push(`    <testcase classname="${xml(r.stack)}" name="${name}"><system-out>${detail}</system-out></testcase>`);
    }
    const failures = r.findings.filter((f) => f.level === 'deny' && !f.waiver).length;
    const skipped = r.findings.filter((f) => f.waiver).length;
    return `  <testsuite name="${xml(`${r.stack} [${r.gate}]`)}" tests="${cases.length}" failures="${failures}" errors="${r.status === 'error' || r.status === 'invalid' ? 1 : 0}" skipped="${skipped}" time="${r.seconds.toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const s = report.summary;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="csm check" tests="${report.results.length}" failures="${s.failures}">\n${suites.join('\n')}\n</testsuites>\n`;
}
