// Front end: golden compile-time errors with OPA's codes, messages and `file:row:col` positions.
import { check } from '../src/check';
import { formatError, RegoCompileError } from '../src/errors';
import { parseModule, parseQuery } from '../src/parse';

function errorsOf(src: string | string[], query?: string): string[] {
  try {
    const srcs = Array.isArray(src) ? src : [src];
    const modules = srcs.map((s, i) => parseModule(s, `m${i}.rego`));
    check(modules, query ? { q: parseQuery(query, 'q') } : {});
  } catch (e) {
    if (e instanceof RegoCompileError) return e.errors.map((x) => formatError(x).split('\n')[0]);
    throw e;
  }
  return [];
}

describe('rego_parse_error', () => {
  test.each([
    ['package expected', 'p := 1', 'm0.rego:1:1: rego_parse_error: package expected'],
    ['v0 body without if', 'package a\np { true }', 'm0.rego:2:3: rego_parse_error: `if` keyword is required before rule body'],
    ['v0 partial set', 'package a\np[x]', 'm0.rego:2:1: rego_parse_error: `contains` keyword is required for partial set rules'],
    ['non-terminated string', 'package a\np := "abc', 'm0.rego:2:6: rego_parse_error: non-terminated string'],
    ['illegal token', 'package a\np := 1 if { x := ~ }', 'm0.rego:2:18: rego_parse_error: illegal token'],
    ['unexpected token', 'package a\np := 1 if { x := }', 'm0.rego:2:18: rego_parse_error: unexpected } token: expected term'],
    ['missing closing bracket', 'package a\np := [1, 2', 'm0.rego:2:11: rego_parse_error: unexpected eof token: expected ]'],
    ['two exprs on one line', 'package a\np if { x := 1 y := 2 }', 'm0.rego:2:15: rego_parse_error: unexpected identifier token'],
    ['bad import', 'package a\nimport foo.bar', 'm0.rego:2:1: rego_parse_error: unexpected import path, must begin with one of: {data, future, input, rego}, got: foo'],
    ['else on multi-value rule', 'package a\np contains 1 if false else := 2', 'm0.rego:2:23: rego_parse_error: else keyword cannot be used on multi-value rules'],
    ['empty body', 'package a\np if {}', 'm0.rego:2:6: rego_parse_error: found empty body'],
    ['keyword as var', 'package a\np if { if := 1 }', 'm0.rego:2:8: rego_parse_error: unexpected if token: expected term'],
  ])('%s', (_name, src, want) => {
    expect(errorsOf(src)).toEqual([want]);
  });
});

