/*
 * Rule-level checks on the whole policy: grouping rules by path, conflicting rule kinds, multiple defaults,
 * rules nested under complete values, and recursion between rules.
 */
import type { Rule, Term } from './ast';
import type { RuleGroup, RuleKind } from './check';
import { forEachTerm, forEachTermBody } from './check-walk';
import { type RegoError, regoError } from './errors';

/** Ground prefix of a (fully qualified) rule ref: `data.pkg.p[x]` → ['data','pkg','p']. */
export function groundPrefix(terms: Term[]): string[] {
  const out: string[] = [];
  for (const t of terms) {
    if (t.type === 'var' && out.length === 0) out.push(t.name);
    else if (t.type === 'string') out.push(t.value);
    else break;
  }
  return out;
}

export function ruleKind(r: Rule): RuleKind {
  return r.head.args ? 'function' : r.head.key !== undefined ? 'multi' : 'complete';
}

/** Group unresolved rules (heads qualified with the package) by ground path. */
export function groupRules(rules: { rule: Rule; path: string[] }[], errors: RegoError[]): RuleGroup[] {
  const byPath = new Map<string, RuleGroup>();
  for (const { rule, path } of rules) {
    const key = path.join('.');
    let g = byPath.get(key);
    const kind = ruleKind(rule);
    if (!g) {
      g = { path, kind, rules: [] };
      if (kind === 'function') g.arity = rule.head.args!.length;
      byPath.set(key, g);
    } else if (g.kind !== kind || (kind === 'function' && g.arity !== rule.head.args!.length)) {
      errors.push(regoError('rego_type_error', `conflicting rules ${key} found`, rule.location));
      continue;
    }
    if (rule.default) {
      if (g.default) errors.push(regoError('rego_type_error', `multiple default rules ${key} found`, rule.location));
      else g.default = rule;
    } else {
      g.rules.push(rule);
    }
  }
  const groups = [...byPath.values()];
  // a complete value with a ground ref (or a set, or a function) cannot have rules nested below it
  const sorted = groups.map((g) => g.path.join('.')).sort();
  for (const g of groups) {
    const all = [...g.rules, ...(g.default ? [g.default] : [])];
    const dynamic = all.some((r) => r.head.ref.terms.slice(1).some((t) => t.type !== 'string'));
    if (dynamic) continue;
    const key = g.path.join('.');
    const below = sorted.filter((k) => k.startsWith(key + '.'));
    if (below.length > 0) {
      errors.push(regoError('rego_type_error', `rule ${key} conflicts with [${below.join(' ')}]`, all[0].location));
    }
  }
  return groups;
}

/** Path pattern of every `data` ref and user-function call in a rule (null: any key), for dependency edges. */
function ruleDeps(r: Rule): (string | null)[][] {
  const out: (string | null)[][] = [];
  const pattern = (terms: Term[]): (string | null)[] => terms.map((t, i) => (i === 0 ? 'data' : t.type === 'string' ? t.value : null));
  const visit = (t: Term): void => {
    if (t.type === 'ref' && t.terms[0].type === 'var' && t.terms[0].name === 'data') out.push(pattern(t.terms));
    if (t.type === 'call' && t.fn.terms[0].type === 'var' && t.fn.terms[0].name === 'data') out.push(pattern(t.fn.terms));
  };
  for (let x: Rule | undefined = r; x; x = x.else) {
    forEachTermBody(x.body, visit);
    if (x.head.value) forEachTerm(x.head.value, visit);
    if (x.head.key) forEachTerm(x.head.key, visit);
    x.head.ref.terms.slice(1).forEach((t) => forEachTerm(t, visit));
    for (const e of x.body) for (const w of e.with) forEachTerm(w.value, visit);
  }
  return out;
}

/** Report recursion between rule groups (OPA: `rego_recursion_error: rule data.x.p is recursive: ...`). */
export function checkRecursion(groups: RuleGroup[], errors: RegoError[]): void {
  const keys = groups.map((g) => g.path.join('.'));
  const edges = new Map<string, Set<string>>();
  groups.forEach((g, i) => {
    const set = new Set<string>();
    for (const r of [...g.rules, ...(g.default ? [g.default] : [])]) {
      for (const dep of ruleDeps(r)) {
        // a ref reaches every group whose path agrees with it on their common length
        groups.forEach((o, j) => {
          const n = Math.min(dep.length, o.path.length);
          for (let i = 0; i < n; i++) if (dep[i] !== null && dep[i] !== o.path[i]) return;
          set.add(keys[j]);
        });
      }
    }
    edges.set(keys[i], set);
  });
  const state = new Map<string, number>(); // 1 visiting, 2 done
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (k: string): void => {
    state.set(k, 1);
    stack.push(k);
    for (const n of edges.get(k) ?? []) {
      const st = state.get(n);
      if (st === 1) {
        const cycle = stack.slice(stack.indexOf(n));
        if (!reported.has(n)) {
          reported.add(n);
          const g = groups[keys.indexOf(n)];
          const loc = (g.rules[0] ?? g.default!).location;
          errors.push(regoError('rego_recursion_error', `rule ${n} is recursive: ${[...cycle, n].join(' -> ')}`, loc));
        }
      } else if (st === undefined) visit(n);
    }
    stack.pop();
    state.set(k, 2);
  };
  for (const k of keys) if (!state.has(k)) visit(k);
}
