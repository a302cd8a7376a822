import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { catalogueWith, EXAMPLE_CATALOGUE } from '../support/catalogue-fixture';
import { check, csm, POLICIES, tempDir } from './support/inputs-catalogue';

/**
 * Class 9 of issue 11: bad input is exit 2 with a message naming the file, line or JSON path, never a stack
 * trace; exit 1 stays the verdict of a policy or a plan; a crash of csm itself is exit 3.
 */
const noTrace = /^\s+at /m;
type Run = Awaited<ReturnType<typeof csm>>;
const badInput = (r: Run, message: string | RegExp) => {
  expect({ code: r.code, trace: noTrace.test(r.stderr) }).toEqual({ code: 2, trace: false });
  if (typeof message === 'string') expect(r.stderr).toContain(message);
  else expect(r.stderr).toMatch(message);
};

// A plan file that cannot be used is that file's result (INVALID, in the report), not the whole run's: the
// other files are still judged (issue 12), and the run exits 2.
const badPlan = (r: Run, message: string | RegExp) => {
  expect({ code: r.code, trace: noTrace.test(`${r.stdout}\n${r.stderr}`) }).toEqual({ code: 2, trace: false });
  const invalid = r.stdout.split('\n').find((l) => l.startsWith('INVALID ')) ?? '';
  if (typeof message === 'string') expect(invalid).toContain(message);
  else expect(invalid).toMatch(message);
};

describe('README: "Exit codes: 0 ok, 1 policy or plan failure, 2 bad input or usage"', () => {
  test('a customers/ that is a file is bad input, located', async () => {
    const cat = catalogueWith();
    fs.rmSync(path.join(cat, 'customers'), { recursive: true });
    fs.writeFileSync(path.join(cat, 'customers'), 'not a folder\n');
    badInput(await csm(['validate', '--catalogue', cat], tempDir()), `${path.join(cat, 'customers')}:1:1: must be a folder of YAML files, not a file`);
  });

  test('--plan-json holding null is bad input', async () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'null.json'), 'null\n');
    badPlan(await check(['--catalogue', catalogueWith(), '--plan-json', path.join(cwd, 'null.json')], cwd), 'null.json: not a plan: the file holds null');
  });

  test('--plan-json whose actions are not a list is bad input naming the JSON path', async () => {
    const cwd = tempDir();
    const plan = { format_version: '1.2', resource_changes: [{ address: 'aws_s3_bucket.b', type: 'aws_s3_bucket', name: 'b', change: { actions: 'delete', before: {}, after: null } }] };
    fs.writeFileSync(path.join(cwd, 'plan.json'), JSON.stringify(plan));
    badPlan(await check(['--catalogue', catalogueWith(), '--plan-json', path.join(cwd, 'plan.json')], cwd), 'plan.json: line 1, column 128: resource_changes[0].change.actions: must be array');
  });

  test("a plan JSON beside a stack file that is not a stack is bad input, naming that file", async () => {
    const cwd = tempDir();
    const plans = path.join(cwd, 'stacks', 'onboard-acme', 'plans');
    fs.mkdirSync(plans, { recursive: true });
    fs.writeFileSync(path.join(plans, '..', 'cdk.tf.json'), '[1, 2]');
    fs.writeFileSync(path.join(plans, 'p.json'), JSON.stringify({ format_version: '1.2', resource_changes: [] }));
    badPlan(await check(['--catalogue', catalogueWith(), '--plan-json', path.join(plans, 'p.json')], cwd), /cdk\.tf\.json: not a synthesized stack: \(document\): must be object/);
  });

  test('a malformed evidence record given to trace is bad input, located at its field', async () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, 'evidence'));
    fs.writeFileSync(path.join(cwd, 'evidence', 'r.json'), JSON.stringify({ schema: 'csm-evidence/1', clauses: ['6.6'], decisions: [{ findings: 'none' }] }));
    badInput(await csm(['trace', '--catalogue', EXAMPLE_CATALOGUE, '--policies', POLICIES, '--evidence', path.join(cwd, 'evidence'), '--out', path.join(cwd, 'trace')], cwd), /evidence\/r\.json:1:\d+: decisions\[0\]\.findings: must be a list of findings/);
  });

  test('trace --evidence naming a file, not a folder, is bad input', async () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'evidence'), '{}');
    badInput(await csm(['trace', '--catalogue', EXAMPLE_CATALOGUE, '--evidence', path.join(cwd, 'evidence'), '--out', path.join(cwd, 'trace')], cwd), /cannot read the folder .*evidence: a part of the path is a file/);
  });

  test('synth --out under a file is bad input', async () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'file'), 'x');
    badInput(await csm(['synth', '--catalogue', EXAMPLE_CATALOGUE, '--out', path.join(cwd, 'file', 'out')], cwd), /cannot create the folder .*file\/out: a part of the path is a file, not a folder/);
  });

  test('report --out under a file is bad input', async () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'file'), 'x');
    const metrics = path.join(EXAMPLE_CATALOGUE, 'metrics', 'acme-2026-10.json');
    badInput(await csm(['report', 'acme', '--period', '2026-10', '--metrics', metrics, '--catalogue', EXAMPLE_CATALOGUE, '--out', path.join(cwd, 'file')], cwd), 'a part of the path is a file');
  });

  test('a metrics export that is a YAML alias bomb is bad input, not a crash', async () => {
    const cwd = tempDir();
    const bomb = 'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';
    fs.writeFileSync(path.join(cwd, 'm.json'), bomb);
    badInput(await csm(['report', 'acme', '--period', '2026-10', '--metrics', path.join(cwd, 'm.json'), '--catalogue', EXAMPLE_CATALOGUE], cwd), /m\.json:1:1: Excessive alias count/);
  });

  test('--waivers naming a folder is bad input, located', async () => {
    const cwd = tempDir();
    badInput(await check(['--catalogue', catalogueWith(), '--waivers', cwd], cwd), /:1:1: cannot read: EISDIR/);
  });

  test('--policies naming no folder is bad input (2), not a policy verdict (1)', async () => {
    const cwd = tempDir();
    badInput(await check(['--catalogue', catalogueWith()], cwd, path.join(cwd, 'no-such-policies')), 'no policies folder at');
  });

  test('policy test --run with a pattern that is not a regular expression is a usage error', async () => {
    badInput(await csm(['policy', 'test', POLICIES, '--run', '(unclosed'], tempDir()), '--run (unclosed: not a regular expression');
  });

  test('an unexpected failure inside csm is exit 3 with a one-line reason, the stack only with --debug', async () => {
    const failing = { out: () => { throw new Error('stdout is gone'); }, err: (l: string) => err.push(l), cwd: tempDir() };
    const err: string[] = [];
    expect(await main(['validate', '--catalogue', EXAMPLE_CATALOGUE], failing)).toBe(3);
    expect(err.join('\n')).toContain('csm validate: internal error (a bug in csm, not a finding of yours): stdout is gone');
    expect(err.join('\n')).not.toMatch(noTrace);
    err.length = 0;
    expect(await main(['validate', '--catalogue', EXAMPLE_CATALOGUE, '--debug'], failing)).toBe(3);
    expect(err.join('\n')).toMatch(noTrace);
  });
});
