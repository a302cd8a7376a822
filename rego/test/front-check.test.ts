// Front end: the checker's rewriting — name resolution, renaming of locals, safety reordering, head extraction.
import { type Body, type Expr, type Term, termToString } from '../src/ast';
import { check, type CheckedPolicy } from '../src/check';
import { parseModule, parseQuery } from '../src/parse';

function checked(src: string | string[], queries: Record<string, string> = {}): CheckedPolicy {
  const srcs = Array.isArray(src) ? src : [src];
  const q: Record<string, Body> = {};
  for (const [k, v] of Object.entries(queries)) q[k] = parseQuery(v, k);
  return check(srcs.map((s, i) => parseModule(s, `m${i}.rego`)), q);
}

/** Print with the checker's (renamed) var names, so tests see what the planner sees. */
function t(x: Term): string {
  switch (x.type) {
    case 'arraycompr': return `[${t(x.term)} | ${body(x.body).join('; ')}]`;
    case 'setcompr': return `{${t(x.term)} | ${body(x.body).join('; ')}}`;
    case 'objectcompr': return `{${t(x.key)}: ${t(x.value)} | ${body(x.body).join('; ')}}`;
    case 'call': return `${termToString(x.fn)}(${x.args.map(t).join(', ')})`;
    case 'array': return `[${x.items.map(t).join(', ')}]`;
    case 'ref': return x.terms.map((y, i) => (i === 0 ? t(y) : y.type === 'string' && /^\w+$/.test(y.value) ? '.' + y.value : `[${t(y)}]`)).join('');
    case 'var': return x.name;
    default: return termToString(x);
  }
}
function e(x: Expr): string {
  const s = x.kind === 'term' ? t(x.term)
    : x.kind === 'unify' ? `${t(x.lhs)} = ${t(x.rhs)}`
    : x.kind === 'assign' ? `${t(x.lhs)} := ${t(x.rhs)}`
    : x.kind === 'somein' ? `some ${x.key ? t(x.key) + ', ' : ''}${t(x.value)} in ${t(x.domain)}`
    : x.kind === 'every' ? `every ${x.key ? t(x.key) + ', ' : ''}${t(x.value)} in ${t(x.domain)} { ${x.body.map(e).join('; ')} }`
    : `some ${x.vars.map(t).join(', ')}`;
  return (x.negated ? 'not ' : '') + s + x.with.map((w) => ` with ${t(w.target)} as ${t(w.value)}`).join('');
}
function body(b: Body): string[] {
  return b.map(e);
}
const rule = (p: CheckedPolicy, i = 0, m = 0) => p.modules[m].rules[i];

describe('safety reordering', () => {
  test('a var is bound before it is read, original order otherwise', () => {
    const p = checked('package a\np if { x > 1; y == 2; x = input.a; y = x }');
    expect(body(rule(p).body)).toEqual(['x = input.a', 'y = x', 'gt(x, 1)', 'equal(y, 2)']);
  });
  test('OPA order: each pass appends every expression that has become safe', () => {
    const p = checked('package a\np if { z > 0; y = x; x = 1; z = y }');
    expect(body(rule(p).body)).toEqual(['x = 1', 'y = x', 'z = y', 'gt(z, 0)']);
  });
  test('negation waits for its vars', () => {
    const p = checked('package a\np if { not x == 1; x = input.a }');
    expect(body(rule(p).body)).toEqual(['x = input.a', 'not equal(x, 1)']);
  });
  test('ref iteration binds its operand vars, also inside calls', () => {
    const p = checked('package a\np contains [i, j] if { count(input.xs[i]) > j; j = 1 }');
    expect(body(rule(p).body)).toEqual(['j = 1', 'gt(count(input.xs[i]), j)']);
  });
  test('a call with an extra argument binds its output', () => {
    const p = checked('package a\np := n if { n > 0; count(input.xs, n) }');
    expect(body(rule(p).body)).toEqual(['count(input.xs, n)', 'gt(n, 0)']);
  });
  test('closures wait for the vars they capture', () => {
    const p = checked('package a\np := ys if { ys := [y | y := input.xs[_]; y > m]; m = 3 }');
    expect(body(rule(p).body)).toEqual(['m = 3', '$2 := [$1 | $1 := input.xs[$0]; gt($1, m)]']);
  });
  test('element-wise unification', () => {
    const p = checked('package a\np := [a, b] if { b > 1; [a, b] = [1, a] }');
    expect(body(rule(p).body)).toEqual(['[a, b] = [1, a]', 'gt(b, 1)']);
  });
  test('every body is checked with its key and value bound', () => {
    const p = checked('package a\np if { every k, v in input.o { v > lim; k != "x" }; lim = 2 }');
    expect(body(rule(p).body)).toEqual(['lim = 2', 'every $0, $1 in input.o { gt($1, lim); neq($0, "x") }']);
  });
});

