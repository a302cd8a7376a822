// Front end: the parser's trees (precedence, refs, rule forms) and every conformance module parsing.
import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';
import { type Expr, type Module, type Term, termToString } from '../src/ast';
import { parseModule, parseQuery, parseTerm } from '../src/parse';
import { conformanceDir } from '../conformance/cases';

const term = (src: string): string => termToString(parseTerm(src));
const mod = (src: string): Module => parseModule(src, 'm.rego');
const expr = (src: string): Expr => parseQuery(src)[0];

describe('terms and precedence', () => {
  test('arithmetic binds tighter than comparison, left-assoc', () => {
    expect(term('1 + 2 * 3 == 7')).toBe('equal(plus(1, mul(2, 3)), 7)');
    expect(term('10 - 2 - 3')).toBe('minus(minus(10, 2), 3)');
    expect(term('a | b & c')).toBe('or(a, and(b, c))');
    expect(term('x in xs == true')).toBe('internal.member_2(x, equal(xs, true))');
    expect(term('(1 + 2) * 3')).toBe('mul(plus(1, 2), 3)');
  });
  test('negative numbers and unary minus', () => {
    expect(term('-1')).toBe('-1');
    expect(term('2 - -1.5e3')).toBe('minus(2, -1.5e3)');
    expect(term('-x')).toBe('minus(0, x)');
  });
  test('refs, calls, collections', () => {
    expect(term('input.a[0].b["c d"][x]')).toBe('input.a[0].b["c d"][x]');
    expect(term('f(x).y')).toBe('f(x).y');
    expect(term('[1, 2][0]')).toBe('[1, 2][0]');
    expect(term('set()')).toBe('set()');
    expect(term('{}')).toBe('{}');
    expect(term('{1, 2,}')).toBe('{1, 2}');
    expect(term('{"a": 1, "b": [x, y],}')).toBe('{"a": 1, "b": [x, y]}');
    expect(term('array.concat(a, b)')).toBe('array.concat(a, b)');
    expect(term('`raw\\n`')).toBe(JSON.stringify('raw\\n'));
    expect(term('"esc\\u00e9\\n"')).toBe(JSON.stringify('esc\u00e9\n'));
  });
  test('comprehensions: `|` starts the body, union needs parentheses', () => {
    const a = parseTerm('[x | x := xs[_]; x > 1]');
    expect(a.type).toBe('arraycompr');
    if (a.type === 'arraycompr') expect(a.body.length).toBe(2);
    expect(parseTerm('{k: v | some k, v in o}').type).toBe('objectcompr');
    expect(parseTerm('{x | x := 1}').type).toBe('setcompr');
    expect(term('[(a | b)]')).toBe('[or(a, b)]');
  });
  test('membership with key and value inside parentheses', () => {
    expect(term('(1, 2 in [2])')).toBe('internal.member_3(1, 2, [2])');
  });
  test('contains as builtin name', () => {
    expect(term('contains("abc", "b")')).toBe('contains("abc", "b")');
  });
});

describe('expressions', () => {
  test('unify, assign, not, with', () => {
    const e = expr('not x = y with input.a as 1 with data.b as {"c": 2}');
    expect(e.kind).toBe('unify');
    expect(e.negated).toBe(true);
    expect(e.with.map((w) => termToString(w.target))).toEqual(['input.a', 'data.b']);
    expect(expr('x := 1').kind).toBe('assign');
  });
  test('some, some-in, every', () => {
    expect(expr('some x, y').kind).toBe('some');
    const s = expr('some k, v in input.m');
    expect(s.kind === 'somein' && s.key && termToString(s.key)).toBe('k');
    const ev = expr('every x in xs { x > 0; x < 10 }');
    expect(ev.kind === 'every' && ev.body.length).toBe(2);
  });
  test('newlines separate expressions, but not inside brackets', () => {
    expect(parseQuery('x = 1\ny = [1,\n2]\nz = f(1,\n 2)').length).toBe(3);
    expect(parseQuery('x = 1; y = 2').length).toBe(2);
  });
  test('an operator that cannot start an expression continues the previous line', () => {
    const b = parseQuery('x := input.a\n  | input.b\ny := 1 +\n  2\nz := 3\n-1 < z');
    expect(b.map((e) => (e.kind === 'assign' ? termToString(e.rhs) : e.kind === 'term' ? termToString(e.term) : ''))).toEqual([
      'or(input.a, input.b)', 'plus(1, 2)', '3', 'lt(-1, z)',
    ]);
  });
  test('with continues on the next line', () => {
    expect(parseQuery('x = data.p\n  with input as 1\n  with data.q as 2')[0].with.length).toBe(2);
  });
});

