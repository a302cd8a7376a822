/**
 * Plan gate benchmark: the gate on a real plan of about 500 resources, made by Terraform from a generated HCL
 * configuration (modules by for_each and count, a module nested in another, companions joined by reference,
 * values known only after apply). Prints the time `csm check --plan-json` spends on the file (read, decode,
 * validate, view, evaluate) beside JSON.parse of the same file (the floor, a parse csm cannot avoid), their
 * ratio (target: within 3x) and memory. The plan is made once and kept in the temporary folder.
 * Run: `npm run build && node dist/bench/plan-gate.js [runs]`.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { terraform, terraformEnv } from '../src/terraform/runner';
import { readPlanFile } from '../src/view/plan-file';
import { viewFromPlan } from '../src/view/from-plan';
import { buildPolicyInput } from '../src/policy/input';
import { PolicyEngine } from '../src/policy/engine';
import { compiledPolicies } from '../src/check/policies';
import { buildPolicyData } from '../src/policy/data';
import { noCatalogue, SHIPPED_POLICIES } from '../src/check/standalone';
import { compile } from '@csm/rego';

const PROVIDER = `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "offline-dummy"
  secret_key                  = "offline-dummy"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
`;

/** A tenant's stack: 17 resources, most of them companions naming each other by reference. */
const TENANT = `variable "name" { type = string }
variable "vpc_id" { type = string }
variable "admin_cidr" { type = string }

resource "aws_kms_key" "data" {
  description         = var.name
  enable_key_rotation = true
}

resource "aws_s3_bucket" "data" {
  count  = 1
  bucket = "bench-\${var.name}"
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data[0].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data[0].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data[0].id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data[0].id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "\${aws_s3_bucket.data[0].arn}/*", Condition = { Bool = { "aws:SecureTransport" = "false" } } }]
  })
}

resource "aws_sqs_queue" "jobs" {
  name              = "bench-\${var.name}"
  kms_master_key_id = aws_kms_key.data.key_id
}

resource "aws_sns_topic" "events" {
  name              = "bench-\${var.name}"
  kms_master_key_id = aws_kms_key.data.arn
}

resource "aws_iam_role" "app" {
  name = "bench-\${var.name}"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "app" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "sqs:SendMessage"], Resource = [aws_s3_bucket.data[0].arn, aws_sqs_queue.jobs.arn] }]
  })
}

resource "aws_dynamodb_table" "state" {
  name         = "bench-\${var.name}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.data.arn
  }
}

resource "aws_cloudwatch_log_group" "app" {
  name       = "/bench/\${var.name}"
  kms_key_id = aws_kms_key.data.arn
}

resource "aws_security_group" "app" {
  name   = "bench-\${var.name}"
  vpc_id = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "https" {
  security_group_id = aws_security_group.app.id
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}

resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = aws_security_group.app.id
  cidr_ipv4         = var.admin_cidr
  from_port         = 22
  to_port           = 22
  ip_protocol       = "tcp"
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1a"
  size              = 10
  encrypted         = true
  kms_key_id        = aws_kms_key.data.arn
}

output "bucket_id" { value = aws_s3_bucket.data[0].id }
`;

/** A network: a VPC, its flow log, subnets and a nested module of security groups. */
const NETWORK = `variable "cidr" { type = string }

resource "aws_vpc" "this" {
  cidr_block = var.cidr
}

resource "aws_flow_log" "this" {
  vpc_id               = aws_vpc.this.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::bench-flow-logs"
}

resource "aws_subnet" "private" {
  count      = 4
  vpc_id     = aws_vpc.this.id
  cidr_block = cidrsubnet(var.cidr, 4, count.index)
}

module "groups" {
  source = "../groups"
  vpc_id = aws_vpc.this.id
}

output "vpc_id" { value = aws_vpc.this.id }
`;

const GROUPS = `variable "vpc_id" { type = string }

resource "aws_security_group" "db" {
  name   = "db"
  vpc_id = var.vpc_id
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_security_group" "admin" {
  name   = "admin"
  vpc_id = var.vpc_id
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`;

function root(tenants: number, instances: number, buckets: number): string {
  const names = Array.from({ length: tenants }, (_, i) => `"t${String(i).padStart(2, '0')}"`).join(', ');
  const bucketNames = Array.from({ length: buckets }, (_, i) => `"b${String(i).padStart(2, '0')}"`).join(', ');
  return `module "network" {
  source = "./modules/network"
  count  = 3
  cidr   = "10.\${count.index}.0.0/16"
}

module "tenant" {
  source     = "./modules/tenant"
  for_each   = toset([${names}])
  name       = each.key
  vpc_id     = module.network[0].vpc_id
  admin_cidr = "10.0.0.0/8"
}

resource "aws_instance" "worker" {
  count         = ${instances}
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  subnet_id     = "subnet-0123456789abcdef0"
  metadata_options {
    http_tokens = count.index % 4 == 0 ? "optional" : "required"
  }
  root_block_device {
    encrypted = true
  }
  tags = { Name = "worker-\${count.index}" }
}

resource "aws_s3_bucket" "archive" {
  for_each = toset([${bucketNames}])
  bucket   = "bench-archive-\${each.key}"
}

resource "aws_s3_bucket_public_access_block" "archive" {
  for_each                = aws_s3_bucket.archive
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = each.key != "b07"
}

resource "aws_s3_bucket_logging" "archive" {
  for_each      = aws_s3_bucket.archive
  bucket        = each.value.id
  target_bucket = module.tenant["t00"].bucket_id
  target_prefix = "\${each.key}/"
}
`;
}

