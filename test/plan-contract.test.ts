import * as fs from 'fs';
import { readPlanFile, PlanInputError } from '../src/view/plan-file';
import { planFile } from './support/plans';

/**
 * The plan gate's input contract, on real files Terraform wrote (test/fixtures/plans/contract) and, for broken
 * entries only a hand can make, hand-written ones (contract/malformed): anything that is not a complete plan is
 * refused with the reason, or flagged partial; nothing throws anything but PlanInputError.
 */
function refusal(rel: string): string {
  try {
    readPlanFile(planFile(rel));
  } catch (err) {
    expect(err).toBeInstanceOf(PlanInputError);
    expect((err as PlanInputError).file).toBe(planFile(rel));
    return (err as PlanInputError).reason;
  }
  throw new Error(`${rel} was accepted`);
}

describe('plan input contract', () => {
  test.each([
    ['contract/state.json', /^a state \(`terraform show -json` without a plan file\), not a plan/],
    ['contract/terraform.tfstate.json', /^a Terraform state file, not a plan/],
    ['contract/plan-log.jsonl', /^a `terraform plan -json` log/],
    ['contract/errored.json', /errored: true/],
    ['contract/malformed/configuration.tf.json', /^a Terraform configuration in JSON/],
    ['contract/malformed/empty-object.json', /^not a plan/],
  ])('%s is refused: %s', (rel, reason) => {
    expect(refusal(rel)).toMatch(reason);
  });

  test.each([
    ['contract/malformed/resource-changes-null.json', 'line 1, column 109: resource_changes: must be array, found null'],
    ['contract/malformed/actions-not-a-list.json', 'line 7, column 117: resource_changes[1].change.actions: must be array, found string "create"'],
    ['contract/malformed/unknown-action.json', 'line 7, column 118: resource_changes[1].change.actions[0]: must be one of "no-op", "create", "read", "update", "delete", "forget", found "explode"'],
    ['contract/malformed/references-not-a-list.json', 'configuration.root_module.resources[0].expressions.bucket.references: must be array, found string "aws_s3_bucket.a.id"'],
    ['contract/malformed/truncated.json', 'not JSON (line 7, column 75: Unterminated string in JSON at position 400)'],
  ])('a malformed entry is named by its JSON path and line: %s', (rel, reason) => {
    expect(refusal(rel)).toContain(reason);
  });

  test('a plan that changes something but says it cannot be applied is refused; one that changes nothing is accepted', () => {
    const dir = fs.mkdtempSync('/tmp/csm-contract-');
    const plan = JSON.parse(fs.readFileSync(planFile('iam/plan.json'), 'utf8'));
    fs.writeFileSync(`${dir}/not-applyable.json`, JSON.stringify({ ...plan, applyable: false }));
    expect(() => readPlanFile(`${dir}/not-applyable.json`)).toThrow(/applyable: false\) though it changes 23 resources/);
    // A real plan with nothing to do: Terraform itself says applyable: false.
    const same = readPlanFile(planFile('drift/no-changes.json'));
    expect({ applyable: same.plan.applyable, partial: same.partial }).toEqual({ applyable: false, partial: [] });
  });

  test('a -target plan and deferred changes are read and flagged partial', () => {
    expect(readPlanFile(planFile('contract/targeted.json')).partial).toEqual(['the plan is not complete (complete: false): it was made with -target or leaves changes for a later plan']);
    expect(readPlanFile(planFile('contract/deferred.derived.json')).partial).toEqual(['1 resource changes are deferred to a later plan (deferred_changes)']);
  });

  test('format 0.2 of Terraform 1.0 and 0.1 of Terraform 0.12-0.15 are accepted; 2.0 and a number are not', () => {
    expect(readPlanFile(planFile('contract/format-0.2.derived.json')).plan.format_version).toBe('0.2');
    const dir = fs.mkdtempSync('/tmp/csm-contract-');
    const plan = JSON.parse(fs.readFileSync(planFile('iam/plan.json'), 'utf8'));
    fs.writeFileSync(`${dir}/old.json`, JSON.stringify({ ...plan, format_version: '0.1', terraform_version: '0.14.11' }));
    fs.writeFileSync(`${dir}/future.json`, JSON.stringify({ ...plan, format_version: '2.0' }));
    fs.writeFileSync(`${dir}/number.json`, JSON.stringify({ ...plan, format_version: 1.2 }));
    expect(readPlanFile(`${dir}/old.json`).plan.terraform_version).toBe('0.14.11');
    expect(() => readPlanFile(`${dir}/future.json`)).toThrow(/format_version "2.0" is not supported/);
    expect(() => readPlanFile(`${dir}/number.json`)).toThrow(/format_version: must be string, found number 1.2/);
  });

  test('a BOM and UTF-16 are decoded to the same plan', () => {
    const plain = readPlanFile(planFile('s3/plan.json')).plan;
    expect(readPlanFile(planFile('contract/utf8-bom.derived.json')).plan).toEqual(plain);
    expect(readPlanFile(planFile('contract/utf16le-bom.derived.json')).plan).toEqual(plain);
  });

  test('the input hash is of the bytes read, so two files with the same plan in different encodings differ', () => {
    const a = readPlanFile(planFile('s3/plan.json'));
    const b = readPlanFile(planFile('contract/utf8-bom.derived.json'));
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.sha256).not.toBe(b.sha256);
  });
});
