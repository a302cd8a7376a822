import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../support/run-cli';
import { fakeTerraform, withTerraform } from './support/artefacts-fake-terraform';
import { copyOfPlan, editJson, latestEvidence, plannedProject, type PlannedProject } from './support/artefacts-project';
import { csmProcess, until } from './support/artefacts-cli-process';
import { sha256 } from './support/artefacts-policies';

/**
 * Attacks on "apply runs exactly the reviewed bytes" (issue 11, class 3) and on the state a plan is made against
 * (class 7). The plans are real (`csm plan` with the real Terraform and provider); only `terraform apply` is a
 * fake, because it needs AWS: it records the arguments and the sha256 of the plan file it was handed, and passes
 * init and show to the real Terraform. Each attack tampers with what an apply runner would be given (the files
 * of a reviewed plan, its record, the command line) and checks that Terraform runs the reviewed bytes or nothing.
 */
let p: PlannedProject;
const fake = fakeTerraform();
const evidence = () => path.join(p.repo, 'evidence');

beforeAll(async () => {
  p = await plannedProject();
}, 600_000);

async function apply(record: string, extra: string[] = []) {
  fake.reset();
  const r = await withTerraform(fake, () => runCli(['apply', record, '--evidence', evidence(), ...extra], p.repo));
  return { ...r, calls: fake.calls() };
}

const recordOf = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const sibling = (record: string, suffix: string) => record.replace(/\.record\.json$/, suffix);

function refused(r: { code: number; stdout: string; calls: unknown[] }, reason: RegExp) {
  expect(r.stdout).toMatch(/csm apply: REFUSED/);
  expect(r.stdout).toMatch(reason);
  expect(r.calls).toEqual([]);
  expect(r.code).toBe(1);
}

describe('README: "csm apply ... runs terraform apply on exactly that plan"', () => {
  test('a record applied from a copy folder hands Terraform the bytes it hashed, not plans/<same name>.tfplan swapped meanwhile', async () => {
    p.corvid('allocation');
    const reviewed = recordOf(p.allocation);
    const copy = copyOfPlan(p.allocation, 'copy-folder');
    const original = sibling(p.allocation, '.tfplan');
    const kept = fs.readFileSync(original);
    fs.copyFileSync(p.onboardPlan, original);
    try {
      const r = await apply(copy);
      expect(r.calls.map((c) => c.planSha256)).toEqual([reviewed.plan.sha256]);
      expect(r.calls[0].planSha256).not.toBe(sha256(fs.readFileSync(original)));
      expect(r.code).toBe(0);
    } finally {
      fs.writeFileSync(original, kept);
    }
  });

  test('a .tfplan swapped together with its hash in record.json is refused: the plan file is bound to the stack and the reviewed JSON', async () => {
    p.corvid('allocation');
    const copy = copyOfPlan(p.allocation, 'swapped-plan');
    fs.copyFileSync(p.onboardPlan, sibling(copy, '.tfplan'));
    editJson(copy, (r) => (r.plan.sha256 = sha256(fs.readFileSync(p.onboardPlan))));
    refused(await apply(copy), /the plan file was not made from the stack synthesized now|is not the reviewed plan JSON/);
  });

  test('a record that names a plan file outside its own folder is refused (exit 2)', async () => {
    p.corvid('allocation');
    const copy = copyOfPlan(p.allocation, 'outside');
    editJson(copy, (r) => (r.plan.file = `../plans/${r.plan.file}`));
    const r = await apply(copy);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/names files outside its own folder/);
    expect(r.calls).toEqual([]);
  });

  test('a plan made in another project, against another state, is refused: it would write its state elsewhere', async () => {
    p.corvid('allocation');
    // Another checkout of the same project, without the tenancy's state: its plan creates the whole tenancy anew.
    const other = fs.mkdtempSync(path.join(path.dirname(p.repo), 'csm-attack-other-'));
    fs.cpSync(path.join(p.repo, 'catalogue'), path.join(other, 'catalogue'), { recursive: true });
    fs.cpSync(path.join(p.repo, 'policies'), path.join(other, 'policies'), { recursive: true });
    const made = await runCli(['plan', 'allocate', 'corvid'], other);
    const foreign = /record: (\S+\.record\.json)/.exec(made.stdout)![1];
    const into = path.join(p.stackDir('onboard-corvid'), 'from-elsewhere');
    fs.mkdirSync(into, { recursive: true });
    const stamp = path.basename(foreign, '.record.json');
    for (const f of fs.readdirSync(path.dirname(foreign)).filter((x) => x.startsWith(`${stamp}.`))) fs.copyFileSync(path.join(path.dirname(foreign), f), path.join(into, f));
    refused(await apply(path.join(into, path.basename(foreign))), /writes its state elsewhere/);
  }, 120_000);

  test('apply --now is refused: a date-bound rule (protections lifted only after the effective date) cannot be moved', async () => {
    p.corvid('termination');
    const r = await apply(p.unprotect, ['--now', '2026-10-15T12:00:00Z']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--now is refused at apply/);
    expect(r.calls).toEqual([]);
  });

  test('a reviewed plan whose base commit was edited to one outside the history being applied is refused', async () => {
    p.corvid('allocation');
    const head = p.git('rev-parse', 'HEAD').trim();
    p.git('checkout', '-q', '-b', 'elsewhere');
    p.git('commit', '-q', '--allow-empty', '-m', 'a commit the reviewed change never saw');
    const side = p.git('rev-parse', 'HEAD').trim();
    p.git('checkout', '-q', head);
    const copy = copyOfPlan(p.allocation, 'other-base');
    editJson(copy, (r) => (r.base.commit = side));
    refused(await apply(copy), /not in the history of the revision being applied/);
  });
});

