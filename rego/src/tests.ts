/*
 * Test rules, found as `opa test` finds them: every rule, in any module, whose name (the first term of its head
 * ref, after the package, that starts so) begins with `test_`, or `todo_test_` for a test that is skipped. Each
 * rule is a test of its own: a second `test_x` in the same package (another rule, or another body of a v0
 * rule) is renamed `test_x#01`, the next `test_x#02`, as OPA's test runner renames them, so that every body
 * is evaluated and counted on its own instead of being merged into one rule.
 *
 * A parameterized test (`test_x[tc.note] if { some tc in cases; ... }`) names its cases: as OPA's runner does,
 * a call `internal.test_case([tc.note])` goes into its body right after the first expression that mentions
 * the case's variables, so a case that fails later in the body is still known by name (the host records the
 * calls; the rule's value only holds the cases that passed).
 */
import type { Expr, Location, Module, Rule, Term } from './ast';
import { forEachVar, forEachVarExpr } from './check-walk';

export interface TestRule {
  /** `data.pkg`, as `opa test` prints it. */
  package: string;
  /** `test_x`, `test_x#01`, `a.test_y`: the rule's path inside the package up to its test name. */
  name: string;
  /** The entrypoint that evaluates it (`pkg/test_x#01`). */
  entrypoint: string;
  location: Location;
  /** `todo_test_*`: reported as skipped, never evaluated. */
  skip: boolean;
  /** The head goes on past the name (`test_x[case] if ...`): its value is an object of named sub-results. */
  parameterized: boolean;
}

const TEST = 'test_';
const SKIP = 'todo_test_';

/** Index in the head ref of the term naming the test, or -1 when the rule is no test. */
function testTermIndex(rule: Rule): number {
  const terms = rule.head.ref.terms;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i];
    const name = t.type === 'var' && i === 0 ? t.name : t.type === 'string' ? t.value : undefined;
    if (name === undefined) return -1; // past the ground prefix
    if (name.startsWith(TEST) || name.startsWith(SKIP)) return i;
  }
  return -1;
}

const segment = (t: Term): string => (t.type === 'var' ? t.name : t.type === 'string' ? t.value : '');

/**
 * Finds the test rules of `modules` (in module order, then rule order) and renames the duplicates in place.
 * Functions and `default` rules are not tests (OPA cannot query a function; a default only backs its rule).
 */
export function discoverTests(modules: Module[]): TestRule[] {
  const count = new Map<string, number>();
  const out: TestRule[] = [];
  for (const m of modules) {
    for (const rule of m.rules) {
      if (rule.head.args || rule.default) continue;
      const at = testTermIndex(rule);
      if (at < 0) continue;
      const terms = rule.head.ref.terms;
      const base = terms.slice(0, at + 1).map(segment);
      const key = [...m.package.path, ...base].join('.');
      const n = count.get(key) ?? 0;
      count.set(key, n + 1);
      if (n > 0) {
        // a new ref: the bodies of one v0 rule share their head's
        const renamed = `${base[at]}#${String(n).padStart(2, '0')}`;
        const t = terms[at];
        const ref = { ...rule.head.ref, terms: terms.map((x, i) => (i !== at ? x : t.type === 'var' ? { ...t, name: renamed } : ({ ...t, value: renamed } as Term))) };
        rule.head = { ...rule.head, ref };
        for (let e = rule.else; e; e = e.else) e.head = { ...e.head, ref };
        base[at] = renamed;
      }
      if (rule.head.ref.terms.length > at + 1) rule.body = withTestCase(rule.body, rule.head.ref.terms.slice(at + 1));
      out.push({
        package: ['data', ...m.package.path].join('.'),
        name: base.join('.'),
        entrypoint: [...m.package.path, ...base].join('/'),
        location: rule.location,
        skip: base[at].startsWith(SKIP),
        parameterized: rule.head.ref.terms.length > at + 1,
      });
    }
  }
  return out;
}

/** The body with `internal.test_case([case terms])` after the first expression that mentions their vars. */
function withTestCase(body: Rule['body'], caseTerms: Term[]): Rule['body'] {
  const vars = new Set<string>();
  for (const t of caseTerms) forEachVar(t, (v) => vars.add(v.name));
  let at = 0;
  body.some((e, i) => {
    let hit = false;
    forEachVarExpr(e, (v) => {
      if (vars.has(v.name)) hit = true;
    });
    if (hit) at = i + 1;
    return hit;
  });
  const location = caseTerms[0].location;
  const call: Term = {
    type: 'call',
    fn: { type: 'ref', terms: [{ type: 'var', name: 'internal.test_case', location }], location },
    args: [{ type: 'array', items: caseTerms, location }],
    location,
  };
  const expr: Expr = { kind: 'term', term: call, negated: false, with: [], location };
  return [...body.slice(0, at), expr, ...body.slice(at)];
}
