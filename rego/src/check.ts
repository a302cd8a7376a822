/*
 * The checker: what OPA's compiler verifies and rewrites before evaluation.
 *
 * OUTPUT (consumed by plan.ts) — `CheckedPolicy`:
 *   modules   rewritten modules (same AST types as ast.ts) where
 *             - every rule's `head.ref` is fully qualified: terms[0] = var `data`, then the package path and
 *               rule path as string terms, then any dynamic parts (`data.pkg.p[k]`);
 *             - references to rules, imports and aliases are expanded to full refs (`data.x.y`, `input.z`);
 *               refs to rules are refs whose terms[0] is var `data`;
 *             - calls to user functions have `fn` = full ref `data.pkg.f`; builtin calls keep their name
 *               (`count`, `array.concat`) — test with `isBuiltinCall` / `callName`;
 *             - body expressions are reordered for safety (every var bound before it is read), the same for
 *               comprehension and `every` bodies; negated exprs come after the exprs binding their vars;
 *             - local vars are renamed to unique names per rule (`__local<N>__`, original in `orig`), so shadowing
 *               in comprehensions/every is gone: the same name means the same var; wildcards `_` become `$<N>`;
 *             - `some x` declarations are dropped (their effect is the renaming).
 *             The only global vars left are refs headed by `data` or `input`; every other var is local.
 *   groups    rules grouped by fully qualified path (`data.pkg.p`), the unit OPA evaluates together.
 *   queries   each named query, checked and reordered like a rule body; `bindings` are the user vars the
 *             query result reports (in first-occurrence order, original names), mapped to their local names.
 *   annotations  every `# METADATA` annotation with `path` filled in.
 */
import type { Annotation, Body, Call, Module, Rule } from './ast';

export type RuleKind = 'complete' | 'multi' | 'function';

export interface RuleGroup {
  /** Fully qualified ground path: `['data', 'pkg', 'p']` (for ref heads, the ground prefix before the first var). */
  path: string[];
  kind: RuleKind;
  /** Non-default rules in source order (for functions: each rule is one body/clause). */
  rules: Rule[];
  /** The `default` rule, if any. */
  default?: Rule;
  /** Number of arguments for functions. */
  arity?: number;
}

export interface CheckedQuery {
  body: Body;
  /** [original name, local name] for each var the query reports, in first-occurrence order. */
  bindings: [string, string][];
}

export interface CheckedPolicy {
  modules: Module[];
  groups: RuleGroup[];
  queries: Record<string, CheckedQuery>;
  annotations: Annotation[];
}

/** Builtin calls keep a ref not headed by `data`. */
export function isBuiltinCall(c: Call): boolean {
  const h = c.fn.terms[0];
  return !(h.type === 'var' && h.name === 'data');
}

/** Dotted name of the called function: `count`, `array.concat`, `data.pkg.f`. */
export function callName(c: Call): string {
  return c.fn.terms.map((t) => (t.type === 'var' ? t.name : t.type === 'string' ? t.value : '?')).join('.');
}
