// End-to-end: Rego source → compile → the unmodified opa-wasm SDK evaluates the module.
import { compile, loadCompiled, loadCompiledSync, RegoCompileError } from '../src/index';

async function run(source: string | string[], query: string, input?: unknown, data?: unknown): Promise<unknown> {
  const srcs = Array.isArray(source) ? source : [source];
  const { wasm } = await compile({ modules: srcs.map((s, i) => ({ path: `m${i}.rego`, source: s })), queries: { q: query } });
  const policy = await loadCompiled(wasm, data);
  return policy.evaluate(input, 'q');
}

async function entry(source: string, ep: string, input?: unknown, data?: unknown): Promise<unknown> {
  const { wasm, entrypoints } = await compile({ modules: [{ path: 'm.rego', source }], entrypoints: [ep] });
  expect(entrypoints).toContain(ep);
  const policy = await loadCompiled(wasm, data);
  return policy.evaluate(input, ep);
}

async function error(source: string, query: string, input?: unknown): Promise<string> {
  try {
    await run(source, query, input);
  } catch (e) {
    return String(e instanceof Error ? e.message : e);
  }
  throw new Error('expected an error');
}

describe('complete rules', () => {
  test('constant and undefined', async () => {
    expect(await run('package t\np := 1', 'data.t.p = x')).toEqual([{ x: 1 }]);
    expect(await run('package t\np := 1 if input.a', 'data.t.p = x', {})).toEqual([]);
  });
  test('false is not undefined', async () => {
    expect(await run('package t\np := false', 'data.t.p = x')).toEqual([{ x: false }]);
    expect(await run('package t\np := false\nq if p', 'data.t.q = x')).toEqual([]);
  });
  test('conflict', async () => {
    const src = 'package t\np := 1 if input.a\np := 2 if input.b';
    expect(await run(src, 'data.t.p = x', { a: 1 })).toEqual([{ x: 1 }]);
    expect(await error(src, 'data.t.p = x', { a: 1, b: 1 })).toMatch(/eval_conflict_error/);
  });
  test('default and else', async () => {
    const src = 'package t\ndefault p := "d"\np := "a" if input.a\nq := 1 if input.x else := 2 if input.y else := 3';
    expect(await run(src, 'x = [data.t.p, data.t.q]', {})).toEqual([{ x: ['d', 3] }]);
    expect(await run(src, 'x = [data.t.p, data.t.q]', { a: true, y: 1 })).toEqual([{ x: ['a', 2] }]);
  });
  test('entrypoint rule and package', async () => {
    expect(await entry('package a.b\np := 1\nq contains 2', 'a/b/p')).toEqual([{ result: 1 }]);
    expect(await entry('package a.b\np := 1\nq contains 2', 'a/b')).toEqual([{ result: { p: 1, q: [2] } }]);
    expect(await entry('package a.b\np := 1 if input.x', 'a/b/p', {})).toEqual([]);
  });
});

describe('partial rules', () => {
  test('sets and objects', async () => {
    const src = 'package t\ns contains x if { some x in input }\no[k] := v if { some v in input; k := sprintf("k%d", [v]) }';
    expect(await run(src, 'x = data.t.s', [3, 1, 2, 1])).toEqual([{ x: [1, 2, 3] }]);
    expect(await run(src, 'x = data.t.o', [1, 2])).toEqual([{ x: { k1: 1, k2: 2 } }]);
  });
  test('empty partial set is defined', async () => {
    expect(await run('package t\ns contains x if { some x in input }', 'x = data.t.s', [])).toEqual([{ x: [] }]);
  });
  test('object key conflict', async () => {
    expect(await error('package t\no[k] := v if { some v in [1, 2]; k := "a" }', 'x = data.t.o')).toMatch(/eval_conflict_error/);
  });
  test('ref heads', async () => {
    const src = 'package t\na.b[x] contains y if { some x, y in {"k": 1, "j": 2} }\nc.d := 5';
    expect(await run(src, 'x = data.t', {})).toEqual([{ x: { a: { b: { j: [2], k: [1] } }, c: { d: 5 } } }]);
  });
  test('ref-head rules at several depths make one document', async () => {
    const sets = 'package t\np[q] contains r if { some q in ["a", "b"]; some r in ["x"] }\np.b contains "y"';
    expect(await run(sets, 'x = data.t.p')).toEqual([{ x: { a: ['x'], b: ['x', 'y'] } }]);
    const objs = 'package t\np[q].r := 1 if { some q in ["a"] }\np.d.r := 3';
    expect(await run(objs, 'x = data.t.p')).toEqual([{ x: { a: { r: 1 }, d: { r: 3 } } }]);
    const inject = 'package t\np[q].r := {"s": 1} if q := "q"\np.q.r.u := 2';
    expect(await error(inject, 'x = data.t.p')).toMatch(/eval_conflict_error/);
  });
  test('a keyed rule document enumerates keys in the order its rules produce them', async () => {
    const src = 'package t\np.q[r].s := 1 if r := "foo"\np.q[r].s := 2 if r := "bar"';
    expect(await run(src, 'data.t.p.q[i].s = x')).toEqual([{ i: 'foo', x: 1 }, { i: 'bar', x: 2 }]);
  });
  test('iteration over virtual documents', async () => {
    const src = 'package t\ns contains x if { some x in [1, 2] }';
    expect(await run(src, 'data.t.s[x]')).toEqual([{ x: 1 }, { x: 2 }]);
  });
});

