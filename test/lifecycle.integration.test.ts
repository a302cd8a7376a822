import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { runCli } from './support/run-cli';
import { settleState, writeStateFromPlan } from './support/state-from-plan';
import { fakeTerraform, withTerraform } from './attacks/support/artefacts-fake-terraform';

/**
 * The lifecycle operations end to end with the real Terraform (1.11, hashicorp/aws 5.100.0 from the mirror):
 * a project in git whose customer corvid was onboarded (its state built from its onboarding plan, since AWS
 * cannot be reached to apply it), then one pull-request-sized change per operation, planned against that
 * state and gated. Each operation has an example whose plan shows the expected actions and a dangerous
 * variant the gate denies. Plans cost seconds each: one per case, shared where a case only reads.
 */
const POLICIES = path.join(__dirname, '..', 'policies');
const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-lifecycle-'));
const git = (...a: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...a], { cwd: repo, stdio: 'pipe' });
const corvid = path.join(repo, 'catalogue/customers/corvid.yaml');
const stackDir = (name: string) => path.join(repo, 'cdktf.out/stacks', name);

function edit(file: string, change: (text: string) => string): void {
  const before = fs.readFileSync(file, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`edit of ${file} changed nothing: the example moved`);
  fs.writeFileSync(file, after);
}

/** `csm plan <operation> <target>` on the working tree, reviewed against HEAD; the change is undone after. */
async function planChange(operation: string, target: string, change: () => void, now = '2026-11-25T12:00:00Z', extra: string[] = []) {
  change();
  try {
    const r = await runCli(['plan', operation, target, '--policies', POLICIES, '--now', now, ...extra], repo);
    const records = r.stdout.split('\n').filter((l) => l.includes('record: ')).map((l) => l.split('record: ')[1]);
    const read = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8'));
    return { ...r, records, record: records[0] && read(records[0]), summary: records[0] && read(records[0].replace('.record.json', '.summary.json')), decisions: records[0] && read(records[0].replace('.record.json', '.decisions.json')) };
  } finally {
    git('checkout', '-q', '--', 'catalogue');
  }
}

type Decision = { gate: string; status: string; deny: Array<{ id: string; clauses: string[]; resource: string | null }>; warn: Array<{ id: string; resource: string | null }> };
/** Resources the tenancy has in its state: what a terminate destroys and a handover hands over. */
const existing = (file = path.join(repo, '.csm/state/onboard-corvid.tfstate')) => JSON.parse(fs.readFileSync(file, 'utf8')).resources.length as number;
const denied = (decisions: Decision[], id: string) => decisions.map((d) => ({ gate: d.gate, found: d.deny.filter((f) => f.id === id).length > 0 }));

beforeAll(async () => {
  fs.cpSync(path.join(__dirname, '..', 'catalogue'), path.join(repo, 'catalogue'), { recursive: true });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'example catalogue');
  // The base every change is reviewed against: corvid runs two units of container hosting; bluefin left it.
  edit(corvid, (t) => t.replace('{ service: container-hosting, option: starter, quantity: 1', '{ service: container-hosting, option: starter, quantity: 2'));
  edit(path.join(repo, 'catalogue/customers/bluefin.yaml'), (t) => t.replace(/^ {2}- \{ service: container-hosting.*\n/m, '').replace(', container-hosting: premium', ''));
  git('commit', '-qam', 'corvid doubles its container hosting; bluefin leaves it');
  const onboard = await runCli(['plan', 'onboard', 'corvid', '--policies', POLICIES], repo);
  if (onboard.code !== 0) throw new Error(onboard.stdout + onboard.stderr);
  const planJson = onboard.stdout.match(/plan: (\S+\.json)/)![1];
  await writeStateFromPlan(planJson, path.join(repo, '.csm/state/onboard-corvid.tfstate'), stackDir('onboard-corvid'));
}, 300_000);

