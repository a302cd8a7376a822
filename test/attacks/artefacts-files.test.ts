import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/run-cli';
import { catalogueWith } from '../support/catalogue-fixture';
import { SHIPPED_POLICIES } from './support/artefacts-policies';
import { fakeTerraform } from './support/artefacts-fake-terraform';
import { csmProcess, until } from './support/artefacts-cli-process';

/**
 * Attacks on "never clobber" (issue 11, class 7): files csm must not replace or lose, and runs that must not
 * leave a lie behind. Each runs the real CLI; the last one runs it as its own process to send it a signal.
 */
const project = () => fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-files-'));
const evidenceIn = (cwd: string) => (fs.existsSync(path.join(cwd, 'evidence')) ? fs.readdirSync(path.join(cwd, 'evidence')) : []);

/** `csm check acme` with the shipped policies, from a project folder holding its catalogue and policies. */
function setUp() {
  const cwd = project();
  fs.cpSync(catalogueWith(), path.join(cwd, 'catalogue'), { recursive: true });
  fs.cpSync(SHIPPED_POLICIES, path.join(cwd, 'policies'), { recursive: true });
  const check = (...args: string[]) => runCli(['check', 'acme', '--format', 'sarif', ...args], cwd);
  return { cwd, check };
}

describe('README: "Commands that write files never replace one an earlier run wrote ... unless --force is given"', () => {
  test('check --output catalogue/provider.yaml is refused, even with --force: the provider context stays', async () => {
    const { cwd, check } = setUp();
    const file = path.join(cwd, 'catalogue', 'provider.yaml');
    const before = fs.readFileSync(file, 'utf8');
    for (const force of [[], ['--force']]) {
      const r = await check('--output', 'catalogue/provider.yaml', ...force);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/catalogue\/provider\.yaml: inside the catalogue folder \S*catalogue; csm never writes there/);
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(evidenceIn(cwd)).toEqual([]);
  });

  test('check --output policies/security.rego is refused: a policy cannot be overwritten by a report', async () => {
    const { cwd, check } = setUp();
    const file = path.join(cwd, 'policies', 'security.rego');
    const before = fs.readFileSync(file, 'utf8');
    const r = await check('--output', 'policies/security.rego');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/policies\/security\.rego: inside the policies folder \S*policies;/);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  test('check --output through a link that points into the catalogue is refused', async () => {
    const { cwd, check } = setUp();
    fs.symlinkSync(path.join(cwd, 'catalogue', 'customers', 'acme.yaml'), path.join(cwd, 'report.sarif'));
    const before = fs.readFileSync(path.join(cwd, 'catalogue', 'customers', 'acme.yaml'), 'utf8');
    const r = await check('--output', 'report.sarif');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/inside the catalogue folder/);
    expect(fs.readFileSync(path.join(cwd, 'catalogue', 'customers', 'acme.yaml'), 'utf8')).toBe(before);
  });

  test('check --output onto an existing file is refused without --force, and the file is kept', async () => {
    const { cwd, check } = setUp();
    fs.writeFileSync(path.join(cwd, 'notes.txt'), 'mine\n');
    const r = await check('--output', 'notes.txt');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/notes\.txt: already exists; .*use --force/);
    expect(fs.readFileSync(path.join(cwd, 'notes.txt'), 'utf8')).toBe('mine\n');
  });

  test('check --output onto a state file or an evidence record is refused, --force or not', async () => {
    const { cwd, check } = setUp();
    const state = path.join(cwd, '.csm', 'state', 'onboard-acme.tfstate');
    const record = path.join(cwd, 'evidence', '20261125T120000Z-0badcafe.json');
    for (const file of [state, record]) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '{"kept": true}\n');
    }
    for (const [file, folder] of [[state, 'state, locks and bundle'], [record, 'evidence']]) {
      for (const force of [[], ['--force']]) {
        const r = await check('--output', path.relative(cwd, file), ...force);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`inside the ${folder} folder`);
      }
      expect(fs.readFileSync(file, 'utf8')).toBe('{"kept": true}\n');
    }
  });

  test('slo export --out catalogue/customers --force is refused: the customer files are not replaced by SLO files', async () => {
    const { cwd } = setUp();
    const file = path.join(cwd, 'catalogue', 'customers', 'acme.yaml');
    const before = fs.readFileSync(file, 'utf8');
    const r = await runCli(['slo', 'export', '--out', 'catalogue/customers', '--force'], cwd);
    expect(r.code).toBe(2);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });
});