describe('README: "It refuses (exit 1, with the reason) when ... the plan file or its JSON changed, ... or the decisions ... differ"', () => {
  test('an edited summary.md is refused (the record pins every review document)', async () => {
    p.corvid('allocation');
    const copy = copyOfPlan(p.allocation, 'edited-summary');
    fs.appendFileSync(sibling(copy, '.summary.md'), '\nNothing to see here.\n');
    refused(await apply(copy), /the review document \S+\.summary\.md changed since it was reviewed/);
  });

  test('an edited summary.md with its hash updated in the record is refused: it is not what the plan gives', async () => {
    p.corvid('allocation');
    const copy = copyOfPlan(p.allocation, 'rewritten-summary');
    const md = sibling(copy, '.summary.md');
    fs.writeFileSync(md, fs.readFileSync(md, 'utf8').replace('## Data-bearing resources affected', '## Data-bearing resources affected\n\nnone, really'));
    editJson(copy, (r) => (r.artefacts = { ...r.artefacts, [path.basename(md)]: sha256(fs.readFileSync(md)) }));
    refused(await apply(copy), /the review document \S+\.summary\.md is not what the plan and the catalogue give/);
  });

  test('decisions.json edited to hide a warning, its hash updated in the record, is refused', async () => {
    p.corvid('allocation');
    const copy = copyOfPlan(p.allocation, 'hidden-warning');
    const decisions = sibling(copy, '.decisions.json');
    const before = JSON.parse(fs.readFileSync(decisions, 'utf8'));
    expect(before.flatMap((d: { warn: Array<{ id: string }> }) => d.warn.map((w) => w.id))).toContain('CSM-AGR-007');
    fs.writeFileSync(decisions, JSON.stringify(before.map((d: object) => ({ ...d, warn: [], status: 'passed' })), null, 2) + '\n');
    editJson(copy, (r) => (r.artefacts = { ...r.artefacts, [path.basename(decisions)]: sha256(fs.readFileSync(decisions)) }));
    refused(await apply(copy), /the policy decisions changed since the plan/);
  });

  test('an edited exit plan of a terminate is refused', async () => {
    p.corvid('termination');
    const copy = copyOfPlan(p.unprotect, 'edited-exit-plan');
    fs.writeFileSync(sibling(copy, '.exit-plan.md'), fs.readFileSync(sibling(copy, '.exit-plan.md'), 'utf8').replace(/retention \d+ days/, 'retention 0 days'));
    refused(await apply(copy), /the review document \S+\.exit-plan\.md changed since it was reviewed/);
  });
});

