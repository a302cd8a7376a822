// The tools around the compiler: OPA's loader (loadFiles), `opa test` (runTests, its report) and `opa eval`
// (evalQuery). The evaluations run in the built worker (dist/src/tools/eval-worker.js): build the package first.
import * as path from 'path';
import { folderWith as folder } from './support/folder';
import { countTests, evalQuery, formatTestReport, loadFiles, LoadError, runTests, testReportJson } from '../src/index';


describe('loadFiles', () => {
  test('modules by path, data by folder, hidden entries skipped, a .manifest setting versions per file', () => {
    const dir = folder({
      'a.rego': 'package a',
      'v0/old.rego': 'package old',
      'data.json': '{"top": 1}',
      'x/y/any-name.yaml': 'k: v',
      'x/y/more.json': '{"n": [1]}',
      '.git/config.json': '{"ignored": true}',
      '.manifest': '{"rego_version": 1, "file_rego_versions": {"/v0/*.rego": 0}}',
    });
    const l = loadFiles([dir]);
    expect(l.modules.map((m) => [path.relative(dir, m.path), m.regoVersion])).toEqual([['a.rego', 1], ['v0/old.rego', 0]]);
    expect(l.data).toEqual({ top: 1, x: { y: { k: 'v', n: [1] } } });
  });
  test('two files setting one leaf differently is a merge error naming the file; bad JSON names the file', () => {
    const dir = folder({ 'a/one.json': '{"k": 1}', 'a/two.json': '{"k": 2}' });
    expect(() => loadFiles([dir])).toThrow(LoadError);
    expect(() => loadFiles([dir])).toThrow(/two\.json: merge error: data\.a\.k/);
    expect(() => loadFiles([folder({ 'bad.json': '{"k":' })])).toThrow(/bad\.json/);
    expect(() => loadFiles(['/nonexistent/rego'])).toThrow(/no such file or folder/);
  });
  test('ignore skips files and folders by name at any depth, with shell patterns as opa --ignore', () => {
    const dir = folder({
      'p.rego': 'package p',
      'checks/case-one.yaml': 'k: 1',
      'checks/case-two.yaml': 'k: 2',
      'checks/c.rego': 'package c',
      'vendor/v.rego': 'package v',
      'vendor2/w.rego': 'package w',
    });
    expect(() => loadFiles([dir])).toThrow(/merge error/);
    const l = loadFiles([dir], { ignore: ['*.yaml', 'vendor'] });
    expect(l.modules.map((m) => path.relative(dir, m.path))).toEqual(['checks/c.rego', 'p.rego', 'vendor2/w.rego']);
    expect(l.data).toEqual({});
    const classes = loadFiles([dir], { ignore: ['case-[!t]*', 'vendor?'] });
    expect(classes.data).toEqual({ checks: { k: 2 } });
    expect(classes.modules.map((m) => path.relative(dir, m.path))).toEqual(['checks/c.rego', 'p.rego', 'vendor/v.rego']);
  });
});

describe('runTests', () => {
  const tests = `package t
import rego.v1
test_same if false
test_same if true
test_one := 1
todo_test_skip if false
test_cases[name] if {
  some name, want in {"one": 1, "two": 2, "three": 3}
  want < 3
}
test_conflict := x if {
  some x in [1, 2]
}
`;
  test('each body its own test, value true to pass, parameterized cases counted one by one', async () => {
    const report = await runTests({ modules: [{ path: 't_test.rego', source: tests }] });
    const outcome = report.results.map((r) => [r.name, r.skip ? 'SKIP' : r.error !== undefined ? 'ERROR' : r.fail ? 'FAIL' : 'PASS']);
    expect(outcome).toEqual([
      ['test_same', 'FAIL'],
      ['test_same#01', 'PASS'],
      ['test_one', 'FAIL'],
      ['todo_test_skip', 'SKIP'],
      ['test_cases', 'FAIL'],
      ['test_conflict', 'ERROR'],
    ]);
    const cases = report.results.find((r) => r.name === 'test_cases')!.sub;
    expect(cases.map((c) => [c.name, c.fail])).toEqual([['one', false], ['three', true], ['two', false]]);
    expect(countTests(report.results)).toEqual({ pass: 3, fail: 3, skip: 1, error: 1, total: 8 });
    const text = formatTestReport(report);
    expect(text.slice(-4)).toEqual(['PASS: 3/8', 'FAIL: 3/8', 'SKIPPED: 1/8', 'ERROR: 1/8']);
    expect(text).toContain('  three: FAIL');
    expect(text.some((l) => /eval_conflict_error/.test(l))).toBe(true);
    const json = testReportJson(report) as { name: string; fail?: boolean; duration: number; error?: { code?: string } }[];
    expect(json.map((j) => [j.name, j.fail === true])).toEqual(outcome.map(([n, o]) => [n, o === 'FAIL']));
    expect(json.find((j) => j.name === 'test_conflict')?.error?.code).toBe('eval_conflict_error');
  });
  test('a filter selects by full name; a test past its bound is an error and the next still runs', async () => {
    const slow = 'package s\nimport rego.v1\ntest_slow if { some i in numbers.range(1, 2000); some j in numbers.range(1, 2000); some k in numbers.range(1, 2000); i * j * k < 0 }\ntest_fast if true';
    const report = await runTests({ modules: [{ path: 's_test.rego', source: slow }, { path: 't_test.rego', source: tests }], filter: /^data\.s\./, timeoutMs: 250 });
    expect(report.results.map((r) => [r.name, r.error])).toEqual([['test_slow', 'evaluation timed out after 250 ms'], ['test_fast', undefined]]);
  });
});

describe('evalQuery', () => {
  const modules = [{ path: 'p.rego', source: 'package p\nimport rego.v1\nallow := false\nxs := [1, 2, 3]' }];
  test('captures expression values as opa eval: a false value alone is reported, among others it filters', async () => {
    expect((await evalQuery({ modules, query: 'data.p.allow' })).output).toEqual({ result: [{ expressions: [{ value: false, text: 'data.p.allow', location: { row: 1, col: 1 } }] }] });
    expect((await evalQuery({ modules, query: '1 == 2' })).output.result?.[0].expressions[0].value).toBe(false);
    expect((await evalQuery({ modules, query: 'x := 1; data.p.allow' })).output).toEqual({});
    const it = await evalQuery({ modules, query: 'x := data.p.xs[i]\nx > 1' });
    expect(it.output.result?.map((r) => r.bindings)).toEqual([{ x: 2, i: 1 }, { x: 3, i: 2 }]);
    expect(it.output.result?.[0].expressions.map((e) => [e.text, e.value])).toEqual([['x := data.p.xs[i]', true], ['x > 1', true]]);
  });
  test('input and data reach the query; undefined is {}', async () => {
    const out = await evalQuery({ modules: [], query: 'input.a + data.b', input: { a: 1 }, data: { b: 2 } });
    expect(out.output.result?.[0].expressions[0].value).toBe(3);
    expect((await evalQuery({ modules: [], query: 'input.missing' })).output).toEqual({});
  });
});
