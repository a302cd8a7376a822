import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { runCli } from './support/run-cli';
import { catalogueWith } from './support/catalogue-fixture';
import { validateSarif } from './support/sarif-schema';

const POLICIES = path.join(__dirname, 'fixtures', 'policies-minimal');

/** junit2json is an ES module: run it in its own node process, as a CI tool reading the file would. */
function parseJunit(xml: string): unknown {
  const script = "import { parse } from 'junit2json'; let s=''; process.stdin.on('data', d => s += d).on('end', async () => console.log(JSON.stringify(await parse(s))));";
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { input: xml, cwd: path.join(__dirname, '..'), encoding: 'utf8' }));
}

/** One run with a denial, a warning and a waived finding, rendered in each machine format. */
async function render(format: string): Promise<string> {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-fmt-'));
  const cat = catalogueWith({
    'customers/corvid.yaml': (t) => t.replace('budgetCap: 1200', 'budgetCap: 100'),
    'customers/acme.yaml': (t) => t.replace('budgetCap: 3000', 'budgetCap: 100'),
    'waivers.yaml': 'waivers:\n  - id: acme-budget\n    rule: TST-AGR-001\n    customer: acme\n    reason: Amendment raising the cap is being signed\n    approver: dana.fischer@nimbus.example\n    expires: "2026-12-31"\n',
  });
  const out = path.join(cwd, `report.${format}`);
  const r = await runCli(['check', '--policies', POLICIES, '--catalogue', cat, '--out', path.join(cwd, 'out'), '--no-evidence', '--now', '2026-11-25T00:00:00Z', '--format', format, '--output', out], cwd);
  expect(r.code).toBe(1);
  // Three customers, the provider's management policy and four design reviews (each sample tenancy has a key).
  expect(r.stdout).toBe('8 stacks, 7 passed, 7 warnings, 1 failures, 1 waived');
  return fs.readFileSync(out, 'utf8');
}

describe('csm check machine formats', () => {
  test('SARIF validates against the SARIF 2.1.0 schema and locates results at catalogue lines', async () => {
    const log = JSON.parse(await render('sarif'));
    expect(validateSarif(log)).toEqual([]);
    const results = log.runs[0].results;
    const denial = results.find((r: { ruleId: string; level: string }) => r.ruleId === 'TST-AGR-001' && r.level === 'error' && !('suppressions' in r));
    expect(denial.locations[0].physicalLocation.artifactLocation.uri).toMatch(/customers\/corvid\.yaml$/);
    expect(denial.locations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
    expect(denial.properties.clauses).toEqual(['6.4']);
    const waived = results.find((r: { suppressions?: unknown[] }) => r.suppressions);
    expect(waived.suppressions[0]).toMatchObject({ kind: 'external', status: 'accepted' });
    expect(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['TST-AGR-001', 'TST-LCM-001', 'TST-SEC-001']); // every rule the policies define
  });

  test('JUnit XML is read by a standard JUnit parser: a suite per stack, a failure per denial, skipped per waiver', async () => {
    const xml = await render('junit');
    const parsed = parseJunit(xml) as { testsuite: Array<{ name: string; failures: number; skipped: number; testcase: Array<{ name: string; failure?: unknown[]; skipped?: unknown[] }> }> };
    expect(parsed.testsuite.map((s) => s.name)).toEqual([
      'onboard-acme [synth]',
      'onboard-bluefin [synth]',
      'onboard-corvid [synth]',
      'provider-nimbus [synth]',
      'design-container-hosting [synth]',
      'design-managed-postgres [synth]',
      'design-object-storage [synth]',
      'design-tenant-network [synth]',
    ]);
    const corvid = parsed.testsuite[2];
    expect(corvid.failures).toBe(1);
    expect(corvid.testcase.filter((c) => c.failure).map((c) => c.name)).toEqual(['TST-AGR-001 onboard-corvid']);
    expect(parsed.testsuite[0].testcase.filter((c) => c.skipped).map((c) => c.name)).toEqual(['TST-AGR-001 onboard-acme']);
  });

  test('JSON carries every result with its location and the summary', async () => {
    const report = JSON.parse(await render('json'));
    expect(report.summary).toEqual({ stacks: 8, passed: 7, warnings: 7, failures: 1, waived: 1, invalid: 0 });
    const deny = report.results.flatMap((r: { findings: Array<{ level: string; waiver?: string }> }) => r.findings).find((f: { level: string; waiver?: string }) => f.level === 'deny' && !f.waiver);
    expect(deny.location).toMatchObject({ kind: 'catalogue', file: expect.stringMatching(/corvid\.yaml$/) });
  });
});