describe('compile errors', () => {
  test.each([
    ['unsafe var in body', 'package a\np if { x > 1 }', 'm0.rego:2:8: rego_unsafe_var_error: var x is unsafe'],
    ['unsafe var in head', 'package a\np := y if { x := 1 }', 'm0.rego:2:6: rego_unsafe_var_error: var y is unsafe'],
    ['unsafe var in negation', 'package a\np if { not x }', 'm0.rego:2:12: rego_unsafe_var_error: var x is unsafe'],
    ['unbound output argument in negation', 'package a\nf(x) := x\np if { x := 1; not f(x, y) }', 'm0.rego:3:25: rego_unsafe_var_error: var y is unsafe'],
    ['iteration var bound only in a negation', 'package a\np if { not input.xs[i] }', 'm0.rego:2:21: rego_unsafe_var_error: var i is unsafe'],
    ['unsafe var in comprehension body', 'package a\np := [1 | y > 1]', 'm0.rego:2:11: rego_unsafe_var_error: var y is unsafe'],
    ['unknown rule is an unsafe var', 'package a\np if { q[_] }', 'm0.rego:2:8: rego_unsafe_var_error: var q is unsafe'],
    ['undefined function', 'package a\np := foo(1)', 'm0.rego:2:6: rego_type_error: undefined function foo'],
    ['undefined package function', 'package a\np := data.b.f(1)', 'm0.rego:2:6: rego_type_error: undefined function data.b.f'],
    ['builtin arity', 'package a\np := count(1, 2, 3)', 'm0.rego:2:6: rego_type_error: count: too many arguments'],
    ['function arity', 'package a\nf(x) := x\np := f()', 'm0.rego:3:6: rego_type_error: data.a.f: too few arguments'],
    ['builtin with a literal of the wrong type', 'package a\np := count(1)', 'm0.rego:2:6: rego_type_error: count: invalid argument(s)'],
    ['operator with a literal of the wrong type', 'package a\np if { x := 1 + "a" }', 'm0.rego:2:13: rego_type_error: plus: invalid argument(s)'],
    ['recursion', 'package a\np if q\nq if p', 'm0.rego:2:1: rego_recursion_error: rule data.a.p is recursive: data.a.p -> data.a.q -> data.a.p'],
    ['self recursion', 'package a\np contains x if { p[x] }', 'm0.rego:2:1: rego_recursion_error: rule data.a.p is recursive: data.a.p -> data.a.p'],
    ['conflicting kinds', 'package a\np := 1\np contains 2', 'm0.rego:3:1: rego_type_error: conflicting rules data.a.p found'],
    ['function and value', 'package a\nf(x) := 1\nf := 2', 'm0.rego:3:1: rego_type_error: conflicting rules data.a.f found'],
    ['multiple defaults', 'package a\ndefault p := 1\ndefault p := 2', 'm0.rego:3:1: rego_type_error: multiple default rules data.a.p found'],
    ['rule nested under a value', 'package a\np := 1\np.q := 2', 'm0.rego:2:1: rego_type_error: rule data.a.p conflicts with [data.a.p.q]'],
    ['with replacing part of a rule', 'package a\nm[k] := 1 if some k in input\np if { m.k == 2 with m.k as 2 }', 'm0.rego:3:22: rego_compile_error: with keyword cannot partially replace virtual document(s)'],
    ['with replacing part of a rule in a comprehension', 'package a\nm := {"k": 1}\np := [1 | data.a.m.k with data.a.m.k as 2]', 'm0.rego:3:27: rego_compile_error: with keyword cannot partially replace virtual document(s)'],
    ['assigned twice', 'package a\np if { x := 1; x := 2 }', 'm0.rego:2:16: rego_compile_error: var x assigned above'],
    ['referenced then assigned', 'package a\nq := 1\np if { x == 1; x := 2 }', 'm0.rego:3:16: rego_compile_error: var x referenced above'],
    ['declared then assigned', 'package a\np if { some x; x := 1 }', 'm0.rego:2:16: rego_compile_error: var x declared above'],
    ['function arg redeclared', 'package a\nf(x) := y if { x := 1; y := 2 }', 'm0.rego:2:16: rego_compile_error: arg x redeclared'],
    ['unused some', 'package a\np if { some x; input.y }', 'm0.rego:2:13: rego_compile_error: declared var x unused'],
    ['bad with target', 'package a\np if { true with foo as 1 }', 'm0.rego:2:18: rego_compile_error: with keyword target must reference existing input, data, or a function'],
    ['shadowing input', 'package a\np if { input := 1 }', 'm0.rego:2:8: rego_compile_error: variables must not shadow input (use a different variable name)'],
  ])('%s', (_name, src, want) => {
    expect(errorsOf(src)).toEqual([want]);
  });

  test('errors across modules keep their file', () => {
    expect(errorsOf(['package a\np := 1', 'package a\np contains 1'])).toEqual(['m1.rego:2:1: rego_type_error: conflicting rules data.a.p found']);
  });

  test('query vars are safe when bound by the query', () => {
    expect(errorsOf('package a\np := 1', 'data.a.p = x; y = x + 1')).toEqual([]);
    expect(errorsOf('package a\np := 1', 'x > 1')).toEqual(['q:1:1: rego_unsafe_var_error: var x is unsafe']);
  });
});
