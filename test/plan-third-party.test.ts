import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from './support/run-cli';
import { validateSarif } from './support/sarif-schema';
import { corpusView, planFile, PLANS } from './support/plans';
import { readPlanFile } from '../src/view/plan-file';

/**
 * `csm check --plan-json` on plans csm did not make and no one made for csm: fixtures of Checkov, Regula, Trivy
 * and terraform-compliance (test/fixtures/plans/third-party, each folder's NOTICE.md says where from), written by
 * Terraform 0.12 to 1.3, some trimmed by hand as those projects keep them; and a real plan of community-module
 * shapes (modules/). What each file must give is stated here from what the plan shows, resource by resource.
 */
process.env.CSM_CACHE_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'csm-cache-'));
const outside = () => fs.mkdtempSync(path.join(os.tmpdir(), 'csm-third-party-'));

interface Finding {
  id: string;
  level: 'deny' | 'warn';
  resource: string | null;
}
interface Result {
  stack: string;
  status: string;
  error?: string;
  findings: Finding[];
}

const THIRD_PARTY = path.join(PLANS, 'third-party');
const files = fs
  .readdirSync(THIRD_PARTY)
  .flatMap((source) => (fs.statSync(path.join(THIRD_PARTY, source)).isDirectory() ? fs.readdirSync(path.join(THIRD_PARTY, source)).filter((f) => f.endsWith('.json')).map((f) => `${source}/${f}`) : []))
  .sort();

/** What each file gives: its status, and every finding as `level id resource` (nothing more, nothing less). */
const EXPECTED: Record<string, { status: string; findings: string[] }> = {
  // Terraform 1.1; `after` null beside what is unknown in it: read, nothing of the pack applies to CloudFront.
  'checkov/plan_after_unknown.json': { status: 'passed', findings: [] },
  // No format_version, no resource_changes: the planned values are read (a VPC endpoint policy is not judged).
  'checkov/plan_vpc_endpoint.json': { status: 'passed', findings: [] },
  // Regula's loader test of a file that is not JSON (a comment, a trailing comma): bad input, not a pass.
  'regula/bucket_sse_infra.json': { status: 'invalid', findings: [] },
  // Terraform 0.13 (format 0.1): the flow log names its VPC as `aws_vpc.valid_vpc`, without an attribute.
  'regula/flow_log_infra.json': { status: 'failed', findings: ['deny CSM-AWS-EC2-007 aws_vpc.invalid_vpc'] },
  // 22 and 20-25 from the world are denied; 443 from the world and 22 from a private range are not.
  'regula/ingress_anywhere_ssh_infra.json': {
    status: 'failed',
    findings: ['deny CSM-AWS-EC2-001 aws_security_group.invalid_sg_1', 'deny CSM-AWS-EC2-001 aws_security_group.invalid_sg_2'],
  },
  // Terraform 0.12: a table encrypted with a key of the plan (reference without attribute); the key does not rotate.
  'terraform-compliance/dynamodb_kms_key_problem.json': { status: 'failed', findings: ['deny CSM-AWS-KMS-001 aws_kms_key.test'] },
  // Ports 1-3000 include SSH; a rule resource over 0-65535; a VPC with no flow log.
  'terraform-compliance/issue-sgr.json': {
    status: 'failed',
    findings: ['deny CSM-AWS-EC2-001 aws_security_group.allow_tls', 'deny CSM-AWS-EC2-002 aws_security_group_rule.allow_all', 'deny CSM-AWS-EC2-007 aws_vpc.fail'],
  },
  // Terraform 0.12 leaves key_usage to the provider: still a symmetric key, still judged.
  'terraform-compliance/kms_key_rotation_failure.json': { status: 'failed', findings: ['deny CSM-AWS-KMS-001 aws_kms_key.test-fail-key'] },
  // Three modules deep, the public access block names its bucket by a known name: joined; no encryption stated.
  'terraform-compliance/multi-module-referencing.json': {
    status: 'warned',
    findings: ['warn CSM-AWS-S3-004 module.first_layer.module.second_layer.module.third_layer.aws_s3_bucket.test'],
  },
  // resource_changes empty, the bucket only in planned_values: judged, never skipped.
  'trivy/missing_resource_changes.json': { status: 'failed', findings: ['deny CSM-AWS-S3-001 aws_s3_bucket.example', 'warn CSM-AWS-S3-004 aws_s3_bucket.example'] },
  // Terraform 1.0.3 (format 0.2): encryption joined by reference; no public access block; port 80 is no admin port.
  'trivy/plan.json': { status: 'failed', findings: ['deny CSM-AWS-S3-001 aws_s3_bucket.planbucket'] },
  'trivy/plan_no_resource_changes.json': { status: 'passed', findings: [] },
};