describe('README: "Evidence: every run writes evidence/<time>-<hash>.json" (a run that fails says so, or writes none)', () => {
  test('check --output to a folder fails before any evidence is written', async () => {
    const { cwd, check } = setUp();
    fs.mkdirSync(path.join(cwd, 'reports'));
    const r = await check('--output', 'reports');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/reports: is a folder/);
    expect(evidenceIn(cwd)).toEqual([]);
  });

  test('check --output to a place nothing can be written fails before any evidence is written', async () => {
    const { cwd, check } = setUp();
    // /sys refuses new files even to root; a path under a plain file cannot be created either.
    const sys = await check('--output', '/sys/csm-report.sarif');
    expect(sys.code).toBe(2);
    expect(sys.stderr).toMatch(/--output \/sys\/csm-report\.sarif: cannot write in \/sys/);
    fs.writeFileSync(path.join(cwd, 'plain'), '');
    const under = await check('--output', 'plain/report.sarif');
    expect(under.code).toBe(2);
    expect(under.stderr).toMatch(/a part of the path is a file, not a folder/);
    expect(evidenceIn(cwd)).toEqual([]);
  });

  test('check --output to a full device (/dev/full) fails before any evidence is written', async () => {
    const { cwd, check } = setUp();
    const r = await check('--output', '/dev/full');
    expect(r.code).toBe(2);
    expect(evidenceIn(cwd)).toEqual([]);
  });
});

describe('README: one plan or apply per stack at a time', () => {
  test('csm plan on a stack another live csm holds is refused with who holds it, and plans nothing', async () => {
    const { cwd } = setUp();
    const holder = spawn('sleep', ['60']);
    try {
      fs.mkdirSync(path.join(cwd, '.csm', 'locks'), { recursive: true });
      fs.writeFileSync(
        path.join(cwd, '.csm', 'locks', 'onboard-corvid.lock'),
        JSON.stringify({ pid: holder.pid, host: os.hostname(), command: 'csm plan allocate corvid', since: '2026-11-25T12:00:00.000Z', token: 'other' }),
      );
      const r = await runCli(['plan', 'onboard', 'corvid'], cwd);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`onboard-corvid is locked by \`csm plan allocate corvid\` (pid ${holder.pid} on ${os.hostname()}, since 2026-11-25T12:00:00.000Z)`);
      expect(fs.existsSync(path.join(cwd, 'cdktf.out', 'stacks', 'onboard-corvid'))).toBe(false);
    } finally {
      holder.kill();
    }
  });
});

describe('README: plans land in cdktf.out/stacks/<stack>/plans (SIGTERM must not leave Terraform running or a partial plan)', () => {
  test('SIGTERM during terraform plan is forwarded once, csm waits for Terraform to stop, and leaves no plan file', async () => {
    const { cwd } = setUp();
    // Terraform plans in seconds here, too fast to catch: the fake's `plan` waits for a signal instead (init runs for real).
    const fake = fakeTerraform({ mode: 'hang', planFor: 'plan' });
    const run = csmProcess(['plan', 'onboard', 'corvid'], cwd, { CSM_TERRAFORM: fake.bin });
    await until(() => fake.events().includes('started'), 60_000, 'terraform plan to start');
    run.child.kill('SIGTERM');
    const result = await run.done;
    expect(fake.events()).toEqual(['started', 'got TERM', 'exiting']);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SIGTERM received');
    const plans = path.join(cwd, 'cdktf.out', 'stacks', 'onboard-corvid', 'plans');
    expect(fs.existsSync(plans) ? fs.readdirSync(plans) : []).toEqual([]);
    expect(fs.existsSync(path.join(cwd, '.csm', 'locks', 'onboard-corvid.lock'))).toBe(false);
  });
});