describe('README: "every outcome is a new record in evidence/"', () => {
  test('an apply whose evidence folder cannot be written runs nothing (exit 2)', async () => {
    p.corvid('allocation');
    fake.reset();
    const r = await withTerraform(fake, () => runCli(['apply', p.allocation, '--evidence', '/sys/csm-evidence'], p.repo));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--evidence \/sys\/csm-evidence: cannot write/);
    expect(fake.calls()).toEqual([]);
  });

  test('a plan JSON that is not JSON (hash updated to match) leaves a refused record, not a crash without one', async () => {
    p.corvid('allocation');
    const copy = copyOfPlan(p.allocation, 'garbage-json');
    fs.writeFileSync(sibling(copy, '.json'), 'not json');
    editJson(copy, (r) => (r.plan.jsonSha256 = sha256('not json')));
    refused(await apply(copy), /is not the reviewed plan JSON/);
    expect(latestEvidence(evidence())).toMatchObject({ outcome: 'refused', planRecord: { file: expect.stringContaining('garbage-json') } });
  });

  test('SIGTERM during terraform apply is forwarded once, csm waits, and the evidence says the apply was interrupted', async () => {
    p.corvid('allocation');
    const hanging = fakeTerraform({ mode: 'hang' });
    const run = csmProcess(['apply', p.allocation, '--evidence', evidence()], p.repo, { CSM_TERRAFORM: hanging.bin });
    await until(() => hanging.events().includes('started'), 90_000, 'terraform apply to start');
    run.child.kill('SIGTERM');
    const result = await run.done;
    expect(hanging.events()).toEqual(['started', 'got TERM', 'exiting']);
    expect(result.code).toBe(1);
    expect(latestEvidence(evidence())).toMatchObject({ outcome: 'interrupted', completedAt: expect.any(String), terraform: { exitCode: 143 } });
    expect(fs.existsSync(path.join(p.repo, '.csm', 'locks', 'onboard-corvid.lock'))).toBe(false);
  }, 120_000);
});

describe('README: one plan or apply per stack at a time', () => {
  test('a second apply on a tenancy while one runs is refused with who holds it, and runs nothing', async () => {
    p.corvid('allocation');
    const hanging = fakeTerraform({ mode: 'hang' });
    const first = csmProcess(['apply', p.allocation, '--evidence', evidence()], p.repo, { CSM_TERRAFORM: hanging.bin });
    try {
      await until(() => hanging.events().includes('started'), 90_000, 'the first apply to start');
      const second = await apply(p.allocation);
      expect(second.code).toBe(2);
      expect(second.stdout).toMatch(/onboard-corvid is locked by `csm apply \S+` \(pid \d+/);
      expect(second.calls).toEqual([]);
    } finally {
      first.child.kill('SIGTERM');
      await first.done;
    }
  }, 120_000);
});

describe('README: "planned with the real Terraform against the tenancy\'s existing state (.csm/state/onboard-<customer>.tfstate)"', () => {
  test('plan --out elsewhere still plans against the project\'s state: the allocation adds the bucket, not the tenancy anew', async () => {
    p.corvid('allocation');
    const elsewhere = fs.mkdtempSync(path.join(path.dirname(p.repo), 'csm-attack-out-'));
    const r = await runCli(['plan', 'allocate', 'corvid', '--out', elsewhere], p.repo);
    const record = /record: (\S+\.record\.json)/.exec(r.stdout)![1];
    const summary = JSON.parse(fs.readFileSync(sibling(record, '.summary.json'), 'utf8'));
    const inProject = JSON.parse(fs.readFileSync(sibling(p.allocation, '.summary.json'), 'utf8'));
    expect(summary.counts).toEqual(inProject.counts);
    expect(summary.counts).toMatchObject({ replace: 0, destroy: 0 });
    expect(fs.existsSync(path.join(path.dirname(elsewhere), '.csm', 'state', 'onboard-corvid.tfstate'))).toBe(false);
  }, 120_000);
});