describe('functions', () => {
  test('multiple bodies and patterns', async () => {
    const src = 'package t\nf(1) := "one"\nf(x) := "many" if x > 1\ng([a, b]) := a + b';
    expect(await run(src, 'x = [data.t.f(1), data.t.f(5), data.t.g([2, 3])]')).toEqual([{ x: ['one', 'many', 5] }]);
  });
  test('conflict', async () => {
    expect(await error('package t\nf(x) := 1\nf(x) := 2', 'x = data.t.f(1)')).toMatch(/eval_conflict_error/);
  });
});

describe('more semantics', () => {
  test('functions with else and default', async () => {
    const src = 'package t\nf(x) := "neg" if x < 0\nelse := "zero" if x == 0\nelse := "pos"\ndefault g(_) := 0\ng(x) := 1 if x > 5';
    expect(await run(src, 'x = [data.t.f(-1), data.t.f(0), data.t.f(3), data.t.g(1), data.t.g(9)]')).toEqual([{ x: ['neg', 'zero', 'pos', 0, 1] }]);
  });
  test('query result sets list every solution in evaluation order', async () => {
    expect(await run('package t', 'some x in [3, 1, 2]; y := x * 10')).toEqual([
      { x: 3, y: 30 },
      { x: 1, y: 10 },
      { x: 2, y: 20 },
    ]);
    expect(await run('package t', 'x := 1; x > 2')).toEqual([]);
  });
  test('with replaces functions and builtins for everything the expression evaluates', async () => {
    const src = 'package t\nf(x) := x + 1\np := f(1)\nq := n if { n := p with f as 10 }\nr := n if { n := count([1]) with count as 7 }';
    expect(await run(src, 'x = [data.t.p, data.t.q, data.t.r]')).toEqual([{ x: [2, 10, 7] }]);
  });
  test('comparisons, equality and membership', async () => {
    const src = 'package t\np := [1 < 2, "a" >= "b", [1, 2] == [1, 2], {"a": 1} != {"a": 2}, 2 in {1, 2}, "k", "v" in {"k": "v"}]';
    expect(await run(src, 'x = data.t.p')).toEqual([{ x: [true, false, true, true, true, 'k', true] }]);
  });
  test('builtin errors are undefined unless strict (OPA default)', async () => {
    expect(await run('package t\np := 1 / 0', 'x = data.t.p')).toEqual([]);
  });
});

