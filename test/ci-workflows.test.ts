import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import * as YAML from 'yaml';
import { validateWorkflow } from '@action-validator/core';
import { runCli } from './support/run-cli';
import { Forge, readWorkflow, type Context } from './support/workflow-runner';
import { keepPolicyReviewCurrent } from './support/catalogue-fixture';
import { fakeTerraform } from './attacks/support/artefacts-fake-terraform';
import { shardOf } from '../src/fleet/shard';
import { pluginCacheDir } from '../src/terraform/plugin-cache';

/**
 * The CI definitions csm ships (ci/github, ci/gitlab): valid against each forge's own schema, hardened as the
 * README promises, copied by `csm init ci`, and their jobs' commands run green on the bundled example in a real
 * git repository (a branch adding a customer is the pull request), with the real csm and the real Terraform.
 */
const ROOT = path.join(__dirname, '..');
const GITHUB = path.join(ROOT, 'ci', 'github');
const GITLAB = path.join(ROOT, 'ci', 'gitlab', 'csm.gitlab-ci.yml');
const workflows = fs.readdirSync(GITHUB).filter((f) => f.endsWith('.yml'));

/** GitLab's own CI schema (https://gitlab.com/.gitlab-ci.yml), as the gitlab-ci-local package ships it unmodified. */
function gitlabSchema(): object {
  const text = fs.readFileSync(require.resolve('gitlab-ci-local/src/schema/schema.js'), 'utf8').replace(/^export const schema =/m, 'schema =');
  const ctx: { schema?: object } = {};
  vm.runInNewContext(text, ctx);
  return ctx.schema!;
}