const summary = (r: Result) => r.findings.map((f) => `${f.level} ${f.id} ${f.resource}`).sort();

describe('third-party plan fixtures through csm check --plan-json', () => {
  let results: Map<string, Result>;
  let code: number;
  let sarif: { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation?: { artifactLocation: { uri: string } } }> }> }> };
  const cwd = outside();

  beforeAll(async () => {
    const args = files.flatMap((f) => ['--plan-json', path.join(THIRD_PARTY, f)]);
    const out = path.join(cwd, 'csm.sarif');
    const r = await runCli(['check', ...args, '--format', 'json'], cwd);
    code = r.code;
    const report = JSON.parse(r.stdout) as { results: Result[] };
    results = new Map(report.results.map((x) => [path.relative(THIRD_PARTY, x.stack) + '.json', x]));
    const s = await runCli(['check', ...args, '--format', 'sarif', '--output', out], cwd);
    expect(s.code).toBe(2);
    sarif = JSON.parse(fs.readFileSync(out, 'utf8'));
  });

  test('every fixture has a stated outcome, and each is judged on its own', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
    expect([...results.keys()].sort()).toEqual(files);
    // One file is not JSON: the run is bad input overall, the others keep their results.
    expect(code).toBe(2);
  });

  test.each(Object.entries(EXPECTED))('%s', (file, expected) => {
    const r = results.get(file)!;
    expect({ status: r.status, findings: summary(r) }).toEqual({ status: expected.status, findings: [...expected.findings].sort() });
  });

  test('a file that is not JSON is named with the line and column of the error', () => {
    expect(results.get('regula/bucket_sse_infra.json')!.error).toMatch(/bucket_sse_infra\.json: not JSON \(line 1, column 1: /);
  });

  test('SARIF: valid, and every result located in a file a code-scanning UI can open', () => {
    expect(validateSarif(sarif)).toEqual([]);
    const uris = sarif.runs[0].results.map((x) => x.locations[0].physicalLocation?.artifactLocation.uri);
    expect(uris.length).toBeGreaterThan(5);
    // The plans are outside the folder csm ran in: absolute file URIs, never `../` out of the checkout.
    for (const uri of uris) expect(uri).toMatch(/^file:\/\/\/.*\/third-party\/[a-z-]+\/[\w.-]+\.json$/);
  });

  test("Regula's provider v3 buckets, once the file is JSON: inline encryption blocks count, the unrotated key does not pass", async () => {
    const dir = outside();
    const text = fs.readFileSync(path.join(THIRD_PARTY, 'regula/bucket_sse_infra.json'), 'utf8');
    // The file's own content, without the comment line and the trailing comma Regula added to break it.
    const json = text.replace(/^#.*\n/, '').replace(/,\s*}\s*$/, '}');
    fs.writeFileSync(path.join(dir, 'bucket_sse.json'), json);
    const r = await runCli(['check', '--plan-json', 'bucket_sse.json', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const [result] = (JSON.parse(r.stdout) as { results: Result[] }).results;
    expect(summary(result).filter((f) => !f.includes('CSM-AWS-S3-001'))).toEqual(['deny CSM-AWS-KMS-001 aws_kms_key.key', 'warn CSM-AWS-S3-004 aws_s3_bucket.unencrypted']);
  });
});

describe('format versions and trimmed plans, in the view', () => {
  test('a Terraform 0.12 plan (format 0.1) is read, its references without attributes followed', () => {
    const view = corpusView('third-party/terraform-compliance/dynamodb_kms_key_problem.json');
    expect(view.at('aws_dynamodb_table.test').values.server_side_encryption).toEqual([{ enabled: true, kms_key_arn: '${aws_kms_key.test}' }]);
  });

  test('resources only in planned_values are judged as planned: created when the plan lists no change', () => {
    const view = corpusView('third-party/trivy/missing_resource_changes.json');
    expect(view.at('aws_s3_bucket.example')).toMatchObject({ action: 'create', values: { bucket: 'my-test-bucket', force_destroy: false } });
    const nested = corpusView('third-party/terraform-compliance/multi-module-referencing.json');
    expect(nested.resources.map((r) => r.action)).toEqual(['create', 'create']);
  });

  test('a plan without format_version is read; one with neither planned values nor changes is not a plan', () => {
    expect(readPlanFile(planFile('third-party/checkov/plan_vpc_endpoint.json')).plan.planned_values).toBeDefined();
    const dir = outside();
    fs.writeFileSync(path.join(dir, 'config-only.json'), JSON.stringify({ configuration: { root_module: {} } }));
    expect(() => readPlanFile(path.join(dir, 'config-only.json'))).toThrow(/not a plan: neither planned_values nor resource_changes nor format_version/);
  });
});

describe('community-module shapes, planned here (test/fixtures/plans/modules)', () => {
  test('`for_each = aws_s3_bucket.x` with `bucket = each.value.<attribute>` joins each companion to its own bucket, in modules too', () => {
    const view = corpusView('modules/plan.json');
    expect(view.at('aws_s3_bucket_public_access_block.archive["b"]').values.bucket).toBe('${aws_s3_bucket.archive["b"].id}');
    expect(view.at('module.archive_encryption["a"].aws_s3_bucket_server_side_encryption_configuration.this').values.bucket).toBe('${aws_s3_bucket.archive["a"].id}');
  });

  test('count-guarded modules, a local naming the VPC, v3 inline bucket blocks, IPv6 and prefix lists', async () => {
    const r = await runCli(['check', '--plan-json', planFile('modules/plan.json'), '--format', 'json'], outside());
    expect(r.code).toBe(1);
    const [result] = (JSON.parse(r.stdout) as { results: Result[] }).results;
    expect(summary(result)).toEqual([
      'deny CSM-AWS-EC2-002 module.env["dev"].aws_security_group_rule.all_v6',
      'deny CSM-AWS-EC2-002 module.env["prod"].aws_security_group_rule.all_v6',
      'deny CSM-AWS-S3-001 aws_s3_bucket.legacy_public',
      'deny CSM-AWS-S3-002 aws_s3_bucket.legacy_public',
      'warn CSM-AWS-S3-004 aws_s3_bucket.legacy_public',
    ]);
  });

  test('a deliberately insecure project (goat/): every insecure resource is denied for what makes it insecure', async () => {
    const r = await runCli(['check', '--plan-json', planFile('goat/plan.json'), '--format', 'json'], outside());
    expect(r.code).toBe(1);
    const [result] = (JSON.parse(r.stdout) as { results: Result[] }).results;
    expect(summary(result)).toEqual(
      [
        'CSM-AWS-EC2-001 aws_security_group.rdp',
        'CSM-AWS-EC2-001 aws_vpc_security_group_ingress_rule.ssh_v6',
        'CSM-AWS-EC2-003 aws_instance.web_host',
        'CSM-AWS-EC2-003 aws_launch_template.imdsv1',
        'CSM-AWS-EC2-004 aws_ebs_volume.web_host_storage',
        'CSM-AWS-EC2-005 aws_instance.web_host',
        'CSM-AWS-EC2-006 aws_instance.web_host',
        'CSM-AWS-EKS-001 aws_eks_cluster.eks_cluster',
        'CSM-AWS-IAM-001 aws_iam_user_policy.userpolicy',
        'CSM-AWS-IAM-002 aws_iam_role_policy_attachment.admin',
        'CSM-AWS-IAM-003 aws_iam_role.open_trust',
        'CSM-AWS-IAM-004 aws_sqs_queue.open',
        'CSM-AWS-KMS-001 aws_kms_key.logs_key',
        'CSM-AWS-NEP-001 aws_neptune_cluster.default',
        'CSM-AWS-OS-001 aws_elasticsearch_domain.monitoring',
        'CSM-AWS-OS-002 aws_elasticsearch_domain.monitoring',
        'CSM-AWS-RDS-001 aws_db_instance.default',
        'CSM-AWS-RDS-002 aws_db_instance.default',
        'CSM-AWS-SQS-001 aws_sqs_queue.open',
      ].map((x) => `deny ${x}`),
    );
  });
});

describe('inputs nested deeper than any plan (written by hand: Terraform never nests so)', () => {
  const deep = (open: string, close: string, inner: string) => `${open.repeat(20000)}${inner}${close.repeat(20000)}`;
  test.each([
    ['a configuration expression', `{"format_version":"1.2","planned_values":{"root_module":{}},"configuration":{"root_module":{"resources":[{"address":"aws_s3_bucket.b","type":"aws_s3_bucket","name":"b","expressions":{"a":${deep('{"x":', '}', '{"constant_value":1}')}}}]}}}`, /configuration\.root_module\.resources\[0\]\.expressions\.a\.x\.x\.\.\./],
    ['a planned value', `{"format_version":"1.2","resource_changes":[{"address":"aws_s3_bucket.b","type":"aws_s3_bucket","name":"b","change":{"actions":["create"],"before":null,"after":{"tags":${deep('[', ']', '')}},"after_unknown":{"tags":${deep('[', ']', 'true')}}}}]}`, /resource_changes\[0\]\.change\.after\.tags\[0\]\[0\]/],
  ])('%s: bad input (exit 2) naming the file, line and JSON path, never a crash', async (_what, text, where) => {
    const dir = outside();
    fs.writeFileSync(path.join(dir, 'deep.json'), text);
    const r = await runCli(['check', '--plan-json', 'deep.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^INVALID deep \[plan\]: \S*deep\.json: line 1, column \d+: /m);
    expect(r.stdout).toMatch(where);
    expect(r.stdout).toMatch(/nested deeper than 256 levels/);
  });
});

describe('names that are JavaScript object internals stay data (written by hand)', () => {
  test('an attribute `__proto__` and a type `constructor` are read as any other', () => {
    const dir = outside();
    const after = JSON.parse('{"__proto__": {"encrypted": "$' + '{x}"}, "name": "n"}');
    const plan = {
      format_version: '1.2',
      resource_changes: [
        { address: 'constructor.x', type: 'constructor', name: 'x', change: { actions: ['create'], before: null, after, after_unknown: { id: true } } },
        { address: 'aws_instance.__proto__', type: 'aws_instance', name: '__proto__', change: { actions: ['create'], before: null, after: { user_data: 'a'.repeat(40) }, after_unknown: {} } },
      ],
    };
    fs.writeFileSync(path.join(dir, 'internals.json'), JSON.stringify(plan));
    const view = corpusView(path.relative(PLANS, path.join(dir, 'internals.json')));
    const values = view.at('constructor.x').values;
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
    expect(Object.keys(values).sort()).toEqual(['__proto__', 'id', 'name']);
    expect(JSON.parse(JSON.stringify(values)).__proto__).toEqual({ encrypted: '$' + '$' + '{x}' });
  });
});
