import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/run-cli';
import { REPO } from '../support/catalogue-fixture';
import { RUN_RECORD_SCHEMA } from '../../src/fleet/run-record';

/**
 * Attacks on what the fleet-wide plans and the CI flow added: a run record handed to `csm apply` that names files
 * outside the project or stacks it never planned, and two processes racing `terraform init` into one plugin cache.
 */
function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-fleet-'));
  fs.cpSync(path.join(REPO, 'catalogue'), path.join(dir, 'catalogue'), { recursive: true });
  fs.cpSync(path.join(REPO, 'policies'), path.join(dir, 'policies'), { recursive: true });
  return dir;
}

function runRecord(dir: string, stacks: Array<{ stack: string; planRecord: { file: string; sha256: string } | null; passed?: boolean }>): string {
  fs.mkdirSync(path.join(dir, 'review'), { recursive: true });
  const file = path.join(dir, 'review', 'run.json');
  fs.writeFileSync(file, JSON.stringify({ schema: RUN_RECORD_SCHEMA, stacks: stacks.map((s) => ({ passed: true, ...s })) }));
  return file;
}

describe('csm apply of a run record: the record only names plans, each checked as if given by hand', () => {
  test('a plan record outside the project is refused before anything is read or applied (exit 2)', async () => {
    const dir = project();
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-elsewhere-'));
    fs.writeFileSync(path.join(outside, 'x.record.json'), '{}');
    const run = runRecord(dir, [{ stack: 'onboard-acme', planRecord: { file: path.relative(path.join(dir, 'review'), path.join(outside, 'x.record.json')), sha256: '0'.repeat(64) } }]);
    const r = await runCli(['apply', run, '--evidence', path.join(dir, 'evidence')], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/onboard-acme: \.\.\/\.\.\/csm-elsewhere-\w+\/x\.record\.json leads outside the project/);
    expect(fs.existsSync(path.join(dir, 'evidence'))).toBe(false);
  });

  test('--stack must be a stack the run planned, with a plan; --stack without a run record is a usage error', async () => {
    const dir = project();
    const run = runRecord(dir, [{ stack: 'onboard-acme', planRecord: null, passed: false }]);
    const unknown = await runCli(['apply', run, '--stack', 'onboard-mallory'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('the run planned no stack "onboard-mallory"');
    const denied = await runCli(['apply', run, '--stack', 'onboard-acme'], dir);
    expect(denied.code).toBe(2);
    expect(denied.stderr).toContain('onboard-acme has no plan to apply (its gate did not pass)');
    fs.writeFileSync(path.join(dir, 'p.record.json'), '{"schema":"csm-plan-record/2"}');
    const plain = await runCli(['apply', 'p.record.json', '--stack', 'onboard-acme'], dir);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('--stack applies to a run record (csm-plan-run/1) only');
  });

  test('a run record naming a forged plan record in the project: apply refuses that plan as it would by hand, and records the attempt', async () => {
    const dir = project();
    fs.mkdirSync(path.join(dir, 'cdktf.out', 'stacks', 'onboard-acme', 'plans'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'cdktf.out', 'stacks', 'onboard-acme', 'plans', 'x.record.json'), JSON.stringify({ schema: 'csm-plan-record/2', operation: 'onboard', customer: 'acme' }));
    const run = runRecord(dir, [{ stack: 'onboard-acme', planRecord: { file: '../cdktf.out/stacks/onboard-acme/plans/x.record.json', sha256: '0'.repeat(64) } }]);
    const r = await runCli(['apply', run, '--evidence', path.join(dir, 'evidence')], dir);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/csm apply: REFUSED/);
    expect(fs.readdirSync(path.join(dir, 'evidence'))).toHaveLength(1);
  });
});

describe('one plugin cache, many processes: terraform init runs one at a time', () => {
  test('two processes initializing into one cache never overlap; a lock left by a dead process is taken over', async () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-cache-'));
    const log = path.join(cache, 'log');
    const script = (name: string) =>
      `const { withInitLock } = require(${JSON.stringify(path.join(REPO, 'dist', 'src', 'terraform', 'plugin-cache.js'))});
       const fs = require('fs');
       withInitLock(${JSON.stringify(cache)}, async () => {
         fs.appendFileSync(${JSON.stringify(log)}, 'start ${name}\\n');
         await new Promise((r) => setTimeout(r, 400));
         fs.appendFileSync(${JSON.stringify(log)}, 'end ${name}\\n');
       });`;
    // A lock from a process that is gone (pid 2^22 + 1 is past Linux's default pid_max... or not running).
    fs.writeFileSync(path.join(cache, '.csm-init.lock'), JSON.stringify({ pid: 4194305, host: os.hostname() }));
    const run = (name: string) => new Promise<number>((resolve) => spawn(process.execPath, ['-e', script(name)], { stdio: 'ignore' }).on('close', (c) => resolve(c ?? 1)));
    const codes = await Promise.all(['a', 'b', 'c'].map(run));
    expect(codes).toEqual([0, 0, 0]);
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(6);
    for (let i = 0; i < 6; i += 2) expect([lines[i].split(' ')[0], lines[i + 1].split(' ')[0], lines[i].split(' ')[1]]).toEqual(['start', 'end', lines[i + 1].split(' ')[1]]);
    expect(fs.existsSync(path.join(cache, '.csm-init.lock'))).toBe(false);
  });
});
