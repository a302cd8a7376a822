import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/run-cli';
import { catalogueWith, REPO } from '../support/catalogue-fixture';
import { planScaffold } from '../../src/design/scaffold';
import { loadCatalogue } from '../../src/model/load';
import { applyWaivers, globMatch, type Waiver } from '../../src/check/waivers';
import type { Finding } from '../../src/policy/finding';

/**
 * Attacks on the front door's promises with inputs the earlier corpus did not try: text that reads otherwise
 * than it is (control, bidirectional, invisible characters), an id every JavaScript object already has, and a
 * time bound past what Node.js can keep. Each must be bad input, located, exit 2: never a crash or a verdict.
 */
describe('README: "Text is data": text that reads otherwise than it is never enters the catalogue', () => {
  const cases: Array<[string, string, (t: string) => string]> = [
    ['a right-to-left override in a customer name', 'customers/corvid.yaml', (t) => t.replace('name: Corvid Analytics Ltd', 'name: "Corvid \\u202eLtd"')],
    ['a NUL in a contact name', 'customers/corvid.yaml', (t) => t.replace('name: Sam Whitfield, email: sam', 'name: "Sam\\0 Whitfield", email: sam')],
    ['a terminal escape in a service description', 'services/object-storage.yaml', (t) => t.replace(/^description: >-$/m, 'description: "\\e[2K\\e[1A Object storage"\nx-old: >-').replace(/\nx-old: >-\n(  .*\n)+/, '\n')],
    ['a zero-width space in a subscription key', 'customers/corvid.yaml', (t) => t.replace('slaTiers: { tenant-network: standard', 'slaTiers: { "tenant\\u200b-network": standard')],
    ['a bare carriage return in the provider name', 'provider.yaml', (t) => t.replace('name: Nimbus Cloud Services GmbH', 'name: "Nimbus Cloud Services GmbH\\r# forged"')],
    ['an isolate in an improvement title', 'improvements.yaml', (t) => t.replace(/title: (.*)$/m, 'title: "\\u2067$1"')],
  ];
  test.each(cases)('%s is refused with its file, line and character', async (_what, file, edit) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-hidden-'));
    fs.cpSync(catalogueWith({ [file]: edit }), path.join(dir, 'catalogue'), { recursive: true });
    const r = await runCli(['validate'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`catalogue/${file.replace('.', '\\.')}:\\d+:\\d+: \\S+: (the key )?contains U\\+[0-9A-F]{4} at character \\d+`));
  });

  test('a waiver whose reason hides a bidirectional override is refused by validate', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-hidden-'));
    fs.cpSync(catalogueWith(), path.join(dir, 'catalogue'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'catalogue', 'waivers.yaml'),
      `waivers:\n  - { id: w-1, rule: CSM-AGR-006, customer: corvid, reason: "Budget raise agreed \\u202eon the phone", approvedBy: Dana Fischer, expires: "${new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)}" }\n`,
    );
    const r = await runCli(['validate'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/waivers\.yaml:2:\d+: waivers\[0\]\.reason: contains U\+202E/);
  });
});

describe('README: "every validation error is traceable to file, line and field" (S04): an id every object already has', () => {
  test('a service, a pool and an SLA key named "constructor" are refused at their lines, never a crash while building', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-reserved-'));
    const service = (t: string) => t.replace('id: managed-postgres', 'id: constructor').replace('pool: db-vcpu-eu', 'pool: constructor');
    fs.cpSync(
      catalogueWith({
        'customers/corvid.yaml': (t) => t.replace('managed-postgres: standard,', 'managed-postgres: standard, constructor: standard,') + '  - { service: constructor, option: large, quantity: 20, region: eu-west-1 }\n',
      }),
      path.join(dir, 'catalogue'),
      { recursive: true },
    );
    fs.writeFileSync(path.join(dir, 'catalogue', 'services', 'constructor.yaml'), service(fs.readFileSync(path.join(dir, 'catalogue', 'services', 'managed-postgres.yaml'), 'utf8')));
    const r = await runCli(['check', 'corvid', '--policies', path.join(REPO, 'policies'), '--no-evidence'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/internal error/);
    for (const at of [/services\/constructor\.yaml:\d+:\d+: id: "constructor" is reserved/, /services\/constructor\.yaml:\d+:\d+: capacity\.pool: "constructor" is reserved/, /customers\/corvid\.yaml:\d+:\d+: agreement\.slaTiers\.constructor: "constructor" is reserved/]) {
      expect(r.stderr).toMatch(at);
    }
  });

  test('csm new service constructor is refused before anything is planned or written', () => {
    // planScaffold is what `csm new service` checks before writing: called on an empty root, it writes nothing.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-reserved-'));
    expect(() => planScaffold(root, loadCatalogue(catalogueWith()), 'constructor')).toThrow(/"constructor" is reserved/);
    expect(fs.readdirSync(root)).toEqual([]);
  });
});

