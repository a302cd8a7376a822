// `csm policy test` and `csm policy eval` as a policy author uses them: opa test's discovery and counts, data
// files by folder, the time bound, Rego v0, and opa eval's answers and exit codes.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { folderWith as folder } from '../rego/test/support/folder';
import { runCli } from './support/run-cli';

describe('csm policy test finds and counts tests as opa test', () => {
  test('two rules with one test name are two tests (test_x, test_x#01); test rules in any file count', async () => {
    const dir = folder({
      'lib.rego': 'package t\n\ntest_in_policy_file if true\n',
      'a_test.rego': 'package t\n\ntest_x if false\n\ntest_x if true\n\ntodo_test_later if false\n\ntest_value := 1\n',
    });
    const r = await runCli(['policy', 'test', dir, '-v']);
    expect(r.stdout).toMatch(/^data\.t\.test_x: FAIL \(/m);
    expect(r.stdout).toMatch(/^data\.t\.test_x#01: PASS \(/m);
    expect(r.stdout).toMatch(/^data\.t\.test_in_policy_file: PASS \(/m);
    expect(r.stdout).toMatch(/^data\.t\.todo_test_later: SKIPPED$/m);
    // a test passes only with the value true
    expect(r.stdout).toMatch(/^data\.t\.test_value: FAIL \(/m);
    expect(r.stdout).toContain(`${path.join(dir, 'a_test.rego')}:3:`);
    expect(r.stdout.split('\n').slice(-3)).toEqual(['PASS: 2/5', 'FAIL: 2/5', 'SKIPPED: 1/5']);
    expect(r.code).toBe(1);
  });

  test('JSON and YAML files beside the policies are data at their folder path', async () => {
    const dir = folder({
      'p.rego': 'package t\n\nlimit := data.settings.limit\n\nnames := data.teams.names\n',
      'p_test.rego': 'package t\n\ntest_limit if limit == 3\n\ntest_names if names == ["a", "b"]\n',
      'settings/data.json': '{"limit": 3}',
      'teams/data.yaml': 'names:\n  - a\n  - b\n',
    });
    const r = await runCli(['policy', 'test', dir]);
    expect({ code: r.code, out: r.stdout }).toEqual({ code: 0, out: 'PASS: 2/2' });
  });

  test('a data file that does not parse is bad input, named with its line', async () => {
    const dir = folder({ 'p_test.rego': 'package t\n\ntest_x if true\n', 'cfg/data.yaml': 'a: [1\n' });
    const r = await runCli(['policy', 'test', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(path.join(dir, 'cfg', 'data.yaml'));
  });

  test('--ignore skips files by name as opa --ignore (YAML test fixtures that are not data)', async () => {
    const dir = folder({
      'p_test.rego': 'package t\n\ntest_x if true\n',
      'cases/one.yaml': 'kind: Pod\n',
      'cases/two.yaml': 'kind: Service\n',
    });
    const merged = await runCli(['policy', 'test', dir]);
    expect(merged.code).toBe(2);
    expect(merged.stderr).toMatch(/two\.yaml: merge error/);
    const r = await runCli(['policy', 'test', dir, '--ignore', '*.yaml', '--v1-compatible']);
    expect({ code: r.code, out: r.stdout }).toEqual({ code: 0, out: 'PASS: 1/1' });
  });

  test('--timeout bounds each test: one that runs on is an error, the others still run', async () => {
    const dir = folder({
      'slow_test.rego': [
        'package t',
        '',
        'test_endless if {',
        '\tsome i in numbers.range(1, 1000)',
        '\tsome j in numbers.range(1, 1000)',
        '\tsome k in numbers.range(1, 1000)',
        '\ti * j * k < 0',
        '}',
        '',
        'test_quick if true',
        '',
      ].join('\n'),
    });
    const t0 = Date.now();
    const r = await runCli(['policy', 'test', dir, '--timeout', '300ms']);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/data\.t\.test_endless: ERROR/);
    expect(r.stdout).toMatch(/timed out after 300 ms/);
    expect(r.stdout.split('\n').slice(-2)).toEqual(['PASS: 1/2', 'ERROR: 1/2']);
  });

  test('--timeout refuses what is not a positive duration', async () => {
    for (const bad of ['0', '-1s', 'soon', '5x']) {
      const r = await runCli(['policy', 'test', 'policies', '--timeout', bad]);
      expect({ bad, code: r.code }).toEqual({ bad, code: 2 });
    }
  });

  test('a v0 library runs with --v0-compatible and is a parse error without it', async () => {
    const dir = folder({
      'k8s.rego': 'package k8s\n\ndeny[msg] {\n\tinput.kind == "Pod"\n\tnot input.spec.securityContext.runAsNonRoot\n\tmsg := "runs as root"\n}\n',
      'k8s_test.rego': 'package k8s\n\ntest_root {\n\tdeny["runs as root"] with input as {"kind": "Pod", "spec": {}}\n}\n\ntest_non_root {\n\tcount(deny) == 0 with input as {"kind": "Pod", "spec": {"securityContext": {"runAsNonRoot": true}}}\n}\n',
    });
    const v0 = await runCli(['policy', 'test', dir, '--v0-compatible']);
    expect({ code: v0.code, out: v0.stdout }).toEqual({ code: 0, out: 'PASS: 2/2' });
    const v1 = await runCli(['policy', 'test', dir]);
    expect(v1.code).toBe(2);
    expect(v1.stderr).toMatch(/k8s\.rego:3:\d+: rego_parse_error/);
  });

  test('print output and trace notes show under -v', async () => {
    const dir = folder({ 't_test.rego': 'package t\n\ntest_talks if {\n\tprint("checking", 1 + 1)\n\ttrace("a note")\n}\n' });
    const r = await runCli(['policy', 'test', dir, '-v']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  checking 2');
    expect(r.stdout).toContain('  Note "a note"');
  });

  test('no test found is a failure, not a silent pass', async () => {
    const r = await runCli(['policy', 'test', folder({ 'p.rego': 'package t\n\np := 1\n' })]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no test rules/);
  });

  test('--coverage says it is not available', async () => {
    const r = await runCli(['policy', 'test', 'policies', '--coverage']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--coverage is not available/);
  });
});

describe('csm policy eval answers as opa eval', () => {
  const dir = () =>
    folder({
      'authz.rego': 'package authz\n\ndefault allow := false\n\nallow if input.user == "admin"\n\nroles contains r if some r in data.roles[input.user]\n',
      'roles/data.json': '{"ann": ["dev", "ops"]}',
    });
  const input = (doc: unknown): string => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'csm-in-')), 'input.json');
    fs.writeFileSync(f, JSON.stringify(doc));
    return f;
  };

  test('the value of a rule, with the expression text and location', async () => {
    const r = await runCli(['policy', 'eval', '-d', dir(), '-i', input({ user: 'bob' }), 'data.authz.allow']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ result: [{ expressions: [{ value: false, text: 'data.authz.allow', location: { row: 1, col: 1 } }] }] });
  });

  test('bindings, a pretty table, and --fail / --fail-defined exit codes', async () => {
    const d = dir();
    const i = input({ user: 'ann' });
    const bound = await runCli(['policy', 'eval', '-d', d, '-i', i, 'some r in data.authz.roles']);
    expect(JSON.parse(bound.stdout).result.map((x: { bindings: unknown }) => x.bindings)).toEqual([{ r: 'dev' }, { r: 'ops' }]);
    const pretty = await runCli(['policy', 'eval', '-d', d, '-i', i, '--format', 'pretty', 'x := count(data.authz.roles)']);
    expect(pretty.stdout.split('\n')).toEqual(['+---+', '| x |', '+---+', '| 2 |', '+---+']);
    const undef = await runCli(['policy', 'eval', '-d', d, '--fail', 'data.authz.nothing']);
    expect({ code: undef.code, out: undef.stdout }).toEqual({ code: 1, out: '{}' });
    const defined = await runCli(['policy', 'eval', '-d', d, '--fail-defined', 'data.authz.allow']);
    expect(defined.code).toBe(1);
    const ok = await runCli(['policy', 'eval', '-d', d, '--fail', 'data.authz.allow']);
    expect(ok.code).toBe(0);
  });

  test('a query that does not compile, a missing input file: exit 2 with the reason', async () => {
    const bad = await runCli(['policy', 'eval', '-d', dir(), 'data.authz.allow ==']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/rego_parse_error/);
    const missing = await runCli(['policy', 'eval', '-d', dir(), '-i', '/nonexistent/input.json', 'input']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('/nonexistent/input.json');
  });
});