describe('rules', () => {
  test('rule forms', () => {
    const m = mod(`package a.b
import rego.v1
import data.x.y as z
import input.foo

default allow := false
allow if input.admin
p contains x if { some x in input.xs }
q[k] := v if { some k, v in input.o }
r.s.t := 1
f(x, y) := x + y
g(x) := 1 if { x > 0 } else := 2 if { x < 0 } else := 3
h := true
`);
    expect(m.package.path).toEqual(['a', 'b']);
    expect(m.imports.map((i) => [termToString(i.path), i.alias])).toEqual([['rego.v1', undefined], ['data.x.y', 'z'], ['input.foo', undefined]]);
    const heads = m.rules.map((r) => [termToString(r.head.ref), r.default, r.head.key && termToString(r.head.key), r.head.value && termToString(r.head.value), r.head.args?.length]);
    expect(heads).toEqual([
      ['allow', true, undefined, 'false', undefined],
      ['allow', false, undefined, 'true', undefined],
      ['p', false, 'x', undefined, undefined],
      ['q[k]', false, undefined, 'v', undefined],
      ['r.s.t', false, undefined, '1', undefined],
      ['f', false, undefined, 'plus(x, y)', 2],
      ['g', false, undefined, '1', 1],
      ['h', false, undefined, 'true', undefined],
    ]);
    const g = m.rules[6];
    expect(g.else?.head.value && termToString(g.else.head.value)).toBe('2');
    expect(g.else?.else?.head.value && termToString(g.else.else.head.value)).toBe('3');
  });
  test('locations are 1-based row and col', () => {
    const m = mod('package a\n\np := 1 if {\n\tinput.x == 2\n}');
    expect(m.rules[0].location).toEqual({ file: 'm.rego', row: 3, col: 1 });
    const e = m.rules[0].body[0];
    expect(e.location).toEqual({ file: 'm.rego', row: 4, col: 2 });
    if (e.kind === 'term' && e.term.type === 'call') expect(e.term.args[1].location).toEqual({ file: 'm.rego', row: 4, col: 13 });
  });
  test('METADATA attaches to the next rule or package', () => {
    const m = mod(`# METADATA
# title: The package
# description: pkg desc
package a

# METADATA
# title: Allow
# custom:
#   severity: high
# entrypoint: true
allow if true

# just a comment
deny if false
`);
    expect(m.packageAnnotations.map((a) => [a.scope, a.title])).toEqual([['package', 'The package']]);
    expect(m.rules[0].annotations[0]).toMatchObject({ scope: 'rule', title: 'Allow', custom: { severity: 'high' }, entrypoint: true });
    expect(m.rules[1].annotations).toEqual([]);
    expect(m.annotations.length).toBe(2);
  });
});

// Every module in the conformance suite parses (none of them expects a parse error).
const confDir = conformanceDir();
const hasConf = fs.existsSync(confDir);
(hasConf ? describe : describe.skip)('conformance modules', () => {
  test('all parse', () => {
    const failures: string[] = [];
    let n = 0;
    for (const cat of fs.readdirSync(confDir)) {
      const d = path.join(confDir, cat);
      if (!fs.statSync(d).isDirectory()) continue;
      for (const f of fs.readdirSync(d)) {
        const doc = YAML.parse(fs.readFileSync(path.join(d, f), 'utf8')) as { cases?: { note: string; query: string; modules?: string[]; want_error_code?: string }[] };
        for (const c of doc.cases ?? []) {
          if (c.want_error_code === 'rego_parse_error') continue;
          (c.modules ?? []).forEach((src, i) => {
            n++;
            try {
              parseModule(src, `test-${i}.rego`);
            } catch (e) {
              failures.push(`${c.note}: ${(e as Error).message}`);
            }
          });
          try {
            parseQuery(c.query);
          } catch (e) {
            failures.push(`${c.note} (query): ${(e as Error).message}`);
          }
        }
      }
    }
    expect(n).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  });
});

export type { Term };
