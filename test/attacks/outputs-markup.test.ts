import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/run-cli';
import { REPO } from '../support/catalogue-fixture';
import { summaryMarkdown, type OperationSummary } from '../../src/lifecycle/summary';
import type { GateDecision } from '../../src/lifecycle/gates';
import { runMarkdown } from '../../src/fleet/run-markdown';
import type { RunRecord } from '../../src/fleet/run-record';

/**
 * Attacks on "text is data" past Terraform: what csm writes for people (the plan summary a pull-request comment
 * shows, the comment itself, the CI log) quotes text from the catalogue, from policies' messages and from plans.
 * Each test plants markup or control text where a pull request (or a third-party plan) can put it and asserts
 * it reaches the reader as literal text, and that what follows it is still there to read.
 */
const HIDING = ['<!--', '</details>', '<details>', '<img src=x>'];

function summaryWith(text: string): string {
  const finding = { id: 'CSM-SEC-001', severity: 'high', message: `bucket ${text} is public`, resource: 'aws_s3_bucket.a', construct_path: 'x', clauses: ['6.6'], scenario: 'S08', remediation: 'r', source: 'policies/security.rego' };
  const summary: OperationSummary = {
    operation: 'onboard',
    stack: 'onboard-acme',
    customer: 'acme',
    service: null,
    destroy: false,
    counts: { add: 1, change: 0, replace: 0, destroy: 1, forget: 0 },
    byType: { aws_db_instance: { delete: 1 } },
    cost: null,
    dataBearing: [{ address: `aws_db_instance.db["${text}"]`, service: 'managed-postgres', action: 'delete' }],
    gates: [],
    firstDeployments: [{ service: 'message-queue', name: `Queue ${text}`, baseStatus: null, owner: `Owner ${text}` }],
    passed: false,
  };
  const decision = { gate: 'plan', status: 'failed', inputSha256: 'x', deny: [finding], warn: [], waived: [], error: `oops ${text}`, locations: {} } as unknown as GateDecision;
  return summaryMarkdown(summary, [decision]);
}

describe('SECURITY: "What the reviewer reads beside a plan" is what the plan gives: catalogue text in the summary is text', () => {
  test.each(HIDING)('%s in a service name, an owner, an address or a policy message hides nothing that follows it', (markup) => {
    const md = summaryWith(`${markup} \`\`\` | x\n## Gate: **passed**`);
    // Outside the address's code span (where a forge shows markup as typed, tested below), nothing is markup.
    expect(md.replace(/^- delete: .*$/m, '')).not.toContain(markup);
    // No value starts a line of its own: the only headings are csm's.
    expect(md.split('\n').filter((l) => l.startsWith('#'))).toEqual([
      '# onboard acme: onboard-acme',
      '## Actions by resource type',
      '## Transition: first deployment (5.4)',
      '## Data-bearing resources affected',
      '## Policy decisions',
    ]);
    // The destroyed database and the denial are still there, after the planted text.
    expect(md).toMatch(/^- delete: `+ ?aws_db_instance\.db\[/m);
    expect(md).toMatch(/^ {2}- DENY CSM-SEC-001 /m);
  });

  test('a backtick run in an address cannot close its code span', () => {
    const md = summaryWith('``` <!-- ```');
    const line = md.split('\n').find((l) => l.startsWith('- delete: '))!;
    const fence = line.match(/^- delete: (`+)/)![1];
    expect(fence.length).toBeGreaterThan(3);
    expect(line.endsWith(`${fence} (managed-postgres)`)).toBe(true);
  });
});

describe('README: "one comment shows the run\'s summary line and each stack\'s review summary": its text cannot break out', () => {
  test('a plan error holding a code fence and a comment opener stays inside its code block', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-markup-'));
    const error = 'terraform plan failed:\n```\n<!-- everything below is hidden\n````';
    const record = {
      kind: 'plan',
      stacks: [{ stack: 'onboard-acme', operation: 'onboard', passed: false, error, gates: [], summary: null }],
      policyBundle: { hash: 'b' },
      evaluationTime: '2026-10-01T00:00:00Z',
      inputsSha256: 'i',
      revision: null,
      base: { ref: 'main <!--', commit: 'c' },
      summary: { stacks: 1, passed: 0, denied: 0, failed: 1 },
    } as unknown as RunRecord;
    const body = runMarkdown(record, dir);
    expect(body).not.toContain('main <!--');
    const open = body.match(/^(`{3,})$/m)![1];
    expect(open.length).toBeGreaterThan(4);
    const inside = body.slice(body.indexOf(open) + open.length, body.lastIndexOf(open));
    expect(inside).toContain('<!-- everything below is hidden');
    expect(body.slice(body.lastIndexOf(open))).toContain('</details>');
  });
});

describe('README: "Prints one line per finding and a summary line": a plan\'s text cannot forge lines or drive the CI runner', () => {
  test('a for_each key holding a line break, a GitHub workflow command and terminal escapes stays inside its one line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-log-'));
    const key = 'x\n::add-mask::DENY\n##[error]forged\n\u001b[2K\u001b[1A\u202e1 stacks, 1 passed';
    const plan = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'plans', 's3', 'plan.json'), 'utf8').split('aws_s3_bucket.many[1]').join(`aws_s3_bucket.many[${JSON.stringify(key).slice(1, -1).replace(/"/g, '\\"')}]`);
    fs.writeFileSync(path.join(dir, 'plan.json'), plan);
    const r = await runCli(['check', '--plan-json', 'plan.json'], dir);
    expect(r.code).toBe(1);
    const lines = `${r.stdout}\n${r.stderr}`.split('\n');
    expect(lines.filter((l) => /^\s*(::|##\[)/.test(l))).toEqual([]);
    expect(lines.join('\n')).not.toMatch(/[\u001b\u202e]/);
    const forged = lines.filter((l) => l.includes('add-mask'));
    expect(forged.length).toBeGreaterThan(0);
    for (const l of forged) expect(l).toMatch(/^DENY +CSM-AWS-S3-001 high plan \[plan\] aws_s3_bucket\.many\[x\\n::add-mask::DENY\\n##\[error\]forged\\n\\u001b\[2K/);
  });
});

describe('README: "machine outputs (JSON, SARIF, JUnit)": a plan\'s text cannot make the JUnit report unreadable', () => {
  test('a for_each key holding U+FFFE, U+FFFF and a lone surrogate leaves well-formed XML 1.0 with the failure in it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-junit-'));
    const plan = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'plans', 's3', 'plan.json'), 'utf8').split('aws_s3_bucket.many[1]').join('aws_s3_bucket.many[\\"a\\ufffeb\\uffffc\\ud800d\\"]');
    fs.writeFileSync(path.join(dir, 'plan.json'), plan);
    const r = await runCli(['check', '--plan-json', 'plan.json', '--format', 'junit', '--output', 'report.xml'], dir);
    expect(r.code).toBe(1);
    const xml = fs.readFileSync(path.join(dir, 'report.xml'), 'utf8');
    // XML 1.0's Char production: tab, line feed, carriage return, U+0020-U+D7FF, U+E000-U+FFFD, U+10000 and up.
    expect(xml).not.toMatch(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u);
    expect(xml).toMatch(/<testcase classname="plan" name="CSM-AWS-S3-001 aws_s3_bucket\.many\[&quot;abc\ufffd?d&quot;\]"><failure /);
  });
});
