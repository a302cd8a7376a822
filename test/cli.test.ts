import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { COMMANDS } from '../src/cli/main';
import { runCli } from './support/run-cli';
import { catalogueWith, REPO } from './support/catalogue-fixture';

describe('csm CLI', () => {
  test('the precompiled bin prints the overview with --help and exits 0', () => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'csm.js'), '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c.name} `);
  });

  test.each(COMMANDS.map((c) => [c.name]))('csm %s --help explains usage and options', async (name) => {
    const r = await runCli([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: csm ${name}`));
    expect(r.stdout).toContain('--catalogue <dir>');
    expect(r.stdout).toContain('Exit codes: 0 ok, 1 policy or plan failure, 2 bad input or usage, 3 internal error.');
  });

  test('usage errors exit 2 with the reason and the help', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    const noOp = await runCli(['plan']);
    expect(noOp.code).toBe(2);
    expect(noOp.stderr).toContain('plan needs an operation: onboard');
    const badOpt = await runCli(['synth', '--nope']);
    expect(badOpt.code).toBe(2);
    expect(badOpt.stderr).toContain('unknown option --nope');
    const unknown = await runCli(['plan', 'onboard', 'nobody']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown customer "nobody"');
  });

  test('validate: 0 on the example, 2 on a broken catalogue with located errors', async () => {
    const ok = await runCli(['validate'], REPO);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('catalogue ok: provider nimbus, 4 services, 3 customers, 0 waivers');
    const dir = catalogueWith({ 'customers/acme.yaml': (t) => t.replace('quantity: 2', 'quantity: -2') });
    const bad = await runCli(['validate', '--catalogue', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${dir}/customers/acme.yaml:23:`);
    expect(bad.stderr).toContain('subscriptions[1].quantity: must be >= 1');
  });

  test('synth writes nothing when the catalogue does not validate', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-cli-'));
    const dir = catalogueWith({ 'services/object-storage.yaml': (t) => t.replace('status: active', 'status: live') });
    const r = await runCli(['synth', '--catalogue', dir, '--out', 'out'], work);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/object-storage\.yaml:\d+:\d+: status: must be one of: draft, active, deprecated, retired/);
    expect(fs.existsSync(path.join(work, 'out'))).toBe(false);
  });

  test('synth of the example writes every stack', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-cli-'));
    const r = await runCli(['synth', '--catalogue', path.join(REPO, 'catalogue'), '--out', 'out'], work);
    expect(r.code).toBe(0);
    for (const c of ['acme', 'bluefin', 'corvid']) expect(fs.existsSync(path.join(work, 'out', 'stacks', `onboard-${c}`, 'cdk.tf.json'))).toBe(true);
  });
});
