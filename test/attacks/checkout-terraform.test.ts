import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/run-cli';
import { catalogueWith } from '../support/catalogue-fixture';
import { SHIPPED_POLICIES } from './support/artefacts-policies';
import { recordingTerraform, withEnv } from './support/recording-terraform';

/**
 * Attacks on "what is executed is exactly what was built, gated and reviewed" from the checkout itself: a pull
 * request can commit files where csm keeps its own (`.csm/`, `cdktf.out/`), and the runner's shell may carry
 * `TF_*` settings. Terraform is a recording fake here (it runs nothing and stops at init): the tests read what
 * csm handed it, folder, files and environment, and what csm wrote or refused before it.
 */
const AWS_PROVIDER = path.join('registry.terraform.io', 'hashicorp', 'aws', '5.100.0', 'linux_amd64');

function project() {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-checkout-'));
  fs.cpSync(catalogueWith(), path.join(cwd, 'catalogue'), { recursive: true });
  fs.cpSync(SHIPPED_POLICIES, path.join(cwd, 'policies'), { recursive: true });
  return cwd;
}

/** `csm plan onboard acme` with the recording Terraform, a private csm cache and these variables set. */
async function planAcme(cwd: string, vars: Record<string, string | undefined> = {}) {
  const tf = recordingTerraform();
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-cache-'));
  const r = await withEnv({ CSM_TERRAFORM: tf.bin, CSM_CACHE_DIR: cache, TF_PLUGIN_CACHE_DIR: undefined, ...vars }, () => runCli(['plan', 'onboard', 'acme'], cwd));
  return { ...r, calls: tf.calls(), cache };
}

const stackDir = (cwd: string) => path.join(cwd, 'cdktf.out', 'stacks', 'onboard-acme');

describe('SECURITY: "nothing a pull request commits where csm keeps its own files is believed" (Terraform\'s providers)', () => {
  test('a provider binary committed into .csm/plugin-cache is never where Terraform looks for providers', async () => {
    const cwd = project();
    const planted = path.join(cwd, '.csm', 'plugin-cache', AWS_PROVIDER);
    fs.mkdirSync(planted, { recursive: true });
    fs.writeFileSync(path.join(planted, 'terraform-provider-aws_v5.100.0_x5'), '#!/bin/sh\ntouch "$HOME/pwned"\n', { mode: 0o755 });
    const { calls, cache } = await planAcme(cwd);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      // The cache Terraform is pointed at is the runner's (csm's cache in the user's home), never the checkout.
      expect(path.relative(cwd, call.env.TF_PLUGIN_CACHE_DIR).startsWith('..')).toBe(true);
      expect(call.env.TF_PLUGIN_CACHE_DIR).toBe(path.join(cache, 'terraform-plugins'));
    }
  });
});

