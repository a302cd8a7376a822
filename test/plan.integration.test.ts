import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCatalogue } from '../src/model/load';
import { synthesize } from '../src/synth/synthesize';
import { mapBounded, planStack } from '../src/terraform/plan';
import { catalogueWith } from './support/catalogue-fixture';
import { awsProviderSchema, taggableTypes } from './support/terraform';

/**
 * Runs the real `terraform init` + `plan` (Terraform 1.11 and the hashicorp/aws 5.100.0 provider from the
 * local mirror) on every example stack, offline. Nothing here is mocked; only AWS itself is out of reach, so
 * the plans are made with dummy credentials and the provider's skip_* flags.
 */
describe('terraform plan of every example stack', () => {
  // One more customer than the example: its name tries to smuggle interpolation into Terraform.
  const catalogueDir = catalogueWith({
    'customers/mallory.yaml': fs
      .readFileSync(path.join(__dirname, '..', 'catalogue', 'customers', 'corvid.yaml'), 'utf8')
      .replace('id: corvid', 'id: mallory')
      .replace('name: Corvid Analytics Ltd', 'name: "Mallory ${aws_kms_key.x.arn} %{if true}y%{endif}"')
      .replace('id: corvid-2026-06', 'id: mallory-2026-06'),
  });
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-plan-'));
  const catalogue = loadCatalogue(catalogueDir);
  const stacks = synthesize(catalogue, { outdir: path.join(project, 'cdktf.out') });
  let outcomes: Awaited<ReturnType<typeof planStack>>[];
  const plans = new Map<string, { resource_changes: Array<{ address: string; type: string; change: { actions: string[]; after: Record<string, unknown> } }> }>();

  beforeAll(async () => {
    outcomes = await mapBounded(stacks, 2, (s) => planStack(s.dir, { offline: true, stateDir: path.join(project, '.csm', 'state') }));
    for (const o of outcomes) if (o.ok) plans.set(o.stack, JSON.parse(fs.readFileSync(o.planJsonFile!, 'utf8')));
  }, 300_000);

  test('every stack plans successfully, creating exactly the resources synthesized', () => {
    for (const o of outcomes) expect({ stack: o.stack, ok: o.ok, error: o.error }).toEqual({ stack: o.stack, ok: true, error: undefined });
    for (const s of stacks) {
      const json = JSON.parse(fs.readFileSync(s.file, 'utf8'));
      const synthesized = Object.values(json.resource as Record<string, object>).reduce((n, byName) => n + Object.keys(byName).length, 0);
      const o = outcomes.find((x) => x.stack === s.name)!;
      expect({ stack: s.name, add: o.summary!.add, change: o.summary!.change, destroy: o.summary!.destroy }).toEqual({ stack: s.name, add: synthesized, change: 0, destroy: 0 });
    }
    // The example's sizes, stated once so a construct that silently loses a resource fails here.
    expect(Object.fromEntries(outcomes.map((o) => [o.stack, o.summary!.add]))).toMatchObject({ 'onboard-acme': 54, 'onboard-bluefin': 34, 'onboard-corvid': 39 });
  });

  test('every planned resource that AWS can tag carries the clause tags (per the provider schema)', async () => {
    const taggable = taggableTypes(await awsProviderSchema());
    let checked = 0;
    for (const [stack, plan] of plans) {
      const customer = stack.replace('onboard-', '');
      for (const rc of plan.resource_changes) {
        if (!taggable.has(rc.type)) continue;
        checked++;
        const tags = rc.change.after.tags as Record<string, string> | undefined;
        expect({ address: rc.address, tags }).toEqual({
          address: rc.address,
          tags: expect.objectContaining({ 'csm:customer': customer, 'csm:scenario': expect.stringMatching(/^S(08|10)$/), 'csm:clauses': expect.stringMatching(/^\d/), 'csm:agreement': expect.any(String) }),
        });
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  test('an interpolation in a customer name reaches the plan as literal text', () => {
    const plan = plans.get('onboard-mallory')!;
    const keys = plan.resource_changes.filter((rc) => rc.type === 'aws_kms_key');
    expect(keys.map((k) => k.change.after.description)).toEqual(['csm tenant key for Mallory ${aws_kms_key.x.arn} %{if true}y%{endif} in eu-west-1']);
  });

  test('plans are written beside the stack and never overwrite an earlier one', async () => {
    const s = stacks.find((x) => x.name === 'onboard-bluefin')!;
    const first = outcomes.find((o) => o.stack === s.name)!;
    const stamp = path.basename(first.planFile!, '.tfplan');
    const again = await planStack(s.dir, { offline: true, stateDir: path.join(project, '.csm', 'state'), stamp });
    expect(again.ok).toBe(true);
    expect(again.planFile).not.toBe(first.planFile);
    expect(fs.existsSync(first.planFile!)).toBe(true);
    expect(path.dirname(again.planFile!)).toBe(path.join(s.dir, 'plans'));
  }, 120_000);
});
