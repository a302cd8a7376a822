import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

/**
 * Runs the jobs of csm's CI definitions the way their runner would, as far as this machine can: every `run:`
 * step (GitHub) or `script:` line (GitLab) is executed by bash, as written, in a real git repository, with the
 * environment the definition gives it. What only the forge can do is simulated and says so: checkout is the
 * repository itself, setup and credential actions do nothing (no AWS here), artefacts are folders copied in and
 * out, and `gh` is a fake (test/support/fake-gh.js) that answers the GitHub API calls the workflows make.
 * The install steps (`npm ci`) are the one `run:` step left out: the repository runs this checkout's csm.
 */
export interface Context {
  github: Record<string, unknown>;
  vars: Record<string, string>;
  matrix?: Record<string, unknown>;
  needs?: Record<string, { outputs: Record<string, string>; result: string }>;
  steps?: Record<string, { outputs: Record<string, string>; outcome: string }>;
}

export interface StepRun {
  id: string;
  name: string;
  kind: 'run' | 'action' | 'skipped';
  code: number;
  stdout: string;
  stderr: string;
}

export interface JobRun {
  ok: boolean;
  outputs: Record<string, string>;
  steps: StepRun[];
}

type Step = { id?: string; name?: string; uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, string>; 'continue-on-error'?: boolean };
type Job = { env?: Record<string, string>; steps: Step[]; outputs?: Record<string, string> };

export const readWorkflow = (file: string) => YAML.parse(fs.readFileSync(file, 'utf8')) as { env?: Record<string, string>; jobs: Record<string, Job> };

/** The value of one expression operand: a quoted literal, or a dotted path into the context. */
function operand(text: string, ctx: Context): unknown {
  const t = text.trim();
  if (/^'.*'$/.test(t)) return t.slice(1, -1);
  return t.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), ctx as unknown);
}

/** `${{ a || 'b' }}` as GitHub evaluates the forms the workflows use in values: paths, literals, `||`. */
export function interpolate(text: string, ctx: Context): string {
  return String(text).replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => {
    for (const part of expr.split('||')) {
      const v = operand(part, ctx);
      if (v !== undefined && v !== null && v !== '') return String(v);
    }
    return '';
  });
}

function copyInto(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true });
}

/** A path with `*` segments, expanded against the folder (as upload-artifact's globs). */
function expand(root: string, pattern: string): string[] {
  const parts = pattern.replace(/\/$/, '').split('/');
  let found = [''];
  for (const part of parts) {
    found = found.flatMap((p) => {
      if (!part.includes('*')) return [path.join(p, part)];
      const dir = path.join(root, p);
      const re = new RegExp(`^${part.replace(/\*/g, '.*')}$`);
      return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => re.test(n)).map((n) => path.join(p, n)) : [];
    });
  }
  return found.filter((p) => fs.existsSync(path.join(root, p)));
}

export class Forge {
  constructor(
    /** Artefacts by name, one folder each. */
    readonly artifacts: string,
    /** Folder put first on PATH (the fake gh). */
    readonly bin: string,
    readonly env: NodeJS.ProcessEnv = {},
  ) {}