describe('the workflow files', () => {
  test('every GitHub workflow validates against the official workflow schema (@action-validator/core)', () => {
    expect(workflows.sort()).toEqual(['csm-apply.yml', 'csm-drift.yml', 'csm-pull-request-report.yml', 'csm-pull-request.yml']);
    for (const f of workflows) expect({ f, errors: validateWorkflow(fs.readFileSync(path.join(GITHUB, f), 'utf8')).errors }).toEqual({ f, errors: [] });
    // The validator does fail: a job-level permission GitHub does not know.
    const broken = fs.readFileSync(path.join(GITHUB, 'csm-apply.yml'), 'utf8').replace('id-token: write', 'id-token: sometimes');
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  test('the GitLab pipeline validates against GitLab CI\'s own schema', () => {
    const schema = gitlabSchema() as { $id: string };
    expect(schema.$id).toBe('https://gitlab.com/.gitlab-ci.yml');
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const pipeline = YAML.parse(fs.readFileSync(GITLAB, 'utf8'));
    expect({ ok: validate(pipeline), errors: validate.errors ?? null }).toEqual({ ok: true, errors: null });
    expect(validate({ ...pipeline, 'csm:check': { ...pipeline['csm:check'], artifacts: { reports: { junit: 5 } } } })).toBe(false);
  });

  test('hardened: pull_request only, read-only by default, pinned actions, no expression inside a script, apply on main in a protected environment', () => {
    for (const f of workflows) {
      const text = fs.readFileSync(path.join(GITHUB, f), 'utf8');
      const wf = YAML.parse(text);
      expect({ f, target: Object.keys(wf.on).includes('pull_request_target') }).toEqual({ f, target: false });
      expect({ f, permissions: wf.permissions }).toEqual({ f, permissions: f === 'csm-pull-request-report.yml' ? {} : { contents: 'read' } });
      for (const [id, job] of Object.entries(wf.jobs as Record<string, { steps: Array<{ uses?: string; run?: string }>; permissions?: Record<string, string> }>)) {
        for (const step of job.steps) {
          // Every value from GitHub reaches a shell through env:, never pasted into the script.
          if (step.run) expect({ f, id, expression: step.run.includes('${{') }).toEqual({ f, id, expression: false });
          if (step.uses) expect({ f, uses: step.uses }).toEqual({ f, uses: expect.stringMatching(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/) });
        }
        for (const [scope, level] of Object.entries(job.permissions ?? {})) if (level === 'write') expect(`${f} ${id} ${scope}`).toMatch(/(id-token|security-events|checks|pull-requests|issues)$/);
      }
      for (const uses of text.match(/uses: \S+@[0-9a-f]{40}.*/g) ?? []) expect(uses).toMatch(/ # v\d+\.\d+\.\d+$/);
    }
    const pr = readWorkflow(path.join(GITHUB, 'csm-pull-request.yml')) as unknown as { on: object; jobs: Record<string, { permissions?: object }> };
    expect(pr.on).toEqual({ pull_request: { branches: ['main'] } });
    expect(Object.entries(pr.jobs).filter(([, j]) => j.permissions).map(([id, j]) => [id, j.permissions])).toEqual([['plan', { contents: 'read', 'id-token': 'write' }]]);
    const apply = YAML.parse(fs.readFileSync(path.join(GITHUB, 'csm-apply.yml'), 'utf8'));
    expect(apply.on).toEqual({ push: { branches: ['main'] } });
    expect(apply.jobs.apply).toMatchObject({ environment: 'production', concurrency: { group: 'csm-apply-${{ matrix.stack }}', 'cancel-in-progress': false } });
    const report = YAML.parse(fs.readFileSync(path.join(GITHUB, 'csm-pull-request-report.yml'), 'utf8'));
    // The privileged workflow runs nothing of the pull request: no checkout, no npm, no csm.
    expect(JSON.stringify(report)).not.toMatch(/actions\/checkout|npm |npx /);
  });
});

describe('csm init ci github|gitlab', () => {
  test('copies the workflows into a repository, never over an existing file without --force (exit 2, naming it)', async () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-init-'));
    const first = await runCli(['init', 'ci', 'github'], repo);
    expect(first.code).toBe(0);
    for (const f of workflows) expect(fs.readFileSync(path.join(repo, '.github', 'workflows', f), 'utf8')).toBe(fs.readFileSync(path.join(GITHUB, f), 'utf8'));
    fs.writeFileSync(path.join(repo, '.github', 'workflows', 'csm-apply.yml'), 'mine\n');
    const again = await runCli(['init', 'ci', 'github'], repo);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/\.github\/workflows\/csm-pull-request\.yml, .*csm-apply\.yml, .*already exist; nothing written \(use --force to replace\)/);
    expect(fs.readFileSync(path.join(repo, '.github', 'workflows', 'csm-apply.yml'), 'utf8')).toBe('mine\n');
    expect((await runCli(['init', 'ci', 'github', '--force'], repo)).code).toBe(0);
    expect(fs.readFileSync(path.join(repo, '.github', 'workflows', 'csm-apply.yml'), 'utf8')).toBe(fs.readFileSync(path.join(GITHUB, 'csm-apply.yml'), 'utf8'));
    const gitlab = await runCli(['init', 'ci', 'gitlab', '--dir', repo], ROOT);
    expect(gitlab.code).toBe(0);
    expect(fs.statSync(path.join(repo, '.gitlab', 'csm', 'reviewed-plans.sh')).mode & 0o111).toBeTruthy();
    expect((await runCli(['init', 'ci', 'bitbucket'], repo)).code).toBe(2);
  });
});

describe('the jobs\' commands on the bundled example, in a git repository', () => {
  // The provider's repository: the example catalogue and policies, with corvid as its one customer on main; the
  // pull request adds a customer named so that the two tenancies fall in different shards of two.
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-ci-repo-'));
  const forge = new Forge(path.join(repo, '..', `${path.basename(repo)}-artifacts`), fs.mkdtempSync(path.join(os.tmpdir(), 'csm-ci-bin-')));
  const ghState = path.join(forge.bin, 'state.json');
  const git = (...a: string[]) => execFileSync('git', ['-c', 'user.email=ci@example', '-c', 'user.name=ci', ...a], { cwd: repo, encoding: 'utf8', stdio: 'pipe' }).trim();
  const newcomer = ['dunlin', 'egret', 'finch', 'grebe', 'heron', 'ibis'].find((c) => shardOf(`onboard-${c}`, 2) !== shardOf('onboard-corvid', 2))!;
  const NOW = '2026-11-25T12:00:00Z';
  let base = '';
  let head = '';
  const github = () => ({ repository: 'nimbus/provider', token: 'fake', sha: head, event: { pull_request: { number: 7, base: { sha: base }, head: { repo: { full_name: 'nimbus/provider' } } }, workflow_run: { head_sha: head, id: 42, event: 'pull_request' } } });
  const pr = readWorkflow(path.join(GITHUB, 'csm-pull-request.yml'));

  beforeAll(() => {
    fs.cpSync(path.join(ROOT, 'catalogue'), path.join(repo, 'catalogue'), { recursive: true });
    keepPolicyReviewCurrent(path.join(repo, 'catalogue'));
    fs.cpSync(path.join(ROOT, 'policies'), path.join(repo, 'policies'), { recursive: true });
    for (const c of ['acme', 'bluefin']) fs.rmSync(path.join(repo, 'catalogue', 'customers', `${c}.yaml`));
    fs.rmSync(path.join(repo, 'catalogue', 'waivers.yaml'));
    // The register's entries that name the two customers left out name none (the field is optional).
    const register = path.join(repo, 'catalogue', 'improvements.yaml');
    fs.writeFileSync(register, fs.readFileSync(register, 'utf8').replace(/^ +customer: (acme|bluefin)\n/gm, ''));
    fs.writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ name: 'provider', private: true }));
    fs.mkdirSync(path.join(repo, 'node_modules', '.bin'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'node_modules', '.bin', 'csm'), `#!/bin/sh\nexec node '${path.join(ROOT, 'bin', 'csm.js')}' "$@"\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(repo, '.gitignore'), 'node_modules/\ncdktf.out/\n.csm/\nevidence/\n');
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-qm', 'the provider, corvid its customer');
    base = git('rev-parse', 'HEAD');
    git('checkout', '-qb', `onboard-${newcomer}`);
    const corvid = fs.readFileSync(path.join(repo, 'catalogue', 'customers', 'corvid.yaml'), 'utf8');
    fs.writeFileSync(path.join(repo, 'catalogue', 'customers', `${newcomer}.yaml`), corvid.replace('id: corvid', `id: ${newcomer}`).replace('id: corvid-2026-06', `id: ${newcomer}-2026-06`));
    git('add', '.');
    git('commit', '-qm', `onboard ${newcomer}`);
    head = git('rev-parse', 'HEAD');
    fs.copyFileSync(path.join(__dirname, 'support', 'fake-gh.js'), path.join(forge.bin, 'gh'));
    fs.chmodSync(path.join(forge.bin, 'gh'), 0o755);
    fs.writeFileSync(ghState, JSON.stringify({ comments: [], issues: [], labels: [], calls: [], pulls: [{ number: 7, head }], runs: { [head]: '42' } }));
    Object.assign(forge.env, { FAKE_GH_STATE: ghState, FAKE_GH_ARTIFACTS: forge.artifacts });
  });
  const gh = () => JSON.parse(fs.readFileSync(ghState, 'utf8'));
  const failures = (run: { steps: Array<{ name: string; code: number; stdout: string; stderr: string }> }) => run.steps.filter((s) => s.code !== 0).map((s) => `${s.name}: exit ${s.code}\n${s.stdout}\n${s.stderr}`);

  let merged: { stacks: Array<{ stack: string; shard: string | null; gates: unknown; passed: boolean }>; merged: { shards: unknown[] } };
  test('pull request: the gate (SARIF, JUnit), the scope, a matrix of two shards of plans and one merged review', () => {
    const vars = { CSM_SHARD_THRESHOLD: '1', CSM_MAX_SHARDS: '2' };
    const check = forge.runGitHubJob(pr, 'check', workspace(), { github: github(), vars });
    expect(failures(check)).toEqual([]);
    expect(JSON.parse(fs.readFileSync(path.join(forge.artifacts, 'csm-check', 'csm.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(fs.readFileSync(path.join(forge.artifacts, 'csm-check', 'csm-junit.xml'), 'utf8')).toContain(`onboard-${newcomer}`);

    const scope = forge.runGitHubJob(pr, 'scope', workspace(), { github: github(), vars });
    expect(failures(scope)).toEqual([]);
    // The new customer, and corvid, whose capacity pools the newcomer joins: two stacks above a threshold of one.
    expect(scope.outputs).toMatchObject({ count: '2', shards: '[1,2]' });
    const needs = { scope: { outputs: scope.outputs, result: 'success' } };
    for (const shard of JSON.parse(scope.outputs.shards) as number[]) {
      const plan = forge.runGitHubJob(pr, 'plan', workspace(), { github: github(), vars, needs, matrix: { shard } });
      expect(failures(plan)).toEqual([]);
    }
    const review = forge.runGitHubJob(pr, 'review', workspace(), { github: github(), vars, needs: { ...needs, plan: { outputs: {}, result: 'success' } } });
    expect(failures(review)).toEqual([]);
    const record = fs.readdirSync(path.join(forge.artifacts, 'csm-review', 'review'))[0];
    merged = JSON.parse(fs.readFileSync(path.join(forge.artifacts, 'csm-review', 'review', record), 'utf8'));
    expect(merged.stacks.map((s) => [s.stack, s.shard, s.passed])).toEqual(
      // Each in its own shard: the merge joins two real shards.
      [['onboard-corvid', `${shardOf('onboard-corvid', 2)}/2`, true], [`onboard-${newcomer}`, `${shardOf(`onboard-${newcomer}`, 2)}/2`, true]].sort(),
    );
    expect(merged.merged.shards).toHaveLength(2);
    const comment = fs.readFileSync(path.join(forge.artifacts, 'csm-review', 'csm-plan.md'), 'utf8');
    expect(comment.split('\n')[0]).toBe('<!-- csm:plan-run -->');
    expect(comment).toContain('2 stacks (a fleet of 2 tenancies, 2 shards merged): 2 passed, 0 denied, 0 failed');
    expect(comment).toContain(`# onboard ${newcomer}: onboard-${newcomer}`);
  }, 600_000);

  test('the merged shards decide exactly as one unsharded run of the same change', async () => {
    const dir = workspace();
    // The same evaluation time as the shards (the scope job's clock), so the inputs the policies saw are the same.
    const single = await runCli(['plan', '--changed', '--base', base, '--now', (merged as unknown as { evaluationTime: string }).evaluationTime, '--evidence', 'single-run'], dir);
    expect(single.code).toBe(0);
    const file = single.stdout.match(/evidence: (\S+)/)![1];
    const one = JSON.parse(fs.readFileSync(path.resolve(dir, path.relative(path.resolve(dir), path.resolve(file))), 'utf8'));
    const decisions = (r: { decisions: Array<{ stack: string; gate: string; status: string; inputSha256: string; findings: unknown[] }> }) => r.decisions.map((d) => ({ stack: d.stack, gate: d.gate, status: d.status, inputSha256: d.inputSha256, findings: d.findings }));
    expect(decisions(merged as never)).toEqual(decisions(one));
    // Both stacks took the AWS provider from the runner's one plugin cache (never one in the checkout), as a link.
    const cached = path.join(pluginCacheDir(), 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', 'linux_amd64');
    expect(fs.existsSync(cached)).toBe(true);
    for (const stack of ['onboard-corvid', `onboard-${newcomer}`]) {
      expect(fs.readlinkSync(path.join(dir, 'cdktf.out', 'stacks', stack, '.terraform', 'providers', 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', 'linux_amd64'))).toBe(cached);
    }
    expect(one.stacks.map((s: { gates: unknown }) => s.gates)).toEqual(merged.stacks.map((s) => s.gates));
  }, 300_000);

  test('report: one pull-request comment, updated on the next run, not repeated', () => {
    const report = readWorkflow(path.join(GITHUB, 'csm-pull-request-report.yml'));
    for (let run = 0; run < 2; run++) {
      // The second time, the run's Markdown carries a marker line of its own (text a pull request controls).
      if (run === 1) fs.appendFileSync(path.join(forge.artifacts, 'csm-review', 'csm-plan.md'), '<!-- csm:plan-run -->\n');
      const r = forge.runGitHubJob(report, 'report', fs.mkdtempSync(path.join(os.tmpdir(), 'csm-ci-report-')), { github: github(), vars: {} });
      expect(failures(r)).toEqual([]);
    }
    const { comments } = gh();
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ pr: 7, edits: 1 });
    expect(comments[0].body.split('\n').filter((l: string) => l === '<!-- csm:plan-run -->')).toHaveLength(1);
  });

  test('merge to main: csm apply runs exactly the reviewed plan of each stack (terraform apply is a fake: no AWS)', () => {
    git('checkout', '-q', 'main');
    git('merge', '-q', '--ff-only', `onboard-${newcomer}`);
    const apply = readWorkflow(path.join(GITHUB, 'csm-apply.yml'));
    const reviewed = forge.runGitHubJob(apply, 'reviewed', fs.mkdtempSync(path.join(os.tmpdir(), 'csm-ci-apply-')), { github: github(), vars: {} });
    expect(failures(reviewed)).toEqual([]);
    expect(JSON.parse(reviewed.outputs.stacks).sort()).toEqual(['onboard-corvid', `onboard-${newcomer}`].sort());
    const fake = fakeTerraform();
    forge.env.CSM_TERRAFORM = fake.bin;
    try {
      const runner = workspace();
      const job = forge.runGitHubJob(apply, 'apply', runner, { github: github(), vars: {}, needs: { reviewed: { outputs: reviewed.outputs, result: 'success' } }, matrix: { stack: `onboard-${newcomer}` } });
      expect(failures(job)).toEqual([]);
      // The plan applied is byte for byte the one the pull request planned and the comment pinned.
      const pinned = (merged.stacks.find((s) => s.stack === `onboard-${newcomer}`) as unknown as { planRecord: { file: string } }).planRecord.file;
      const record = JSON.parse(fs.readFileSync(path.join(forge.artifacts, 'csm-review', 'review', pinned), 'utf8'));
      expect(fake.calls().map((c) => c.planSha256)).toEqual([record.plan.sha256]);
      expect(job.steps.find((s) => s.id === 'apply')!.stdout).toContain(`csm apply: applied onboard-${newcomer}`);
    } finally {
      delete forge.env.CSM_TERRAFORM;
    }
  }, 300_000);

  test('drift: every tenancy re-planned; with nothing applied (no AWS) both have drifted, and one issue is opened', () => {
    const drift = readWorkflow(path.join(GITHUB, 'csm-drift.yml'));
    const scope = forge.runGitHubJob(drift, 'scope', workspace(), { github: github(), vars: {} });
    expect(failures(scope)).toEqual([]);
    expect(scope.outputs.shards).toBe('[1]');
    const needs = { scope: { outputs: scope.outputs, result: 'success' } };
    const run = forge.runGitHubJob(drift, 'drift', workspace(), { github: github(), vars: {}, needs, matrix: { shard: 1 } });
    expect(failures(run)).toEqual([]);
    const report = forge.runGitHubJob(drift, 'report', workspace(), { github: github(), vars: {}, needs: { ...needs, drift: { outputs: {}, result: 'failure' } } });
    expect(failures(report)).toEqual([]);
    const { issues, labels } = gh();
    expect(labels).toContain('csm-drift');
    expect(issues).toHaveLength(1);
    expect(issues[0].body).toMatch(/^<!-- csm:drift-run -->\n### csm drift check: 2 stacks \(a fleet of 2 tenancies, 1 shard merged\): 2 passed, 0 denied, 0 failed, 2 drifted/);
    expect(issues[0].body).toMatch(/\| onboard-corvid \| passed \| \*\*39 pending\*\* \|/);
  }, 300_000);

  test('GitLab: the check, plan and review jobs\' scripts on the same merge request', () => {
    git('checkout', '-q', `onboard-${newcomer}`);
    const pipeline = YAML.parse(fs.readFileSync(GITLAB, 'utf8'));
    const dir = workspace();
    fs.mkdirSync(path.join(dir, '.gitlab', 'csm'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'ci', 'gitlab', 'shard.js'), path.join(dir, '.gitlab', 'csm', 'shard.js'));
    const vars = { CI_MERGE_REQUEST_DIFF_BASE_SHA: base, CSM_SHARD_THRESHOLD: '20', CI_PIPELINE_CREATED_AT: NOW, AWS_WEB_IDENTITY_TOKEN_FILE: path.join(dir, '.csm-aws-token'), CSM_AWS_ID_TOKEN: '' };
    const check = forge.runGitLabJob(pipeline, 'csm:check', dir, vars);
    expect(check.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'csm-junit.xml'))).toBe(true);
    // parallel: 4, but two stacks are under the threshold: the first job plans them all, the others step aside.
    for (let node = 1; node <= 4; node++) {
      const plan = forge.runGitLabJob(pipeline, 'csm:plan', dir, { ...vars, CI_NODE_INDEX: String(node), CI_NODE_TOTAL: '4' });
      expect({ node, code: plan.code, err: plan.code ? plan.stderr : '' }).toEqual({ node, code: 0, err: '' });
      if (node > 1) expect(plan.stdout).toContain(`shard ${node} of 4 not needed`);
    }
    const review = forge.runGitLabJob(pipeline, 'csm:review', dir, vars);
    expect(review.code).toBe(0);
    expect(review.stdout).toMatch(/2 stacks \(a fleet of 2 tenancies, 1 shard merged\): 2 passed, 0 denied, 0 failed/);
  }, 300_000);

  /**
   * A runner's fresh checkout of the repository at its current branch. Every job gets the same path, as on
   * GitHub's runners: a local state is named by its path in the plan, so the apply runs where the plan was made
   * (a real deployment keeps its state in S3, see stacks/state-backend.ts).
   */
  const WORK = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'csm-ci-work-')), 'provider');
  function workspace(): string {
    fs.rmSync(WORK, { recursive: true, force: true });
    execFileSync('git', ['clone', '-q', repo, WORK], { stdio: 'pipe' });
    fs.cpSync(path.join(repo, 'node_modules'), path.join(WORK, 'node_modules'), { recursive: true });
    return WORK;
  }
});
