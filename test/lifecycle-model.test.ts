import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from './support/run-cli';
import { catalogueWith, lineOf } from './support/catalogue-fixture';

const record = (fields: string) => (t: string) => t.replace(/( {4}exit: \{ dataExport: customer-bucket.*\n)/, `$1    recorded: { ${fields} }\n`);
const transfer = (fields: string) => (t: string) => t.replace(/( {2}budgetCap: 1200\n)/, `$1  transfer: { ${fields} }\n`);
const target = 'target: { accountId: "444455556666", region: eu-west-1 }';

async function validate(change: (t: string) => string) {
  const cat = catalogueWith({ 'customers/corvid.yaml': change });
  const r = await runCli(['validate', '--catalogue', cat], fs.mkdtempSync(path.join(os.tmpdir(), 'csm-lcm-')));
  return { ...r, file: path.join(cat, 'customers/corvid.yaml') };
}

describe('lifecycle records in the agreement: termination (S13) and transfer (S14)', () => {
  test('a well-formed termination record and transfer request validate', async () => {
    const r = await validate((t) => transfer(`to: customer, services: [managed-postgres], ${target}, requested: "2026-11-20"`)(record('date: "2026-09-01", effective: "2026-10-01", exportConfirmed: "2026-10-10"')(t)));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  test('an effective date before the notice date is bad input, located at the field', async () => {
    const r = await validate(record('date: "2026-09-01", effective: "2026-08-01"'));
    expect(r.code).toBe(2);
    const line = lineOf(r.file, 'recorded:');
    const column = fs.readFileSync(r.file, 'utf8').split('\n')[line - 1].indexOf('"2026-08-01"') + 1;
    expect(r.stderr).toContain(`${r.file}:${line}:${column}: agreement.termination.recorded.effective: 2026-08-01 is before date (2026-09-01)`);
  });

  test('a date that names no day is bad input', async () => {
    const r = await validate(record('date: "2026-02-30", effective: "2026-03-31"'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('agreement.termination.recorded.date: "2026-02-30" is not a calendar date');
  });

  test('a termination record without its effective date is reported at the record', async () => {
    const r = await validate(record('date: "2026-09-01"'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${r.file}:${lineOf(r.file, 'recorded:')}:5: agreement.termination.recorded.effective: is required but missing`);
  });

  test('a transfer of a service the customer does not subscribe to names the service', async () => {
    const r = await validate(transfer(`to: provider, services: [object-storage], ${target}, requested: "2026-11-20"`));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${r.file}:${lineOf(r.file, 'transfer:')}:\\d+: agreement\\.transfer\\.services\\[0\\]: "object-storage" is not a service corvid subscribes to`));
  });

  test('a handover of some services only, a target account id of the wrong shape, and the provider\'s own account are refused', async () => {
    const partial = await validate(transfer(`to: provider, method: handover, services: [managed-postgres], ${target}, requested: "2026-11-20"`));
    expect(partial.stderr).toContain('agreement.transfer.method: a handover moves the whole tenancy');
    const short = await validate(transfer('to: provider, target: { accountId: "4444", region: eu-west-1 }, requested: "2026-11-20"'));
    expect(short.stderr).toContain('agreement.transfer.target.accountId: must match ^[0-9]{12}$');
    const own = await validate(transfer('to: customer, target: { accountId: "111122223333", region: eu-west-1 }, requested: "2026-11-20"'));
    expect(own.stderr).toContain("agreement.transfer.target.accountId: 111122223333 is the provider's own account");
    for (const r of [partial, short, own]) expect(r.code).toBe(2);
  });

  test('csm plan transfer without a transfer in the agreement, and plan retire of an unknown service, are bad input', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-lcm-'));
    const cat = catalogueWith();
    const noTransfer = await runCli(['plan', 'transfer', 'corvid', '--catalogue', cat, '--out', path.join(cwd, 'out')], cwd);
    expect(noTransfer.code).toBe(2);
    expect(noTransfer.stderr).toContain('agreement.transfer is missing');
    const unknown = await runCli(['plan', 'retire', 'teleport', '--catalogue', cat, '--out', path.join(cwd, 'out')], cwd);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown service "teleport"');
    expect(fs.existsSync(path.join(cwd, 'out'))).toBe(false);
  });
});

describe('retire of a service nobody subscribes to (no stack to plan)', () => {
  const POLICIES = path.join(__dirname, '..', 'policies');
  const dropContainers = (t: string) => t.replace(/^ {2}- \{ service: container-hosting.*\n/m, '');
  const catalogue = (status: string) =>
    catalogueWith({
      'services/container-hosting.yaml': (t) => t.replace('status: active', `status: ${status}`),
      'customers/corvid.yaml': dropContainers,
      'customers/bluefin.yaml': dropContainers,
    });

  test('the gate still decides, and the report says what the service held (outside git: nothing before)', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-retire-'));
    const r = await runCli(['plan', 'retire', 'container-hosting', '--catalogue', catalogue('retired'), '--policies', POLICIES, '--out', path.join(cwd, 'out'), '--now', '2026-11-25T12:00:00Z'], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('retire-container-hosting: gate passed');
    const report = JSON.parse(fs.readFileSync(path.join(cwd, 'out/retire/container-hosting/20261125T120000Z.report.json'), 'utf8'));
    expect(report).toMatchObject({ status: 'retired', capacity: { pool: 'compute-eu', freedUnits: 0 }, customers: [] });
    expect(fs.readFileSync(path.join(cwd, 'out/retire/container-hosting/20261125T120000Z.report.md'), 'utf8')).toContain('- Service owner: Tomás Ortega <tomas.ortega@nimbus.example> (compute-service-owner)');
  });

  test('a service not marked retired is not retired (CSM-OPS-006)', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-retire-'));
    const r = await runCli(['plan', 'retire', 'container-hosting', '--catalogue', catalogue('deprecated'), '--policies', POLICIES, '--out', path.join(cwd, 'out')], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DENY CSM-OPS-006 \[synth\] service container-hosting is deprecated in the catalogue, not retired \[ISO\/IEC 20000-1 4\.3, 5\.4, 9\.1; S15\]/);
  });
});

describe('csm plan terminate --step', () => {
  test.each([
    [['plan', 'allocate', 'corvid', '--step', 'unprotect'], '--step applies to terminate only, not allocate'],
    [['plan', 'terminate', 'corvid', '--step', 'empty'], '--step must be one of unprotect, destroy, not "empty"'],
  ])('%j is a usage error (exit 2) before anything is built', async (argv, message) => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-step-'));
    const r = await runCli([...argv, '--out', path.join(cwd, 'out')], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(fs.existsSync(path.join(cwd, 'out'))).toBe(false);
  });
});