describe('SECURITY: "a change to the catalogue ... cannot turn into Terraform syntax": files committed into the synth output', () => {
  test.each([
    ['evil.tf', 'output "leak" { value = file("/etc/hostname") }\n'],
    ['override.tf.json', '{"output":{"leak":{"value":"${file(\\"/etc/hostname\\")}"}}}'],
    ['terraform.tfvars', 'x = 1\n'],
    ['extra.auto.tfvars.json', '{}'],
  ])('a committed cdktf.out/stacks/onboard-acme/%s is refused (exit 2, named) before Terraform runs', async (name, text) => {
    const cwd = project();
    fs.mkdirSync(stackDir(cwd), { recursive: true });
    fs.writeFileSync(path.join(stackDir(cwd), name), text);
    const r = await planAcme(cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`onboard-acme/${name}: not written by csm, and Terraform would read it with the stack`);
    expect(r.calls).toEqual([]);
  });

  test('a committed .terraform/ (providers, workspace) and lock file are gone before terraform init', async () => {
    const cwd = project();
    const providers = path.join(stackDir(cwd), '.terraform', 'providers', AWS_PROVIDER);
    fs.mkdirSync(providers, { recursive: true });
    fs.writeFileSync(path.join(providers, 'terraform-provider-aws_v5.100.0_x5'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    fs.writeFileSync(path.join(stackDir(cwd), '.terraform', 'environment'), 'someone-elses-workspace');
    fs.writeFileSync(path.join(stackDir(cwd), '.terraform.lock.hcl'), '# forged\n');
    const r = await planAcme(cwd);
    expect(r.calls.map((c) => c.args[0])).toEqual(['init']);
    expect(r.calls[0].files).toEqual(['cdk.tf.json']);
  });

  test('cdk.tf.json committed as a link to the provider context is refused, not written through', async () => {
    const cwd = project();
    fs.mkdirSync(stackDir(cwd), { recursive: true });
    const target = path.join(cwd, 'catalogue', 'provider.yaml');
    const before = fs.readFileSync(target, 'utf8');
    fs.symlinkSync(target, path.join(stackDir(cwd), 'cdk.tf.json'));
    const r = await planAcme(cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/onboard-acme\/cdk\.tf\.json: not a plain file/);
    expect(fs.readFileSync(target, 'utf8')).toBe(before);
    expect(r.calls).toEqual([]);
  });

  test('a stack folder committed as a link to another folder is refused, nothing written there', async () => {
    const cwd = project();
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-elsewhere-'));
    fs.mkdirSync(path.dirname(stackDir(cwd)), { recursive: true });
    fs.symlinkSync(elsewhere, stackDir(cwd));
    const r = await planAcme(cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/onboard-acme: a symbolic link where csm keeps a folder of its own/);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });

  test('cdktf.out/manifest.json committed as a link is refused, its target unchanged', async () => {
    const cwd = project();
    fs.mkdirSync(path.join(cwd, 'cdktf.out'), { recursive: true });
    const target = path.join(cwd, 'catalogue', 'waivers.yaml');
    const before = fs.readFileSync(target, 'utf8');
    fs.symlinkSync(target, path.join(cwd, 'cdktf.out', 'manifest.json'));
    const r = await runCli(['synth', 'acme'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cdktf\.out\/manifest\.json: not a plain file/);
    expect(fs.readFileSync(target, 'utf8')).toBe(before);
  });
});

describe('SECURITY: "Terraform is run with arguments csm builds itself": the shell\'s TF_* settings', () => {
  test('TF_CLI_ARGS*, TF_WORKSPACE, TF_DATA_DIR, TF_VAR_*, TF_REATTACH_PROVIDERS never reach Terraform; logging does', async () => {
    const cwd = project();
    const hostile = {
      TF_CLI_ARGS: '-no-color',
      TF_CLI_ARGS_plan: '-destroy -target=aws_s3_bucket.x',
      TF_CLI_ARGS_apply: '-state-out=/tmp/elsewhere.tfstate',
      TF_CLI_ARGS_init: '-plugin-dir=/tmp/evil-plugins',
      TF_WORKSPACE: 'other-tenancy',
      TF_DATA_DIR: '/tmp/evil-data-dir',
      TF_VAR_region: 'us-east-1',
      TF_REATTACH_PROVIDERS: '{"registry.terraform.io/hashicorp/aws":{"Protocol":"grpc","Pid":1,"Addr":{"Network":"unix","String":"/tmp/evil.sock"}}}',
      TF_LOG: 'WARN',
    };
    const r = await planAcme(cwd, hostile);
    expect(r.calls.length).toBeGreaterThan(0);
    for (const call of r.calls) {
      for (const name of Object.keys(hostile).filter((n) => n !== 'TF_LOG')) expect(call.env[name]).toBeUndefined();
      expect(call.env.TF_LOG).toBe('WARN');
    }
  });
});

describe('SECURITY: "never clobber": the synth output folder (--out) is csm\'s own', () => {
  test.each([['catalogue'], ['policies'], ['evidence'], ['.csm/stacks']])('synth --out %s is refused before anything is written there', async (out) => {
    const cwd = project();
    fs.mkdirSync(path.join(cwd, 'evidence'), { recursive: true });
    fs.mkdirSync(path.join(cwd, '.csm'), { recursive: true });
    const r = await runCli(['synth', 'acme', '--out', out], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`--out \\S*${out.replace('.', '\\.')}: inside the .* folder`));
    expect(fs.existsSync(path.join(cwd, out, 'manifest.json'))).toBe(false);
    expect(fs.existsSync(path.join(cwd, out, 'stacks'))).toBe(false);
  });

  test('synth --out . in a folder holding a manifest.json of its own leaves that file alone', async () => {
    const cwd = project();
    fs.writeFileSync(path.join(cwd, 'manifest.json'), '{"name":"my web app"}\n');
    const r = await runCli(['synth', 'acme', '--out', '.'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out \S*: not a synth output folder \(it holds catalogue\)/);
    expect(fs.readFileSync(path.join(cwd, 'manifest.json'), 'utf8')).toBe('{"name":"my web app"}\n');
  });

  test('a manifest.json of its own in an otherwise empty --out folder is left alone', async () => {
    const cwd = project();
    fs.mkdirSync(path.join(cwd, 'build'));
    fs.writeFileSync(path.join(cwd, 'build', 'manifest.json'), '{"name":"my web app"}\n');
    const r = await runCli(['synth', 'acme', '--out', 'build'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out \S*build: its manifest\.json is not the manifest of a synth/);
    expect(fs.readFileSync(path.join(cwd, 'build', 'manifest.json'), 'utf8')).toBe('{"name":"my web app"}\n');
  });

  test('a new folder, and then the same folder again, are fine', async () => {
    const cwd = project();
    for (let run = 0; run < 2; run++) expect((await runCli(['synth', 'acme', '--out', 'synth-out'], cwd)).code).toBe(0);
  });
});

describe('SECURITY: "never clobber": csm\'s own folders in .csm/ are never reached through a committed link', () => {
  test.each([['.csm/policy-bundle'], ['.csm'], ['.csm/locks'], ['.csm/state']])('%s committed as a link to another folder: refused, nothing written there', async (link) => {
    const cwd = project();
    const victim = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-victim-'));
    fs.writeFileSync(path.join(victim, 'manifest.json'), '{"mine":true}\n');
    fs.mkdirSync(path.dirname(path.join(cwd, link)), { recursive: true });
    fs.symlinkSync(victim, path.join(cwd, link));
    const r = await planAcme(cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/: a symbolic link where csm keeps a folder of its own/);
    expect(fs.readdirSync(victim)).toEqual(['manifest.json']);
    expect(fs.readFileSync(path.join(victim, 'manifest.json'), 'utf8')).toBe('{"mine":true}\n');
    expect(r.calls).toEqual([]);
  });
});

describe('SECURITY: the stack folder keeps folders (Terraform reads none the stack does not name), never links', () => {
  test('a copy of the plans in a folder of the stack is kept; plans/ committed as a link is refused', async () => {
    const cwd = project();
    fs.mkdirSync(path.join(stackDir(cwd), 'reviewed-copy'), { recursive: true });
    fs.writeFileSync(path.join(stackDir(cwd), 'reviewed-copy', 'x.record.json'), '{}');
    const kept = await planAcme(cwd);
    expect(kept.calls.map((c) => c.args[0])).toEqual(['init']);
    expect(fs.existsSync(path.join(stackDir(cwd), 'reviewed-copy', 'x.record.json'))).toBe(true);

    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-elsewhere-'));
    fs.rmSync(path.join(stackDir(cwd), 'plans'), { recursive: true, force: true });
    fs.symlinkSync(elsewhere, path.join(stackDir(cwd), 'plans'));
    const r = await planAcme(cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/onboard-acme\/plans: a symbolic link where csm keeps a folder of its own/);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });
});