  /** One job of a GitHub workflow, in `cwd`. A failed step stops the job, except steps that ask to run anyway. */
  runGitHubJob(workflow: ReturnType<typeof readWorkflow>, jobId: string, cwd: string, ctx: Context): JobRun {
    const job = workflow.jobs[jobId];
    const steps: StepRun[] = [];
    const stepCtx: NonNullable<Context['steps']> = {};
    let failed = false;
    for (const [i, step] of job.steps.entries()) {
      const c: Context = { ...ctx, steps: stepCtx };
      const id = step.id ?? `step${i}`;
      const name = step.name ?? step.uses ?? id;
      const condition = step.if ?? '';
      const runsAfterFailure = /always\(\)|!cancelled\(\)/.test(condition);
      // Conditions on repository variables the test does not set (the AWS roles) are false; after a failure only
      // steps that ask to run anyway do.
      if ((failed && !runsAfterFailure) || /\bvars\./.test(condition) || step.id === 'install') {
        steps.push({ id, name, kind: 'skipped', code: 0, stdout: '', stderr: '' });
        stepCtx[id] = { outputs: {}, outcome: 'skipped' };
        continue;
      }
      const env = this.environment(workflow.env, job.env, step.env, c);
      if (step.uses) {
        const r = this.action(step, cwd, c);
        steps.push({ id, name, kind: 'action', ...r });
        stepCtx[id] = { outputs: {}, outcome: r.code === 0 ? 'success' : 'failure' };
        if (r.code !== 0 && !step['continue-on-error']) failed = true;
        continue;
      }
      const outputFile = path.join(cwd, `.github-output-${id}`);
      fs.writeFileSync(outputFile, '');
      const script = path.join(cwd, `.github-step-${id}.sh`);
      fs.writeFileSync(script, step.run!);
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env: { ...env, GITHUB_OUTPUT: outputFile }, encoding: 'utf8', maxBuffer: 1 << 28 });
      const outputs = Object.fromEntries(
        fs
          .readFileSync(outputFile, 'utf8')
          .split('\n')
          .filter((l) => l.includes('='))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      fs.rmSync(outputFile);
      fs.rmSync(script);
      const code = r.status ?? 1;
      steps.push({ id, name, kind: 'run', code, stdout: r.stdout, stderr: r.stderr });
      stepCtx[id] = { outputs, outcome: code === 0 ? 'success' : 'failure' };
      if (code !== 0 && !step['continue-on-error']) failed = true;
    }
    const outputs = Object.fromEntries(Object.entries(job.outputs ?? {}).map(([k, v]) => [k, interpolate(v, { ...ctx, steps: stepCtx })]));
    return { ok: !failed, outputs, steps };
  }

  /** The environment of a step: the machine's, the fake bin first, then the workflow's, the job's and the step's, evaluated. */
  private environment(...layers: Array<Record<string, string> | undefined | Context>): NodeJS.ProcessEnv {
    const ctx = layers.pop() as Context;
    const env: NodeJS.ProcessEnv = { ...process.env, ...this.env, PATH: `${this.bin}${path.delimiter}${process.env.PATH}` };
    for (const layer of layers as Array<Record<string, string> | undefined>) for (const [k, v] of Object.entries(layer ?? {})) env[k] = interpolate(v, ctx);
    return env;
  }

  private action(step: Step, cwd: string, ctx: Context): { code: number; stdout: string; stderr: string } {
    const action = step.uses!.split('@')[0];
    const w = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]));
    if (action === 'actions/upload-artifact') {
      const dest = path.join(this.artifacts, w.name);
      const found = w.path.split('\n').map((l) => l.trim()).filter(Boolean).flatMap((p) => expand(cwd, p));
      for (const p of found) copyInto(path.join(cwd, p), path.join(dest, p));
      return { code: 0, stdout: `uploaded ${found.length} paths as ${w.name}`, stderr: '' };
    }
    if (action === 'actions/download-artifact') {
      const names = fs.existsSync(this.artifacts) ? fs.readdirSync(this.artifacts) : [];
      const wanted = w.pattern ? names.filter((n) => new RegExp(`^${w.pattern.replace(/\*/g, '.*')}$`).test(n)) : names.filter((n) => n === w.name);
      if (!wanted.length) return { code: 1, stdout: '', stderr: `no artifact ${w.name ?? w.pattern}` };
      for (const n of wanted) {
        const into = w.pattern && w['merge-multiple'] !== 'true' ? path.join(cwd, w.path ?? '.', n) : path.join(cwd, w.path ?? '.');
        fs.mkdirSync(into, { recursive: true });
        fs.cpSync(path.join(this.artifacts, n), into, { recursive: true });
      }
      return { code: 0, stdout: `downloaded ${wanted.join(', ')}`, stderr: '' };
    }
    // checkout (the repository is already there), setup-node and setup-terraform (installed here), the AWS role
    // (no AWS here), code scanning and the test report (GitHub's side): nothing to do, their inputs checked.
    if (action === 'github/codeql-action/upload-sarif' && !fs.existsSync(path.join(cwd, w.sarif_file))) return { code: 1, stdout: '', stderr: `no SARIF at ${w.sarif_file}` };
    if (action === 'dorny/test-reporter' && !fs.existsSync(path.join(cwd, w.path))) return { code: 1, stdout: '', stderr: `no JUnit at ${w.path}` };
    return { code: 0, stdout: `${action}: simulated`, stderr: '' };
  }

  /** One GitLab job: its before_script and script lines run in one bash, as the runner does, with the variables given. */
  runGitLabJob(pipeline: Record<string, { script?: string[]; before_script?: string[]; extends?: string | string[] }>, jobId: string, cwd: string, variables: Record<string, string>): StepRun {
    const job = pipeline[jobId];
    const lines = [...(job.script ?? [])];
    const script = path.join(cwd, '.gitlab-job.sh');
    fs.writeFileSync(script, ['set -eo pipefail', ...lines].join('\n'));
    const r = spawnSync('bash', ['--noprofile', '--norc', script], { cwd, env: { ...process.env, ...this.env, PATH: `${this.bin}${path.delimiter}${process.env.PATH}`, ...variables }, encoding: 'utf8', maxBuffer: 1 << 28 });
    fs.rmSync(script);
    return { id: jobId, name: jobId, kind: 'run', code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
  }
}
