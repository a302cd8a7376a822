import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/run-cli';
import { REPO } from '../support/catalogue-fixture';
import { viewFromPlan, type PlanJson } from '../../src/view/from-plan';


/**
 * Attacks on "csm check --plan-json judges plans made elsewhere": a plan's names and keys are data. A resource
 * type or a map key that JavaScript objects already know (`constructor`, `toString`, `__proto__`) must be read as
 * any other, never looked up on Object.prototype (which made the whole plan unreadable) or taken as a prototype
 * (which made a key vanish from what the policies see).
 */
const S3_PLAN = path.join(REPO, 'test', 'fixtures', 'plans', 's3', 'plan.json');
const s3Plan = () => JSON.parse(fs.readFileSync(S3_PLAN, 'utf8')) as PlanJson & { resource_changes: Array<Record<string, unknown> & { change: Record<string, unknown> }> };

describe('README: "csm check --plan-json ... judges every resource": names JavaScript objects already have', () => {
  test.each(['toString', 'constructor', '__proto__'])('a resource of type %s is judged with the rest of the plan, not an unreadable plan', async (type) => {
    const plan = s3Plan();
    const copy = JSON.parse(JSON.stringify(plan.resource_changes[1]));
    plan.resource_changes.push({ ...copy, type, name: 'x', address: `${type}.x` });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-plan-keys-'));
    fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(plan));
    const r = await runCli(['check', '--plan-json', 'plan.json'], dir);
    expect(`${r.stdout}\n${r.stderr}`).not.toMatch(/could not read the plan/);
    expect(r.code).toBe(1);
    // The plan's own public buckets are still denied: the odd type hid nothing.
    expect(r.stdout).toMatch(/DENY +CSM-AWS-S3-001 high plan \[plan\] aws_s3_bucket\.public_acl:/);
  });

  test('a map key "__proto__" (tags, in after and after_unknown) stays a key of the values the policies see', () => {
    const plan = s3Plan();
    const bucket = plan.resource_changes.find((r) => r.type === 'aws_s3_bucket')!;
    const change = bucket.change as { after: Record<string, unknown>; after_unknown: Record<string, unknown> };
    change.after = { ...change.after, tags: JSON.parse('{"__proto__": {"csm:customer": "acme"}, "Name": "x"}') };
    change.after_unknown = { ...change.after_unknown, tags: JSON.parse('{"__proto__": {"csm:customer": false}}'), toString: true };
    const view = viewFromPlan('plan', plan);
    const values = view.resources.find((r) => r.address === bucket.address)!.values;
    const tags = values.tags as Record<string, unknown>;
    expect(Object.keys(tags).sort()).toEqual(['Name', '__proto__']);
    expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(tags))).toEqual(JSON.parse('{"__proto__": {"csm:customer": "acme"}, "Name": "x"}'));
    // An attribute named like an Object.prototype method, unknown until apply, is still shown as unknown.
    expect(Object.hasOwn(values, 'toString')).toBe(true);
  });
});
