import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXAMPLE_CATALOGUE } from '../../support/catalogue-fixture';
import { runCli } from '../../support/run-cli';
import { writeStateFromPlan } from '../../support/state-from-plan';
import { SHIPPED_POLICIES } from './artefacts-policies';

/**
 * A project in git whose customer corvid is onboarded (its state built from its real onboarding plan, since AWS
 * cannot be reached to apply it), with reviewed lifecycle plans made by the real `csm plan` and Terraform, for
 * the attacks on `csm apply`. Plans cost seconds each: they are made once per test file and only read after.
 */
export interface PlannedProject {
  repo: string;
  stackDir(stack: string): string;
  /** The corvid customer file in its states: the base, with the allocation, with the termination. */
  corvid(state: 'base' | 'allocation' | 'termination'): void;
  /** The onboarding plan file (a real plan of the same stack, to swap in). */
  onboardPlan: string;
  /** Record of a passing allocation (object storage added; a budget warning in its decisions). */
  allocation: string;
  /** Record of a passing terminate, unprotect step (with an exit plan). */
  unprotect: string;
  git(...args: string[]): string;
}

const read = (f: string) => fs.readFileSync(f, 'utf8');

function edit(text: string, change: (t: string) => string): string {
  const after = change(text);
  if (after === text) throw new Error('fixture edit changed nothing: the example moved');
  return after;
}

async function plan(repo: string, args: string[]): Promise<string> {
  const r = await runCli(['plan', ...args], repo);
  const record = /record: (\S+\.record\.json)/.exec(r.stdout)?.[1];
  if (!record) throw new Error(`csm plan ${args.join(' ')} made no record:\n${r.stdout}\n${r.stderr}`);
  return record;
}

export async function plannedProject(): Promise<PlannedProject> {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-apply-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  fs.cpSync(EXAMPLE_CATALOGUE, path.join(repo, 'catalogue'), { recursive: true });
  fs.cpSync(SHIPPED_POLICIES, path.join(repo, 'policies'), { recursive: true });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'the project');
  const file = path.join(repo, 'catalogue', 'customers', 'corvid.yaml');
  const base = read(file);
  const texts = {
    base,
    // Object storage added, and a budget cap the new cost approaches: the gate passes with a warning (CSM-AGR-007).
    allocation: edit(base, (t) =>
      t.replace('container-hosting: standard }', 'container-hosting: standard, object-storage: standard }').replace('budgetCap: 1200', 'budgetCap: 550') +
        '  - { service: object-storage, option: standard-1tb, quantity: 1, region: eu-west-1 }\n',
    ),
    // Terminated: effective and export confirmed in the past, so the unprotect step passes at the real clock.
    termination: edit(base, (t) => t.replace(/( {4}exit: \{ dataExport: customer-bucket.*\n)/, '$1    recorded: { date: "2026-09-01", effective: "2026-10-01", exportConfirmed: "2026-10-10" }\n')),
  };
  const corvid = (state: keyof typeof texts) => fs.writeFileSync(file, texts[state]);

  const onboard = await runCli(['plan', 'onboard', 'corvid'], repo);
  const onboardJson = /plan: (\S+\.json)/.exec(onboard.stdout)?.[1];
  if (onboard.code !== 0 || !onboardJson) throw new Error(`onboarding plan failed:\n${onboard.stdout}\n${onboard.stderr}`);
  const stackDir = (stack: string) => path.join(repo, 'cdktf.out', 'stacks', stack);
  await writeStateFromPlan(onboardJson, path.join(repo, '.csm', 'state', 'onboard-corvid.tfstate'), stackDir('onboard-corvid'));

  corvid('allocation');
  const allocation = await plan(repo, ['allocate', 'corvid']);
  corvid('termination');
  const unprotect = await plan(repo, ['terminate', 'corvid', '--step', 'unprotect']);
  corvid('base');
  return { repo, stackDir, corvid, onboardPlan: onboardJson.replace(/\.json$/, '.tfplan'), allocation, unprotect, git };
}

/** The files of a reviewed plan (same stamp) copied into another folder of its stack; returns the copy's record. */
export function copyOfPlan(record: string, folder: string): string {
  const from = path.dirname(record);
  const to = path.join(path.dirname(from), folder);
  fs.mkdirSync(to, { recursive: true });
  const stamp = path.basename(record, '.record.json');
  for (const f of fs.readdirSync(from).filter((x) => x.startsWith(`${stamp}.`))) fs.copyFileSync(path.join(from, f), path.join(to, f));
  return path.join(to, path.basename(record));
}

/** Edits a JSON file in place. */
export function editJson(file: string, change: (value: Record<string, any>) => void): void {
  const value = JSON.parse(read(file));
  change(value);
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

/** The newest evidence record of a folder (by time written). */
export function latestEvidence(dir: string): Record<string, any> {
  const files = fs.readdirSync(dir).map((f) => path.join(dir, f));
  const newest = files.reduce((a, b) => (fs.statSync(b).mtimeMs >= fs.statSync(a).mtimeMs ? b : a));
  return JSON.parse(read(newest));
}