describe('bodies', () => {
  test('some in, every, not, comprehensions', async () => {
    const src = `package t
evens := [x | some x in input; x % 2 == 0]
pairs := {k: v | some k, v in {"a": 1, "b": 2}}
all_pos if { every x in input { x > 0 } }
none_big if { not big }
big if { some x in input; x > 100 }
uniq := {x | some x in input}`;
    expect(await run(src, 'x = [data.t.evens, data.t.pairs, data.t.all_pos, data.t.none_big, data.t.uniq]', [1, 2, 4, 2])).toEqual([
      { x: [[2, 4, 2], { a: 1, b: 2 }, true, true, [1, 2, 4]] },
    ]);
  });
  test('unification of arrays and objects', async () => {
    expect(await run('package t\np := [a, b] if { [a, {"k": b}] = [1, {"k": 2}] }', 'x = data.t.p')).toEqual([{ x: [1, 2] }]);
    expect(await run('package t', '[1, y] = [x, 2]')).toEqual([{ x: 1, y: 2 }]);
  });
  test('arithmetic and set operators', async () => {
    expect(await run('package t', 'x = [1 + 2 * 3, {1, 2} | {3}, {1, 2} & {2}, {1, 2} - {1}]')).toEqual([{ x: [7, [1, 2, 3], [2], [2]] }]);
  });
  test('with input and data', async () => {
    const src = 'package t\np := input.v\nq := data.base.v\nr := x if { x := p with input.v as 9 }\ns := x if { x := q with data.base.v as 8 }\nu := p + 1';
    expect(await run(src, 'x = [data.t.r, data.t.s]', { v: 1 }, { base: { v: 2 } })).toEqual([{ x: [9, 8] }]);
    expect(await run(src, 'x = data.t.u with data.t.p as 41', { v: 1 })).toEqual([{ x: 42 }]);
  });
  test('data tree merges base documents and rules', async () => {
    expect(await run('package t\np := 1', 'x = data.t', undefined, { t: { b: 2 } })).toEqual([{ x: { b: 2, p: 1 } }]);
  });
});

describe('builtins the planner treats specially', () => {
  test('rego.metadata.rule() is the calling rule\'s own annotation', async () => {
    const src = `package t
# METADATA
# custom:
#   id: A
deny contains x if x := rego.metadata.rule().custom.id

# METADATA
# custom:
#   id: B
deny contains x if {
	input.b
	x := rego.metadata.rule().custom.id
}`;
    expect(await run(src, 'x = data.t.deny', { b: true })).toEqual([{ x: ['A', 'B'] }]);
  });
  test('opa.runtime() is {} in a module, and can stand in for another builtin of its arity', async () => {
    expect(await run('package t\np := opa.runtime()', 'data.t.p = x')).toEqual([{ x: {} }]);
    expect(await run('package t\np := x if x = time.now_ns() with time.now_ns as opa.runtime', 'data.t.p = x')).toEqual([{ x: {} }]);
  });
  test('yaml.is_valid answers as OPA does where the SDK does not: false for a non-string, a stream of documents', async () => {
    const src = 'package t\np := [x | some d in input.docs; x := yaml.is_valid(d)]';
    expect(await run(src, 'data.t.p = x', { docs: [1, 'a: 1\n---\nb: 2\n', 'a: 1\n---\n\tb: 2\n', 'a: {'] })).toEqual([{ x: [false, true, false, false] }]);
  });
  test('walk is a relation', async () => {
    expect(await run('package t\np := {path | [path, 2] := walk({"a": [1, 2]})}', 'x = data.t.p')).toEqual([{ x: [['a', 1]] }]);
  });
  test('dynamic keys into data reach only the documents asked for', async () => {
    const src = ['package t\np := data[k].allow if k := "primary"', 'package primary\nallow := true'];
    expect(await run(src, 'x = data.t.p')).toEqual([{ x: true }]);
  });
});

describe('public API', () => {
  test('entrypoints in id order, annotations, synchronous loading', async () => {
    const src = 'package a\n\n# METADATA\n# title: P\np := input.x\nq := data.base';
    const r = await compile({ modules: [{ path: 'a.rego', source: src }], entrypoints: ['a/p', 'a'], queries: { z: 'x := data.a.q' } });
    expect(r.entrypoints).toEqual(['a/p', 'a', 'z']);
    expect(r.annotations.map((a) => a.title)).toEqual(['P']);
    const policy = loadCompiledSync(r.wasm, { base: 7 });
    expect(policy.evaluate({ x: 1 }, 'a/p')).toEqual([{ result: 1 }]);
    expect(policy.evaluate({ x: 1 }, 'a')).toEqual([{ result: { p: 1, q: 7 } }]);
    expect(policy.evaluate(undefined, 'z')).toEqual([{ x: 7 }]);
  });
  test('unknown entrypoints are compile errors', async () => {
    await expect(compile({ modules: [{ path: 'a.rego', source: 'package a\np := 1' }], entrypoints: ['a/nope'] })).rejects.toBeInstanceOf(RegoCompileError);
  });
});

describe('errors', () => {
  test('compile errors carry code and location', async () => {
    await expect(compile({ modules: [{ path: 'bad.rego', source: 'package t\np := ' }] })).rejects.toBeInstanceOf(RegoCompileError);
  });
});
