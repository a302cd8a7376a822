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
    // the keys under `key.` are contiguous in sorted order
    const below: string[] = [];
    for (let i = lowerBound(sorted, key + '.'); i < sorted.length && sorted[i].startsWith(key + '.'); i++) below.push(sorted[i]);
    if (below.length > 0) {
      errors.push(regoError('rego_type_error', `rule ${key} conflicts with [${below.join(' ')}]`, all[0].location));
    }
  }
  return groups;
}

function lowerBound(sorted: string[], x: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Group paths as a trie, to find the groups a (possibly dynamic) ref can reach without scanning them all. */
interface Trie { children: Map<string, Trie>; groups: number[] }

function buildTrie(groups: RuleGroup[]): Trie {
  const root: Trie = { children: new Map(), groups: [] };
  groups.forEach((g, i) => {
    let n = root;
    for (const seg of g.path) {
      let c = n.children.get(seg);
      if (!c) n.children.set(seg, (c = { children: new Map(), groups: [] }));
      n = c;
    }
    n.groups.push(i);
  });
  return root;
}

/** Groups whose path agrees with `dep` on their common length (null in `dep` matches any key). */
function reach(n: Trie, dep: (string | null)[], i: number, out: Set<number>): void {
  n.groups.forEach((g) => out.add(g)); // a group above the ref: the ref reads into its value
  if (i >= dep.length) {
    // the ref ends here: every group below is part of the document it reads
    const all = (t: Trie): void => {
      for (const c of t.children.values()) {
        c.groups.forEach((g) => out.add(g));
        all(c);
      }
    };
    all(n);
    return;
  }
  const seg = dep[i];
  if (seg === null) for (const c of n.children.values()) reach(c, dep, i + 1, out);
  else {
    const c = n.children.get(seg);
    if (c) reach(c, dep, i + 1, out);
  }
}

/** Path pattern of every `data` ref and user-function call in a rule (null: any key), for dependency edges. */
function ruleDeps(r: Rule): (string | null)[][] {
  const out: (string | null)[][] = [];
  // a scalar key other than a string (`data[2]`) names no rule (rule paths are strings): it reaches only groups
  // above it, so it gets a segment no trie child has; a var or other non-ground key may be any key (null)
  const NO_RULE = '\u0000';
  const scalar = new Set(['number', 'boolean', 'null']);
  const pattern = (terms: Term[]): (string | null)[] =>
    terms.map((t, i) => (i === 0 ? 'data' : t.type === 'string' ? t.value : scalar.has(t.type) ? NO_RULE : null));
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
  const trie = buildTrie(groups);
  const edges = new Map<string, Set<string>>();
  groups.forEach((g, i) => {
    const reached = new Set<number>();
    for (const r of [...g.rules, ...(g.default ? [g.default] : [])]) {
      for (const dep of ruleDeps(r)) reach(trie, dep, 0, reached);
    }
    edges.set(keys[i], new Set([...reached].map((j) => keys[j])));
  });
  // depth-first search with an explicit stack: rule chains can be far deeper than the JS call stack
  const state = new Map<string, number>(); // 1 on the path, 2 done
  const path: string[] = [];
  const reported = new Set<string>();
  const index = new Map(keys.map((k, i) => [k, i]));
  for (const start of keys) {
    if (state.has(start)) continue;
    const iters: Iterator<string>[] = [];
    const enter = (k: string): void => {
      state.set(k, 1);
      path.push(k);
      iters.push((edges.get(k) ?? new Set<string>()).values());
    };
    enter(start);
    while (iters.length > 0) {
      const step = iters[iters.length - 1].next();
      if (step.done) {
        iters.pop();
        state.set(path.pop()!, 2);
        continue;
      }
      const n = step.value;
      const st = state.get(n);
      if (st === 1) {
        if (!reported.has(n)) {
          reported.add(n);
          const cycle = path.slice(path.lastIndexOf(n));
          const g = groups[index.get(n)!];
          const loc = (g.rules[0] ?? g.default!).location;
          errors.push(regoError('rego_recursion_error', `rule ${n} is recursive: ${[...cycle, n].join(' -> ')}`, loc));
        }
      } else if (st === undefined) enter(n);
    }
  }
}
