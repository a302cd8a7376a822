import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync, spawnSync } from 'child_process';
import type { main as Main } from '../src/cli/main';
import type { CliRun } from './support/run-cli';

/**
 * S05 end to end: `csm new service` in a project (a copy of this one, its own git repository), the scaffolded
 * draft, the design review denying the promotion while the design is incomplete and passing it once complete,
 * the scaffolded jest test, and the first customer's onboarding of the new service planned with the real
 * Terraform and flagged as the service's first deployment. The project's own code runs (it is where the new
 * construct is registered): jest loads it from the copy; only node_modules and the compiled policy worker are
 * shared with this checkout.
 */
const REPO = path.join(__dirname, '..');
const project = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-new-service-'));
const entry = path.join(project, 'catalogue/services/message-queue.yaml');
const git = (...a: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...a], { cwd: project, stdio: 'pipe' });
const NOW = '2026-11-25T12:00:00Z';

/** The project's own CLI, loaded afresh: after `csm new service` its registry holds the new construct. */
function projectCli(): typeof Main {
  jest.resetModules();
  return (require(path.join(project, 'src/cli/main')) as { main: typeof Main }).main;
}

async function run(cli: typeof Main, argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await cli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: project });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

function edit(file: string, change: (text: string) => string): void {
  const before = fs.readFileSync(file, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`edit of ${file} changed nothing: the scaffold moved`);
  fs.writeFileSync(file, after);
}

/** Every file of the project's sources, with its content: to show a refused scaffold wrote nothing. */
function snapshot(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const dir of ['catalogue', 'constructs', 'stacks', 'test']) {
    for (const e of fs.readdirSync(path.join(project, dir), { recursive: true, withFileTypes: true })) {
      if (e.isFile()) files[path.join(e.parentPath, e.name)] = fs.readFileSync(path.join(e.parentPath, e.name), 'utf8');
    }
  }
  return files;
}