describe('resolution', () => {
  test('rules, imports and packages become full refs', () => {
    const p = checked(['package a.b\nimport data.c.d as dd\nimport input.user\nq := 1\np if { q == 1; dd.e == user.name }', 'package c\nd := {"e": 1}']);
    expect(body(rule(p, 1).body)).toEqual(['equal(data.a.b.q, 1)', 'equal(data.c.d.e, input.user.name)']);
    expect(t(rule(p, 1).head.ref)).toBe('data.a.b.p');
  });
  test('user functions are called by full path, builtins by name', () => {
    const p = checked('package a\nf(x) := x + 1\np := y if { y := f(count(input.xs)) }');
    expect(body(rule(p, 1).body)).toEqual(['$1 := data.a.f(count(input.xs))']);
  });
  test('declared vars shadow rules; closures get their own vars', () => {
    const p = checked('package a\nx := 5\np := [x | x := 1]\nq := x');
    expect(t(rule(p, 2).head.value!)).toBe('$2');
    expect(body(rule(p, 2).body)).toEqual(['true', '$2 = data.a.x']);
    expect(body(rule(p, 1).body)).toEqual(['true', '$0 = [$1 | $1 := 1]']);
  });
  test('comprehension vars are captured only if the enclosing body uses them', () => {
    const p = checked('package a\np if { y := {x | input.xs[x]}; x := count(y) }');
    // the comprehension's x is its own; the later `x :=` declares another
    expect(body(rule(p).body)).toEqual(['$0 := {x | input.xs[x]}', '$1 := count($0)']);
  });
  test('with targets and function values', () => {
    const p = checked('package a\nf(_) := 1\np if { count([]) == 1 with count as f; q with input.a as 1 with time.now_ns as opa.runtime }\nq if input.a == 1');
    expect(body(rule(p, 1).body)).toEqual([
      'equal(count([]), 1) with count as data.a.f',
      'data.a.q with input.a as 1 with time.now_ns as opa.runtime',
    ]);
  });
  test('query bindings keep user names, in order of appearance', () => {
    const p = checked('package a\np := 1', { q: 'x := data.a.p; y = [x, 1]; z := 2' });
    expect(p.queries.q.bindings).toEqual([['x', 'x'], ['y', 'y'], ['z', 'z']]);
  });
  test('groups by path and kind, default separated', () => {
    const p = checked('package a\ndefault p := 0\np := 1 if input.x\ns contains 1\nf(x) := x\nr[k] := 1 if some k in input.ks');
    expect(p.groups.map((g) => [g.path.join('.'), g.kind, g.rules.length, !!g.default, g.arity])).toEqual([
      ['data.a.p', 'complete', 1, true, undefined],
      ['data.a.s', 'multi', 1, false, undefined],
      ['data.a.f', 'function', 1, false, 1],
      ['data.a.r', 'complete', 1, false, undefined],
    ]);
  });
  test('annotations get their document path', () => {
    const p = checked('# METADATA\n# title: pkg\npackage a\n\n# METADATA\n# title: rule p\np := 1');
    expect(p.annotations.map((a) => [a.scope, a.path, a.title])).toEqual([['package', 'data.a', 'pkg'], ['rule', 'data.a.p', 'rule p']]);
  });
});