describe('allocate and release (S11)', () => {
  let allocation: Awaited<ReturnType<typeof planChange>>;
  beforeAll(async () => {
    allocation = await planChange('allocate', 'corvid', () =>
      edit(corvid, (t) => t.replace('container-hosting: standard }', 'container-hosting: standard, object-storage: standard }') + '  - { service: object-storage, option: standard-1tb, quantity: 1, region: eu-west-1 }\n'),
    );
  }, 120_000);

  test('an allocation plans the new bucket against the existing tenancy, with the cost profile before and after', () => {
    expect(allocation.code).toBe(0);
    expect(allocation.summary.counts).toMatchObject({ replace: 0, destroy: 0 });
    // One bucket with its eight companions (versioning, encryption, public access block, ...), all new.
    const s3 = Object.entries(allocation.summary.byType as Record<string, Record<string, number>>).filter(([type]) => type.startsWith('aws_s3_bucket'));
    expect(s3.map(([type, actions]) => [type, actions])).toHaveLength(8);
    for (const [, actions] of s3) expect(actions).toEqual({ create: 1 });
    expect(allocation.summary.dataBearing).toEqual([]);
    expect(allocation.summary.cost.before.monthly_cost).toBe(630);
    expect(allocation.summary.cost.after.monthly_cost).toBe(660);
    expect(allocation.summary.cost.delta).toBe(30);
    expect(allocation.record).toMatchObject({ operation: 'allocate', stack: 'onboard-corvid', gate: { synth: 'passed', plan: 'passed', passed: true } });
    const md = fs.readFileSync(allocation.records[0].replace('.record.json', '.summary.md'), 'utf8');
    expect(md).toContain('| object-storage | 0 | 1 | 0.00 EUR | 30.00 EUR |');
    expect(md).toContain('| **total** | | | 630.00 EUR | 660.00 EUR |');
  });

  test('an allocation beyond the per-customer quota is denied on the ledger, before anything is built or planned (CSM-CAP-001, 6.5 4.4)', async () => {
    const r = await planChange('allocate', 'corvid', () => edit(corvid, (t) => t.replace('option: starter, quantity: 2', 'option: starter, quantity: 40')));
    expect(r.code).toBe(1);
    expect(r.records).toEqual([]); // no plan, so nothing to apply
    expect(r.stdout).toContain('note: decided on the ledger before building anything (160 units of container-hosting against a per-customer quota of 128)');
    const decisions: Decision[] = JSON.parse(fs.readFileSync(r.stdout.split('decisions: ')[1].split('\n')[0], 'utf8'));
    expect(denied(decisions, 'CSM-CAP-001')).toEqual([{ gate: 'synth', found: true }]);
    expect(decisions[0].deny.find((f: { id: string }) => f.id === 'CSM-CAP-001')!.clauses).toEqual(['6.5', '4.4']);
    expect(r.stdout).toMatch(/DENY CSM-CAP-001 \[synth\] customer corvid subscribes 160 vCPU of container-hosting, above the per-customer quota of 128/);
  }, 120_000);

  test('a release lowers the cost profile and removes or replaces nothing', async () => {
    const r = await planChange('release', 'corvid', () => edit(corvid, (t) => t.replace('option: starter, quantity: 2', 'option: starter, quantity: 1')));
    expect(r.code).toBe(0);
    expect(r.summary.counts).toMatchObject({ add: 0, replace: 0, destroy: 0, forget: 0 });
    expect(r.summary.dataBearing).toEqual([]);
    expect([r.summary.cost.before.monthly_cost, r.summary.cost.after.monthly_cost, r.summary.cost.delta]).toEqual([630, 480, -150]);
  }, 120_000);

  test('a release that destroys the database outside a termination is denied (CSM-LCM-001, 9.2 6.3 6.6)', async () => {
    const r = await planChange('release', 'corvid', () => edit(corvid, (t) => t.replace(/^ {2}- \{ service: managed-postgres.*\n/m, '')));
    expect(r.code).toBe(1);
    expect(r.summary.byType.aws_db_instance).toEqual({ delete: 1 });
    expect(denied(r.decisions, 'CSM-LCM-001')).toEqual([{ gate: 'synth', found: true }, { gate: 'plan', found: true }]);
    const f = r.decisions[1].deny.find((x: { id: string; resource: string }) => x.id === 'CSM-LCM-001' && x.resource.startsWith('aws_db_instance.'));
    expect(f.clauses).toEqual(['9.2', '6.3', '6.6']);
    expect(r.summary.dataBearing).toContainEqual(expect.objectContaining({ address: f.resource, action: 'delete' }));
  }, 120_000);

  describe('csm apply', () => {
    const fake = fakeTerraform();
    const evidence = path.join(repo, 'evidence');
    /**
     * The real `terraform apply` needs AWS, which cannot be reached here: CSM_TERRAFORM substitutes a fake that
     * records how apply was called and the sha256 of the plan file it was handed, and passes init and show to
     * the real Terraform (every plan above ran the real Terraform too).
     */
    async function apply(record: string, extra: string[] = []) {
      fake.reset();
      const r = await withTerraform(fake, () => runCli(['apply', record, '--evidence', evidence, '--policies', POLICIES, ...extra], repo));
      return { ...r, calls: fake.calls() };
    }
    // The newest record by time written: names order by second, then by content hash, so two records written in
    // the same second do not sort by age.
    const lastEvidence = () => {
      const files = fs.readdirSync(evidence).map((f) => path.join(evidence, f));
      const newest = files.reduce((a, b) => (fs.statSync(b).mtimeMs > fs.statSync(a).mtimeMs ? b : a));
      return JSON.parse(fs.readFileSync(newest, 'utf8'));
    };
    /** A copy of the reviewed plan's files in another folder of the stack, to tamper with. */
    function copyOfPlan(name: string): string {
      const from = path.dirname(allocation.records[0]);
      const to = path.join(stackDir('onboard-corvid'), name);
      fs.mkdirSync(to, { recursive: true });
      const stamp = path.basename(allocation.records[0], '.record.json');
      for (const f of fs.readdirSync(from).filter((x) => x.startsWith(stamp))) fs.copyFileSync(path.join(from, f), path.join(to, f));
      return path.join(to, path.basename(allocation.records[0]));
    }
    const withAllocation = () =>
      edit(corvid, (t) => t.replace('container-hosting: standard }', 'container-hosting: standard, object-storage: standard }') + '  - { service: object-storage, option: standard-1tb, quantity: 1, region: eu-west-1 }\n');

    test('applies exactly the reviewed plan file, and records the outcome in the evidence log', async () => {
      withAllocation();
      try {
        const r = await apply(allocation.records[0].replace('.record.json', '.tfplan'));
        expect(r.stdout).toContain('csm apply: applied onboard-corvid');
        expect(r.code).toBe(0);
        // Terraform was handed a private copy of the plan whose bytes are the reviewed ones.
        expect(r.calls).toHaveLength(1);
        expect(r.calls[0].args.slice(0, 4)).toEqual(['apply', '-input=false', '-no-color', '-lock-timeout=60s']);
        expect(r.calls[0].args[4]).not.toContain(stackDir('onboard-corvid'));
        expect(r.calls[0].planSha256).toBe(allocation.record.plan.sha256);
        expect(lastEvidence()).toMatchObject({ outcome: 'applied', stack: 'onboard-corvid', terraform: { plan: { sha256: allocation.record.plan.sha256 }, exitCode: 0 } });
      } finally {
        git('checkout', '-q', '--', 'catalogue');
      }
    });

    test('refuses a plan file that changed since review', async () => {
      withAllocation();
      try {
        const record = copyOfPlan('tampered-plan');
        fs.appendFileSync(record.replace('.record.json', '.tfplan'), 'x');
        const r = await apply(record);
        expect(r.code).toBe(1);
        expect(r.stdout + r.stderr).toMatch(/REFUSED onboard-corvid[\s\S]*the plan file .* changed since it was reviewed/);
        expect(r.calls).toEqual([]);
        expect(lastEvidence()).toMatchObject({ outcome: 'refused', reasons: [expect.stringContaining('changed since it was reviewed')] });
      } finally {
        git('checkout', '-q', '--', 'catalogue');
      }
    });

    test('refuses when the stack re-synthesized from the catalogue differs from the one planned', async () => {
      // The allocation is no longer in the catalogue: the stack it was planned for is not what the catalogue says now.
      const r = await apply(allocation.records[0]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("the stack's sources changed since the plan");
      expect(r.calls).toEqual([]);
    });

    test('refuses when the policy decisions re-evaluated now differ from the reviewed ones', async () => {
      withAllocation();
      const stricter = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-policies-'));
      fs.cpSync(POLICIES, stricter, { recursive: true });
      fs.writeFileSync(
        path.join(stricter, 'freeze.rego'),
        'package csm.operations\n\nimport rego.v1\n\n' +
          'deny contains {"id": "TST-FRZ-001", "severity": "high", "message": "change freeze", "resource": null, "construct_path": null, "clauses": ["9.2"], "scenario": input.scenario, "remediation": "wait", "source": null} if input.operation == "allocate"\n',
      );
      try {
        const r = await apply(allocation.records[0], ['--policies', stricter]);
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(/the policy decisions changed since the plan \(now synth: failed \(TST-FRZ-001\); plan: failed \(TST-FRZ-001\)\)/);
        expect(r.calls).toEqual([]);
      } finally {
        git('checkout', '-q', '--', 'catalogue');
      }
    });

    test('refuses a plan whose gate did not pass', async () => {
      withAllocation();
      try {
        const record = copyOfPlan('denied-plan');
        const json = JSON.parse(fs.readFileSync(record, 'utf8'));
        fs.writeFileSync(record, JSON.stringify({ ...json, gate: { synth: 'passed', plan: 'failed', passed: false } }));
        const r = await apply(record);
        expect(r.code).toBe(1);
        expect(r.stdout).toContain('the gate did not pass when the plan was made (synth: passed, plan: failed)');
        expect(r.calls).toEqual([]);
      } finally {
        git('checkout', '-q', '--', 'catalogue');
      }
    });

    test('a file that is not a plan record is bad input (exit 2)', async () => {
      const r = await apply(path.join(repo, 'catalogue/provider.yaml'));
      expect(r.code).toBe(2);
      expect(r.stdout).toContain('not a JSON plan record');
      expect(lastEvidence()).toMatchObject({ outcome: 'refused', reasons: [expect.stringContaining('not a JSON plan record')] });
    });
  });
});

const recordTermination = (extra = '') => edit(corvid, (t) => t.replace(/( {4}exit: \{ dataExport: customer-bucket.*\n)/, `$1    recorded: { date: "2026-09-01", effective: "2026-10-01"${extra} }\n`));

describe('terminate (S13)', () => {
  test('without the export confirmed and before the retention ends, the destroy is denied (CSM-OPS-002)', async () => {
    const r = await planChange('terminate', 'corvid', () => recordTermination(), '2026-10-15T12:00:00Z');
    expect(r.code).toBe(1);
    expect(r.record).toMatchObject({ stack: 'terminate-corvid', destroy: true, gate: { passed: false } });
    expect(r.summary.counts.destroy).toBe(existing());
    expect(denied(r.decisions, 'CSM-OPS-002')).toEqual([{ gate: 'synth', found: true }, { gate: 'plan', found: true }]);
    const db = r.decisions[1].deny.find((f: { id: string; resource: string }) => f.id === 'CSM-OPS-002' && f.resource.startsWith('aws_db_instance.'));
    expect(db.clauses).toEqual(['6.6', '7.1', '9.2', '6.3']);
    expect(db.message).toContain('before retention ends (2026-10-31T00:00:00Z)');
  }, 120_000);

  const confirmed = () => recordTermination(', exportConfirmed: "2026-10-10"');

  test('unprotecting the stores before the export is confirmed is denied at both gates (CSM-OPS-015)', async () => {
    const r = await planChange('terminate', 'corvid', () => recordTermination(), '2026-10-15T12:00:00Z', ['--step', 'unprotect']);
    expect(r.code).toBe(1);
    expect(r.record).toMatchObject({ stack: 'terminate-corvid-unprotect', step: 'unprotect', destroy: false, gate: { passed: false } });
    expect(denied(r.decisions, 'CSM-OPS-015')).toEqual([{ gate: 'synth', found: true }, { gate: 'plan', found: true }]);
    const db = r.decisions[1].deny.find((f: { id: string; resource: string }) => f.id === 'CSM-OPS-015' && f.resource.startsWith('aws_db_instance.'));
    expect(db.clauses).toEqual(['6.6', '7.1', '9.2', '6.3']);
    expect(db.message).toContain('would have deletion_protection = false before the customer confirmed its export');
    // The protection rules of an ordinary change leave a terminate's to CSM-OPS-015: one finding per store.
    expect(r.decisions.flatMap((d: Decision) => d.deny.map((f) => f.id)).filter((id: string) => id !== 'CSM-OPS-015')).toEqual([]);
  }, 120_000);

  test('a destroy that would meet a deletion protection still in the state is denied at the plan gate (CSM-OPS-016)', async () => {
    const r = await planChange('terminate', 'corvid', confirmed, '2026-10-15T12:00:00Z');
    expect(r.code).toBe(1);
    expect(r.decisions.map((d: Decision) => d.status)).toEqual(['passed', 'failed']);
    const [f] = r.decisions[1].deny;
    expect(r.decisions[1].deny).toHaveLength(1);
    expect(f.id).toBe('CSM-OPS-016');
    expect(f.clauses).toEqual(['9.2', '6.3']);
    expect(f.message).toMatch(/^aws_db_instance\.\S+ has deletion_protection = true in its state: AWS would refuse to delete it$/);
    expect(f.remediation).toContain('csm plan terminate <customer> --step unprotect');
    // Buckets and the registry are deleted only if empty: a warning each.
    expect(r.decisions[1].warn.filter((w: { id: string }) => w.id === 'CSM-OPS-017').map((w: { resource: string }) => w.resource.split('.')[0]).sort()).toEqual(['aws_ecr_repository', 'aws_s3_bucket']);
  }, 120_000);

  test('a terminate planned without the tenancy\'s state would create it, and is denied (CSM-OPS-018)', async () => {
    const stateFile = path.join(repo, '.csm/state/onboard-corvid.tfstate');
    fs.renameSync(stateFile, `${stateFile}.away`);
    try {
      const r = await planChange('terminate', 'corvid', confirmed, '2026-10-15T12:00:00Z', ['--step', 'unprotect']);
      expect(r.code).toBe(1);
      expect(r.summary.counts.add).toBe(existing(`${stateFile}.away`));
      expect(denied(r.decisions, 'CSM-OPS-018')).toEqual([{ gate: 'synth', found: false }, { gate: 'plan', found: true }]);
    } finally {
      fs.renameSync(`${stateFile}.away`, stateFile);
    }
  }, 120_000);

  describe('once the customer confirmed its export: unprotect, apply, then destroy', () => {
    const stateFile = path.join(repo, '.csm/state/onboard-corvid.tfstate');
    let onboarded: string;
    let unprotect: Awaited<ReturnType<typeof planChange>>;
    beforeAll(async () => {
      onboarded = fs.readFileSync(stateFile, 'utf8');
      unprotect = await planChange('terminate', 'corvid', confirmed, '2026-10-15T12:00:00Z', ['--step', 'unprotect']);
    }, 120_000);
    afterAll(() => fs.writeFileSync(stateFile, onboarded));

    test('the unprotect step is an in-place update of the protection switches and nothing else', () => {
      expect(unprotect.code).toBe(0);
      expect(unprotect.record).toMatchObject({ stack: 'terminate-corvid-unprotect', step: 'unprotect', destroy: false, gate: { passed: true } });
      expect(unprotect.summary.counts).toMatchObject({ add: 0, replace: 0, destroy: 0, forget: 0 });
      const plan = JSON.parse(fs.readFileSync(unprotect.records[0].replace('.record.json', '.json'), 'utf8'));
      const changed = plan.resource_changes.filter((c: { change: { actions: string[] } }) => c.change.actions.join() !== 'no-op');
      const turned = changed.flatMap((c: { type: string; change: { before: Record<string, unknown>; after: Record<string, unknown> } }) =>
        Object.keys(c.change.after).filter((k) => JSON.stringify(c.change.after[k]) !== JSON.stringify(c.change.before[k])).map((k) => `${c.type}.${k}=${String(c.change.after[k])}`),
      );
      expect([...new Set(turned)].sort()).toEqual(['aws_db_instance.deletion_protection=false', 'aws_ecr_repository.force_delete=true', 'aws_s3_bucket.force_destroy=true']);
      expect(unprotect.summary.counts.change).toBe(changed.length);
    });

    test('applied, the destroy passes: the whole tenancy, each database leaving a final snapshot', async () => {
      // AWS cannot be reached to apply the unprotect plan: Terraform's own plan of it is written into the state.
      await settleState(stackDir('terminate-corvid-unprotect'), stateFile, 1);
      const r = await planChange('terminate', 'corvid', confirmed, '2026-10-15T12:00:00Z');
      expect(r.stdout).toContain('terminate-corvid: gate passed');
      expect(r.code).toBe(0);
      expect(r.record).toMatchObject({ stack: 'terminate-corvid', step: 'destroy', destroy: true });
      expect(r.summary.counts).toMatchObject({ add: 0, destroy: existing() });
      expect(r.decisions.flatMap((d: Decision) => d.warn.map((w) => w.id))).not.toContain('CSM-OPS-017');
      const plan = JSON.parse(fs.readFileSync(r.records[0].replace('.record.json', '.json'), 'utf8'));
      const db = plan.resource_changes.find((c: { type: string }) => c.type === 'aws_db_instance');
      expect(db.change.actions).toEqual(['delete']);
      expect(db.change.before).toMatchObject({ deletion_protection: false, skip_final_snapshot: false, final_snapshot_identifier: 'csm-corvid-managed-postgres-1-final' });
      const exit = JSON.parse(fs.readFileSync(r.records[0].replace('.record.json', '.exit-plan.json'), 'utf8'));
      expect(exit.timeline.map((e: { date: string }) => e.date)).toEqual(['2026-09-01', '2026-10-01', '2026-10-01', '2026-10-01', '2026-10-10', '2026-10-31']);
      expect(exit.datasets.map((d: { kind: string; name: string }) => `${d.kind}:${d.name}`)).toContain('database:csm-corvid-managed-postgres-1');
      expect(exit.steps.join('\n')).toContain('csm plan terminate corvid --step unprotect');
      expect(fs.readFileSync(r.records[0].replace('.record.json', '.exit-plan.md'), 'utf8')).toContain('| 2026-10-31 | end of retention (30 days)');
    }, 120_000);
  });
});

const requestTransfer = (fields: string) => edit(corvid, (t) => t.replace(/( {2}budgetCap: 1200\n)/, `$1  transfer: { ${fields}, target: { accountId: "444455556666", region: eu-west-1, bucket: corvid-exit }, requested: "2026-11-20" }\n`));

describe('transfer (S14)', () => {
  test('a copy grants the target account what it needs to pull the database, and removes nothing', async () => {
    const r = await planChange('transfer', 'corvid', () => requestTransfer('to: customer, services: [managed-postgres]'));
    expect(r.code).toBe(0);
    expect(r.summary.counts).toMatchObject({ add: 4, change: 0, replace: 0, destroy: 0 });
    expect(Object.keys(r.summary.byType).sort()).toEqual(['aws_db_snapshot', 'aws_iam_role', 'aws_iam_role_policy', 'aws_kms_grant']);
    const plan = JSON.parse(fs.readFileSync(r.records[0].replace('.record.json', '.json'), 'utf8'));
    const snapshot = plan.resource_changes.find((c: { type: string }) => c.type === 'aws_db_snapshot');
    expect(snapshot.change.after).toMatchObject({ db_instance_identifier: 'csm-corvid-managed-postgres-1', db_snapshot_identifier: 'csm-corvid-managed-postgres-1-transfer-2026-11-20', shared_accounts: ['444455556666'] });
    const exit = fs.readFileSync(r.records[0].replace('.record.json', '.exit-plan.md'), 'utf8');
    expect(exit).toContain('Target: customer, account 444455556666, region eu-west-1, bucket corvid-exit; method copy.');
  }, 120_000);

  test('a handover hands every resource over with removed blocks: forgotten, none destroyed', async () => {
    const r = await planChange('transfer', 'corvid', () => requestTransfer('to: provider, method: handover'));
    expect(r.code).toBe(0);
    expect(r.summary.counts).toEqual({ add: 0, change: 0, replace: 0, destroy: 0, forget: existing() });
    const synth = JSON.parse(fs.readFileSync(path.join(stackDir('transfer-corvid'), 'cdk.tf.json'), 'utf8'));
    expect(synth.removed).toHaveLength(existing());
    expect(synth.removed[0].lifecycle).toEqual([{ destroy: false }]);
  }, 120_000);
});

describe('retire (S15)', () => {
  const service = path.join(repo, 'catalogue/services/container-hosting.yaml');
  const retire = () => edit(service, (t) => t.replace('status: active', 'status: retired'));

  test('retiring a service a customer still subscribes to is denied, pointing at the subscription (CSM-OPS-005)', async () => {
    const r = await planChange('retire', 'container-hosting', retire);
    expect(r.code).toBe(1);
    const f = r.decisions[0].deny.find((x: { id: string }) => x.id === 'CSM-OPS-005');
    expect(f).toMatchObject({ clauses: ['5.4', '7.1', '9.2'], source: { kind: 'customer', id: 'corvid', path: ['subscriptions', 2, 'service'] } });
    expect(r.stdout).toMatch(/DENY CSM-OPS-005 \[synth\] service container-hosting cannot be retired: customer corvid still subscribes/);
  }, 120_000);

  test('once nobody subscribes, only its resources go, and the report lists what is freed', async () => {
    const r = await planChange('retire', 'container-hosting', () => {
      retire();
      edit(corvid, (t) => t.replace(/^ {2}- \{ service: container-hosting.*\n/m, ''));
    });
    expect(r.code).toBe(0);
    expect(r.summary.counts.add).toBe(0);
    expect(r.summary.counts.destroy).toBeGreaterThan(3);
    expect(Object.keys(r.summary.byType)).toContain('aws_ecr_repository');
    const report = JSON.parse(fs.readFileSync(r.stdout.match(/report: (\S+\.report\.json)/)![1], 'utf8'));
    expect(report).toMatchObject({ service: 'container-hosting', capacity: { pool: 'compute-eu', freedUnits: 8 }, cost: { monthly: 300, byCustomer: { corvid: 300 } }, people: { owner: { email: 'tomas.ortega@nimbus.example' } } });
  }, 120_000);
});