/** What a designer fills in: owner, regions, a price, the tier's targets and support hours, the pool's size and quota. */
function completeDesign(text: string): string {
  return text
    .replace(/^# TODO owner: .*$/m, 'owner: { name: Priya Raman, email: priya.raman@nimbus.example, role: queue-service-owner }')
    .replace(/^# TODO regions: .*$/m, 'regions: [eu-central-1, eu-west-1]')
    .replace(/^ {4}# TODO pricePerUnitMonth: .*$/m, '    pricePerUnitMonth: 45')
    .replace(/^ {2}- id: standard +# TODO .*$/m, '  - { id: standard, availability: 99.9, rpoMinutes: 60, rtoMinutes: 240, supportHours: business }')
    .replace(/^capacity: \{ pool: message-queue, unit: units \} .*$/m, 'capacity: { pool: message-queue, unit: queues, poolSize: 500, perCustomerQuota: 50 }');
}

let cli: typeof Main;

beforeAll(() => {
  for (const name of ['src', 'constructs', 'stacks', 'catalogue', 'policies', 'package.json', 'tsconfig.json', 'jest.config.js', 'cdktf.json']) {
    fs.cpSync(path.join(REPO, name), path.join(project, name), { recursive: true });
  }
  fs.cpSync(path.join(REPO, 'test', 'support'), path.join(project, 'test', 'support'), { recursive: true });
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(project, 'node_modules'));
  fs.symlinkSync(path.join(REPO, 'dist'), path.join(project, 'dist'));
  fs.writeFileSync(path.join(project, '.gitignore'), 'node_modules\ndist\ncdktf.out\n.csm\nevidence\n');
  git('init', '-q');
  cli = projectCli();
});

afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

describe('csm new service', () => {
  test('an id that exists or is not a slug is bad input, and nothing is written', async () => {
    const before = snapshot();
    for (const [id, message] of [
      ['object-storage', 'service "object-storage" exists already'],
      ['Message_Queue', '"Message_Queue" is not a service id'],
      ['9-lives', '"9-lives" is not a service id'],
      ['secure-bucket', 'constructs/secure-bucket.ts exists already'],
      ['map', 'which JavaScript already defines'],
    ]) {
      const r = await run(cli, ['new', 'service', id]);
      expect({ id, code: r.code, stderr: r.stderr }).toEqual({ id, code: 2, stderr: expect.stringContaining(message) });
    }
    expect(snapshot()).toEqual(before);
  });

  test('scaffolds a draft entry, a construct, its registration and a test; a second run replaces nothing', async () => {
    const r = await run(cli, ['new', 'service', 'message-queue']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 5)).toEqual([
      'wrote catalogue/services/message-queue.yaml',
      'wrote constructs/message-queue.ts',
      'wrote test/services/message-queue.test.ts',
      'registered in stacks/service-constructs.ts',
      'registered in catalogue/schemas/service.schema.json',
    ]);
    const text = fs.readFileSync(entry, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/service.schema.json');
    expect(text).toMatch(/^status: draft$/m);
    expect(text).toMatch(/^construct: MessageQueue$/m);
    expect(fs.readFileSync(path.join(project, 'constructs/message-queue.ts'), 'utf8')).toMatch(/export interface MessageQueueProps \{[\s\S]*readonly logRetentionDays\?: number;/);
    const schema = JSON.parse(fs.readFileSync(path.join(project, 'catalogue/schemas/service.schema.json'), 'utf8'));
    expect(schema.properties.construct.enum).toContain('MessageQueue');

    const before = snapshot();
    cli = projectCli();
    const again = await run(cli, ['new', 'service', 'message-queue']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('service "message-queue" exists already');
    expect(snapshot()).toEqual(before);
  });

  test('the draft validates and checks; the scaffolded jest test passes', async () => {
    expect((await run(cli, ['validate'])).code).toBe(0);
    const check = await run(cli, ['check', '--no-evidence', '--now', NOW]);
    expect(check.code).toBe(0);
    // A draft is not reviewed: nobody can subscribe to it yet.
    expect(check.stderr).not.toContain('design-message-queue');
    const jest = spawnSync(process.execPath, [path.join(REPO, 'node_modules/jest/bin/jest.js'), '--rootDir', project, '--roots', '<rootDir>/test/services', '--runTestsByPath', 'test/services/message-queue.test.ts'], { cwd: project, encoding: 'utf8' });
    expect({ status: jest.status, tests: /Tests: +(.*)/.exec(jest.stderr)?.[1] }).toEqual({ status: 0, tests: '2 passed, 2 total' });
  }, 120_000);
});

describe('the design review gate (5.1-5.4)', () => {
  test('promoted while incomplete: denied, naming each missing element at its file and line', async () => {
    edit(entry, (t) => t.replace('status: draft', 'status: active'));
    try {
      const r = await run(cli, ['check', '--no-evidence', '--now', NOW, '--format', 'json']);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout);
      const design = report.results.find((x: { stack: string }) => x.stack === 'design-message-queue');
      expect(design.status).toBe('failed');
      const lines = fs.readFileSync(entry, 'utf8').split('\n');
      const line = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l)) + 1;
      const tier = line(/^ {2}- id: standard +# TODO/);
      const found = design.findings.map((f: { id: string; location: { file: string; line: number }; message: string }) => [f.id, path.relative(project, f.location.file), f.location.line, f.message.replace(/^message-queue cannot be active: /, '')]);
      expect(found).toEqual(
        expect.arrayContaining([
          ['CSM-DES-001', 'catalogue/services/message-queue.yaml', tier, 'SLA tier standard has no availability, rpoMinutes, rtoMinutes'],
          ['CSM-DES-002', 'catalogue/services/message-queue.yaml', line(/^capacity: /), 'its capacity has no poolSize, perCustomerQuota'],
          ['CSM-DES-003', 'catalogue/services/message-queue.yaml', tier, 'SLA tier standard states no supportHours'],
          ['CSM-DES-004', 'catalogue/services/message-queue.yaml', line(/^ {2}- id: standard$/), 'option standard has no price (pricePerUnitMonth)'],
        ]),
      );
      expect(found.map((f: unknown[]) => f[0])).toEqual(['CSM-DES-001', 'CSM-DES-002', 'CSM-DES-003', 'CSM-DES-003', 'CSM-DES-004', 'CSM-DES-005', 'CSM-DES-007']);
      expect(design.findings.every((f: { clauses: string[]; scenario: string }) => f.scenario === 'S05' && f.clauses.some((c) => c.startsWith('5.')))).toBe(true);
    } finally {
      edit(entry, (t) => t.replace('status: active', 'status: draft'));
    }
  }, 120_000);

  test('once complete, promoted: the construct built for a sample customer passes every rule', async () => {
    edit(entry, (t) => completeDesign(t).replace('status: draft', 'status: active'));
    const r = await run(cli, ['check', '--no-evidence', '--now', NOW, '--format', 'json']);
    expect(r.code).toBe(0);
    const design = JSON.parse(r.stdout).results.find((x: { stack: string }) => x.stack === 'design-message-queue');
    expect(design).toMatchObject({ status: 'passed', findings: [], operation: 'design' });
    const sample = JSON.parse(fs.readFileSync(path.join(project, 'cdktf.out/stacks/design-message-queue/cdk.tf.json'), 'utf8'));
    const buckets = Object.values(sample.resource.aws_s3_bucket) as Array<{ tags: Record<string, string> }>;
    expect(buckets.filter((b) => b.tags['csm:service'] === 'message-queue').map((b) => b.tags['csm:scenario'])).toEqual(['S05']);
  }, 120_000);
});

describe('transition (5.4): the first customer onboarded', () => {
  test('planned with the real Terraform against the tenancy, gated, and flagged in the summary as the first deployment', async () => {
    git('add', '-A');
    git('commit', '-qm', 'message-queue designed and available');
    const corvid = path.join(project, 'catalogue/customers/corvid.yaml');
    edit(corvid, (t) => t.replace('container-hosting: standard }', 'container-hosting: standard, message-queue: standard }') + '  - { service: message-queue, option: standard, quantity: 1, region: eu-west-1 }\n');
    const r = await run(cli, ['plan', 'allocate', 'corvid', '--now', NOW]);
    expect({ code: r.code, out: r.stdout }).toEqual({ code: 0, out: expect.stringContaining('first deployment of message-queue (5.4)') });
    const record = r.stdout.split('\n').find((l) => l.includes('record: '))!.split('record: ')[1];
    const summary = JSON.parse(fs.readFileSync(path.resolve(project, record.replace('.record.json', '.summary.json')), 'utf8'));
    expect(summary.firstDeployments).toEqual([{ service: 'message-queue', name: 'Message queue', baseStatus: 'active', owner: 'Priya Raman' }]);
    expect(summary.gates.map((g: { gate: string; status: string }) => [g.gate, g.status])).toEqual([['synth', 'passed'], ['plan', 'passed']]);
    expect(summary.byType.aws_s3_bucket.create).toBeGreaterThan(0);
    expect(summary.cost.delta).toBe(45);
    const markdown = fs.readFileSync(path.resolve(project, record.replace('.record.json', '.summary.md')), 'utf8');
    expect(markdown).toContain('## Transition: first deployment (5.4)');

  }, 300_000);
});
