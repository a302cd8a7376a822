import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { catalogueWith } from '../support/catalogue-fixture';
import { check, gitRepoWith, MINIMAL_POLICIES, POLICIES, REPO, tempDir } from './support/inputs-catalogue';

/**
 * Class 5 of issue 11: no value a user gives reaches git (or any other program csm runs) as an option; and the
 * git plumbing behind `--base` leaves nothing behind in the system's temp folder.
 */
const PRECIOUS = 'state that must survive\n';

function victim(dir: string): string {
  const file = path.join(dir, 'precious.tfstate');
  fs.writeFileSync(file, PRECIOUS);
  return file;
}

/**
 * Runs the built CLI (`bin/csm.js`, as CI runs it) in a child process whose temp directory is a fresh folder,
 * and returns what csm left there. A child process, because os.tmpdir() reads the real environment, which a
 * test cannot change for code running in its own process.
 */
function leftInTemp(args: string[], cwd: string): { code: number; left: string[]; stderr: string } {
  const tmp = tempDir('csm-attack-tmpdir-');
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'csm.js'), ...args], { cwd, env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8' });
  return { code: r.status ?? -1, left: fs.readdirSync(tmp).filter((f) => f.startsWith('csm-')), stderr: r.stderr };
}

describe('README: "--base <git-ref>: only what the change touches is checked" (a ref is a revision, never an option)', () => {
  test('--base "-o<file>" does not reach git archive as its output option: the file survives, exit 2', async () => {
    const repo = gitRepoWith(catalogueWith());
    const file = victim(repo);
    const r = await check(['--catalogue', 'catalogue', '--base', `-o${file}`], repo);
    expect(fs.readFileSync(file, 'utf8')).toBe(PRECIOUS);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--base -o${file}: not a git revision`);
  });

  test('--base "--output=<file>" does not reach git as an option either', async () => {
    const repo = gitRepoWith(catalogueWith());
    const file = victim(repo);
    const r = await check(['--catalogue', 'catalogue', `--base=--output=${file}`], repo);
    expect(fs.readFileSync(file, 'utf8')).toBe(PRECIOUS);
    expect(r.code).toBe(2);
  });

  test('a catalogue folder named like an option ("-cat") still has its base revision read: a delete is seen', async () => {
    // The base has two buckets for acme; the change drops one. The fixture gate denies any bucket delete.
    const repo = gitRepoWith(catalogueWith());
    fs.renameSync(path.join(repo, 'catalogue'), path.join(repo, '-cat'));
    const { execFileSync } = await import('child_process');
    execFileSync('git', ['add', '-A'], { cwd: repo });
    execFileSync('git', ['-c', 'user.email=a@example.org', '-c', 'user.name=a', 'commit', '-qm', 'move'], { cwd: repo });
    const acme = path.join(repo, '-cat', 'customers', 'acme.yaml');
    fs.writeFileSync(acme, fs.readFileSync(acme, 'utf8').replace('option: standard-1tb, quantity: 2', 'option: standard-1tb, quantity: 1'));
    const r = await check(['--catalogue', '-cat', '--base', 'HEAD', 'acme'], repo);
    expect(r.stdout).toMatch(/DENY\s+TST-LCM-001 .*aws_s3_bucket\..* would be deleted/);
    expect(r.code).toBe(1);
  });

  test('csm check --base leaves no csm-base-* folder in the temp directory', async () => {
    const repo = gitRepoWith(catalogueWith());
    const r = leftInTemp(['check', '--catalogue', 'catalogue', '--base', 'HEAD', '--policies', MINIMAL_POLICIES, '--no-evidence'], repo);
    expect(r.code).toBe(0);
    expect(r.left).toEqual([]);
  });

  test('a base revision whose catalogue does not validate is named as git names it, and its temp copy is gone', async () => {
    const repo = gitRepoWith(catalogueWith({ 'customers/acme.yaml': (t) => t.replace('termMonths: 36', 'termMonths: many') }));
    fs.writeFileSync(path.join(repo, 'catalogue', 'customers', 'acme.yaml'), fs.readFileSync(path.join(catalogueWith(), 'customers', 'acme.yaml')));
    const r = leftInTemp(['check', '--catalogue', 'catalogue', '--base', 'HEAD', '--policies', MINIMAL_POLICIES, '--no-evidence'], repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^[0-9a-f]{12}:catalogue\/customers\/acme\.yaml:\d+:\d+: agreement\.termMonths: must be of type integer$/m);
    expect(r.left).toEqual([]);
  });

  test('csm plan <operation> (git base, synth, terraform plan) leaves no csm-* folder in the temp directory', async () => {
    const repo = gitRepoWith(catalogueWith());
    const r = leftInTemp(['plan', 'allocate', 'bluefin', '--catalogue', 'catalogue', '--policies', POLICIES], repo);
    expect(r.stderr).toContain('onboard-bluefin [plan]: passed');
    expect(r.left).toEqual([]);
  }, 180_000);
});

describe('README: exit codes CI can rely on, whatever the working directory', () => {
  test('--base outside any git repository is bad input (exit 2) with the reason, not a crash', async () => {
    const cwd = tempDir();
    const cat = catalogueWith();
    // The catalogue and the working folder live in the temp directory: no repository above them.
    expect(fs.existsSync(path.join(os.tmpdir(), '.git'))).toBe(false);
    const r = await check(['--catalogue', cat, '--base', 'HEAD'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not inside a git repository');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
