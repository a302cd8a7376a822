import * as fs from 'fs';
import * as path from 'path';
import { catalogueWith } from '../support/catalogue-fixture';
import { check, csm, MINIMAL_POLICIES, tempDir } from './support/inputs-catalogue';

/**
 * Class 8 of issue 11: the evidence record says what happened. Its time is the clock's, it hashes every file
 * the run read (and nothing is read that it does not hash), and only waivers that could pass a review apply.
 */
const overBudget = { 'customers/corvid.yaml': (t: string) => t.replace('budgetCap: 1200', 'budgetCap: 100') };
const waiver = (fields: Partial<Record<'rule' | 'customer' | 'reason' | 'approver' | 'expires', string>>) => {
  const w = { rule: 'TST-AGR-001', customer: 'corvid', reason: 'Budget raise signed, amendment in progress', approver: 'dana.fischer@nimbus.example', expires: '2026-12-31', ...fields };
  return `waivers:\n  - id: corvid-budget\n${Object.entries(w).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`).join('\n')}\n`;
};
const NOW = ['--now', '2026-11-25T12:00:00Z'];

function onlyRecord(cwd: string): { file: string; record: Record<string, unknown> & { inputs: Record<string, string> } } {
  const files = fs.readdirSync(path.join(cwd, 'evidence'));
  expect(files).toHaveLength(1);
  const file = files[0];
  return { file, record: JSON.parse(fs.readFileSync(path.join(cwd, 'evidence', file), 'utf8')) };
}

describe('README: "Evidence: every run writes evidence/<time>-<hash>.json: ... the evaluation time (--now replays it)"', () => {
  test('--now 2020-01-01 sets the evaluation time only: the record was created now, and is named for now', async () => {
    const cwd = tempDir();
    const started = Date.now();
    await check(['--catalogue', catalogueWith(), '--now', '2020-01-01T00:00:00Z', 'corvid'], cwd);
    const { file, record } = onlyRecord(cwd);
    expect(record.evaluationTime).toBe('2020-01-01T00:00:00.000Z');
    expect(Date.parse(record.createdAt as string)).toBeGreaterThanOrEqual(started - 1000);
    expect(file.startsWith('2020')).toBe(false);
  });
});

describe('README: "sha256 of every input file" (nothing evaluated goes unhashed)', () => {
  test('a customer file that is a symbolic link to a file outside the catalogue is refused', async () => {
    const cat = catalogueWith();
    const outside = path.join(tempDir(), 'mallory.yaml');
    fs.writeFileSync(outside, fs.readFileSync(path.join(cat, 'customers', 'corvid.yaml'), 'utf8').replace(/corvid/g, 'mallory'));
    fs.symlinkSync(outside, path.join(cat, 'customers', 'mallory.yaml'));
    const r = await csm(['validate', '--catalogue', cat], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`customers/mallory.yaml:1:1: is a symbolic link to ${fs.realpathSync(outside)}, outside the catalogue`);
  });

  test('a customers folder that is a symbolic link to a folder outside the catalogue is refused', async () => {
    const cat = catalogueWith();
    const outside = tempDir();
    fs.cpSync(path.join(cat, 'customers'), outside, { recursive: true });
    fs.rmSync(path.join(cat, 'customers'), { recursive: true });
    fs.symlinkSync(outside, path.join(cat, 'customers'));
    const r = await check(['--catalogue', cat], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('customers:1:1: is a symbolic link to');
  });

  test('a symbolic link that stays inside the catalogue is evaluated and hashed under its own path', async () => {
    const cat = catalogueWith();
    fs.mkdirSync(path.join(cat, 'shared'));
    fs.renameSync(path.join(cat, 'customers', 'corvid.yaml'), path.join(cat, 'shared', 'corvid.yaml'));
    fs.symlinkSync(path.join('..', 'shared', 'corvid.yaml'), path.join(cat, 'customers', 'corvid.yaml'));
    const cwd = tempDir();
    const r = await check(['--catalogue', cat, 'corvid'], cwd);
    expect(r.code).toBe(0);
    const { record } = onlyRecord(cwd);
    expect(Object.keys(record.inputs)).toContainEqual(expect.stringMatching(/customers\/corvid\.yaml$/));
  });

  test('a waivers file given with --waivers from outside the catalogue is hashed in the evidence', async () => {
    const cwd = tempDir();
    const file = path.join(cwd, 'elsewhere-waivers.yaml');
    fs.writeFileSync(file, waiver({}));
    const r = await check(['--catalogue', catalogueWith(overBudget), '--waivers', file, ...NOW, 'corvid'], cwd);
    expect(r.code).toBe(0);
    const { record } = onlyRecord(cwd);
    expect(Object.keys(record.inputs)).toContain(path.relative(process.cwd(), file));
  });

  test('a plan JSON evaluated with --plan-json is hashed in the evidence', async () => {
    const cwd = tempDir();
    const file = path.join(cwd, 'plan.json');
    fs.writeFileSync(file, JSON.stringify({ format_version: '1.2', resource_changes: [] }));
    await check(['--catalogue', catalogueWith(), '--plan-json', file], cwd);
    const { record } = onlyRecord(cwd);
    expect(Object.keys(record.inputs)).toContain(path.relative(process.cwd(), file));
  });
});

describe('README: "Waivers: rule id, optional customer and resource, reason, approver, expiry ... one without reason, approver or expiry is invalid input"', () => {
  const attempt = async (fields: Parameters<typeof waiver>[0]) => check(['--catalogue', catalogueWith({ ...overBudget, 'waivers.yaml': waiver(fields) }), ...NOW, 'corvid'], tempDir());

  test('a reason of blanks is no reason', async () => {
    const r = await attempt({ reason: '          .' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/waivers\[0\]\.reason: must say it in at least 10 characters that are not blanks/);
  });

  test('an approver of blanks is no approver', async () => {
    const r = await attempt({ approver: '   ' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('waivers[0].approver: must not be blank');
  });

  test('a waiver that runs to 2099 is refused: an expiry lies within the horizon (default 90 days)', async () => {
    const r = await attempt({ expires: '2099-12-31' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/waivers\[0\]\.expires: 2099-12-31 is \d+ days after the evaluation time .*: a waiver runs at most 90 days/);
  });

  test('a waiver for a rule no policy defines is refused', async () => {
    const r = await attempt({ rule: 'TST-AGR-999' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('waivers[0].rule: no policy rule has the id "TST-AGR-999" (rules of that family: TST-AGR-001)');
  });

  test('a waiver for a customer the catalogue does not have is refused', async () => {
    const r = await attempt({ customer: 'mallory' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('waivers[0].customer: unknown customer "mallory"');
  });

  test('csm validate checks the waivers too', async () => {
    const cat = catalogueWith({ 'waivers.yaml': waiver({ approver: '   ' }) });
    const r = await csm(['validate', '--catalogue', cat, '--policies', MINIMAL_POLICIES], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('waivers[0].approver: must not be blank');
  });
});