describe('README: "Exit codes: ... 2 bad input or usage": a time bound Node.js cannot keep', () => {
  test.each([['check', 'acme'], ['policy', 'test', path.join(REPO, 'test', 'fixtures', 'policies-minimal')]])('csm %s --timeout 99999999999999 is a usage error, not every evaluation timing out at once', async (...argv) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-timeout-'));
    fs.cpSync(catalogueWith(), path.join(dir, 'catalogue'), { recursive: true });
    const r = await runCli([...argv, '--timeout', '99999999999999', ...(argv[0] === 'check' ? ['--no-evidence', '--policies', path.join(REPO, 'policies')] : [])], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--timeout 99999999999999: at most 2147483647 ms/);
  });
});

describe('SECURITY: "the gate\'s cost does not grow with what a subscription asks for": a waiver pattern cannot stall it', () => {
  test('a resource pattern of 20 stars against a long run of one letter (a customer id can be one) decides at once', () => {
    const id = 'a'.repeat(48);
    const finding = { id: 'CSM-SEC-001', severity: 'high', message: 'm', resource: `aws_s3_bucket.${id}-${id}`, construct_path: 'x', clauses: ['6.6'], scenario: 'S08', remediation: 'r', source: 's' } as unknown as Finding;
    const waiver = { id: 'w', rule: 'CSM-SEC-001', resource: `*${'a*'.repeat(20)}#`, reason: 'accepted for the pilot', approver: 'Dana Fischer', expires: '2099-01-01' } as unknown as Waiver;
    // A regular expression built from the pattern backtracks for days here; the matcher is linear.
    const outcome = applyWaivers([finding], id, [waiver], new Date('2026-11-01T00:00:00Z'));
    expect(outcome.standing).toEqual([finding]);
    expect(globMatch(`aws_s3_bucket.*${'a*'.repeat(20)}`, finding.resource!)).toBe(true);
    for (const [pattern, text, match] of [['aws_*.x', 'aws_s3.x', true], ['aws_*.x', 'aws_s3.y', false], ['a*b*c', 'acb', false], ['a.c', 'abc', false], ['*', '', true]] as const) {
      expect(globMatch(pattern, text)).toBe(match);
    }
  }, 20_000);
});

describe('SECURITY: "A usage or input error exits 2 with a message ... never a stack trace": a NUL in a path', () => {
  test.each([
    ['synth', '--out', 'out\0put'],
    ['trace', '--out', 'trace\0'],
    ['check', 'acme', '--output', 'report\0.sarif'],
    ['check', '--plan-json', 'plan\0.json'],
    ['check', 'acme', '--policies', 'pol\0icies'],
    ['validate', '--catalogue', 'cata\0logue'],
    ['check', 'acme', '--evidence', 'evi\0dence'],
  ])('csm %s ... with a NUL in a path option is a usage error (exit 2), not an internal error', async (...argv) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-nul-'));
    fs.cpSync(catalogueWith(), path.join(dir, 'catalogue'), { recursive: true });
    fs.cpSync(path.join(REPO, 'policies'), path.join(dir, 'policies'), { recursive: true });
    const r = await runCli(argv, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\\u0000[^"]*": a path cannot contain a NUL character/);
    expect(r.stderr).not.toMatch(/internal error \(a bug in csm/);
  });
});