/** The generated configuration, planned once (a real `terraform plan` of 500 resources takes a minute or two). */
async function benchPlan(): Promise<string> {
  const files: Record<string, string> = {
    'providers.tf': PROVIDER,
    'main.tf': root(20, 60, 40),
    'modules/tenant/main.tf': TENANT,
    'modules/network/main.tf': NETWORK,
    'modules/groups/main.tf': GROUPS,
  };
  const dir = path.join(os.tmpdir(), `csm-bench-plan-${createHash('sha256').update(JSON.stringify(files)).digest('hex').slice(0, 12)}`);
  const planJson = path.join(dir, 'plan.json');
  if (fs.existsSync(planJson)) return planJson;
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  const env = terraformEnv(true);
  process.stderr.write(`planning the generated configuration in ${dir} (once) ...\n`);
  for (const args of [['init', '-input=false', '-no-color'], ['plan', '-input=false', '-no-color', '-refresh=false', '-out=plan.tfplan']]) {
    const r = await terraform(args, dir, env);
    if (r.code !== 0) throw new Error(`terraform ${args[0]} failed:\n${r.stderr || r.stdout}`);
  }
  const show = await terraform(['show', '-json', 'plan.tfplan'], dir, env);
  if (show.code !== 0) throw new Error(`terraform show failed:\n${show.stderr}`);
  fs.writeFileSync(`${planJson}.tmp`, show.stdout);
  fs.renameSync(`${planJson}.tmp`, planJson);
  return planJson;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = (xs: number[]) => Math.min(...xs);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const NOOP = 'package csm.gate\nimport rego.v1\n\ndecision := {"deny": {}, "warn": {}}\n';

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 20);
  const file = await benchPlan();
  const text = fs.readFileSync(file, 'utf8');
  const policies = await compiledPolicies(SHIPPED_POLICIES, { buildDir: fs.mkdtempSync(path.join(os.tmpdir(), 'csm-bench-bundle-')) });
  const data = buildPolicyData(noCatalogue());
  const engine = PolicyEngine.fromWasm(policies.wasm, data);
  // The SDK's own cost for an input this size (copy into wasm memory, parse, return): a gate that decides nothing.
  const noop = PolicyEngine.fromWasm((await compile({ modules: [{ path: 'noop.rego', source: NOOP }], entrypoints: ['csm/gate/decision'] })).wasm, data, { entrypoint: 'csm/gate/decision' });
  await Promise.all([engine.whenReady(), noop.whenReady()]);

  const t: Record<'floor' | 'read' | 'view' | 'evaluate' | 'total' | 'sdk', number[]> = { floor: [], read: [], view: [], evaluate: [], total: [], sdk: [] };
  let resources = 0;
  let findings = 0;
  let inputBytes = 0;
  const rssBefore = process.memoryUsage().rss;
  for (let i = 0; i < runs + 3; i++) {
    let at = performance.now();
    JSON.parse(text);
    const floor = performance.now() - at;

    at = performance.now();
    const plan = readPlanFile(file);
    const read = performance.now() - at;
    const view = viewFromPlan('bench', plan.plan);
    const viewed = performance.now() - at - read;
    const input = buildPolicyInput({ operation: 'plan', view, customer: null, now: new Date() });
    const decision = await engine.evaluate(input);
    const total = performance.now() - at;

    at = performance.now();
    await noop.evaluate(input);
    const sdk = performance.now() - at;
    if (i < 3) continue; // warm-up (JIT, wasm tiering)
    for (const [k, v] of Object.entries({ floor, read, view: viewed, evaluate: total - read - viewed, total, sdk })) t[k as keyof typeof t].push(v);
    resources = view.resources.length;
    findings = decision.deny.length + decision.warn.length;
    inputBytes = JSON.stringify(input).length;
  }
  await Promise.all([engine.close(), noop.close()]);
  const row = (label: string, xs: number[]) => console.log(`${label.padEnd(38)}${median(xs).toFixed(1).padStart(7)} ms  (best ${best(xs).toFixed(1)})`);
  console.log(`plan: ${file} (${mb(text.length)}, ${resources} resources, ${findings} findings; policy input ${mb(inputBytes)})`);
  row('floor: JSON.parse of the file', t.floor);
  row('gate:  read + decode + validate', t.read);
  row('       resource view', t.view);
  row('       policy evaluation (worker, wasm)', t.evaluate);
  row('       total', t.total);
  row('       of which the SDK alone (no-op gate)', t.sdk);
  console.log(`ratio: gate / floor = ${(median(t.total) / median(t.floor)).toFixed(1)}x (best ${(best(t.total) / best(t.floor)).toFixed(1)}x; target: within 3x)`);
  console.log(`memory: rss ${mb(process.memoryUsage().rss)} (+${mb(process.memoryUsage().rss - rssBefore)} over ${runs} runs), peak rss ${mb(process.resourceUsage().maxRSS * 1024)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
