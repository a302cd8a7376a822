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
 *             - local vars are renamed to unique names per rule (`$<N>`, original in `orig`), so shadowing
 *               in comprehensions/every is gone: the same name means the same var; wildcards `_` become `$<N>`;
 *             - rule heads hold no refs, calls or comprehensions: such a head key/value/ref operand is replaced
 *               by a fresh var bound at the end of the body (`p := xs[_]` → `p := $1 if { true; $1 = xs[_] }`),
 *               as OPA's compiler does;
 *             - a `with` value that names a builtin function is a ref of exactly one var term (`with count as
 *               sum`); a user function value is its full ref (`data.pkg.f`);
 *             - `some x` declarations are dropped (their effect is the renaming).
 *             The only global vars left are refs headed by `data` or `input`; every other var is local.
 *   groups    rules grouped by fully qualified path (`data.pkg.p`), the unit OPA evaluates together.
 *   queries   each named query, checked and reordered like a rule body; `bindings` are the user vars the
 *             query result reports (in first-occurrence order, original names), mapped to their local names.
 *   annotations  every `# METADATA` annotation with `path` filled in.
 * ERRORS: like OPA's compiler, checking stops after the first stage that reports errors (rule conflicts,
 *   local var rewriting, safety, recursion, type checks); all errors of that stage are thrown together.
 */
import type { Annotation, Body, Call, Module, Rule, Term, Var } from './ast';
import { checkWithTargets, ruleBodies } from './check-with';
import { hoistNegatedCalls, hoistNegatedRefs } from './check-negation';
import { forEachVar } from './check-walk';
import { builtinArity } from './check-builtins';
import { Resolver, type ModuleEnv } from './check-resolve';
import { checkRecursion, groundPrefix, groupRules } from './check-rules';
import { Safety } from './check-safety';
import { type RegoError, RegoCompileError, regoError } from './errors';

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

// ---------------------------------------------------------------- the checker

/** Check and rewrite parsed modules and queries. Throws RegoCompileError with every error found. */
export interface CheckOptions {
  /** Rego version of the queries. */
  queryRegoVersion?: 0 | 1;
  /** Builtins a product adds to OPA, each implemented by a Rego function: `{"result.new": "data.lib.result.new"}`. */
  builtinFunctions?: Record<string, string>;
}

export function check(modules: Module[], queries: Record<string, Body> = {}, options: CheckOptions = {}): CheckedPolicy {
  const errors: RegoError[] = [];
  const counter = { n: 0 };

  // rule names per package, and each rule's full ground path (before resolution)
  const pkgRules = new Map<string, Set<string>>();
  const pathed: { rule: Rule; path: string[] }[] = [];
  for (const m of modules) {
    const pkgKey = m.package.path.join('.');
    let names = pkgRules.get(pkgKey);
    if (!names) pkgRules.set(pkgKey, (names = new Set()));
    for (const r of m.rules) {
      const head = r.head.ref.terms[0];
      if (head.type === 'var') names.add(head.name);
      const terms: Term[] = [{ type: 'var', name: 'data', location: r.location },
        ...m.package.path.map((s): Term => ({ type: 'string', value: s, location: r.location })),
        ...(head.type === 'var' ? [{ type: 'string', value: head.name, location: r.location } as Term] : []),
        ...r.head.ref.terms.slice(1)];
      pathed.push({ rule: r, path: groundPrefix(terms) });
    }
  }
  const funcArity = new Map<string, number>();
  for (const { rule, path } of pathed) {
    const k = path.join('.');
    if (rule.head.args) funcArity.set(k, rule.head.args.length);
    else if (!funcArity.has(k)) funcArity.set(k, -2);
  }
  const aliases = options.builtinFunctions ?? {};
  for (const [name, target] of Object.entries(aliases)) {
    if (!target.startsWith('data.') || !(funcArity.get(target)! >= 0)) {
      errors.push(regoError('rego_compile_error', `builtin ${name} is to be ${target}, which is no function of the modules`, { file: '', row: 0, col: 0 }));
    }
  }
  bail(errors);
  const funcs = { functionArity: (p: string) => funcArity.get(p), builtinAlias: (name: string) => (Object.hasOwn(aliases, name) ? aliases[name] : undefined) };
  // OPA's compiler stops after the first stage that reports errors; the stages here follow its order:
  // rule conflicts, local var rewriting, safety, recursion, then type checks (undefined functions, arity)
  groupRules(pathed, errors);
  bail(errors);
  const typeErrors: RegoError[] = [];

  // pass 1: resolution and renaming
  const outModules: Module[] = [];
  const resolved: { rule: Rule; path: string[] }[] = [];
  for (const m of modules) {
    const env: ModuleEnv = { pkg: ['data', ...m.package.path], ruleNames: pkgRules.get(m.package.path.join('.'))!, imports: importMap(m, errors), regoVersion: m.regoVersion };
    const res = new Resolver(env, funcs, errors, counter, false, typeErrors);
    const rules = m.rules.map((r) => res.resolveRule(r, r.head.args));
    outModules.push({ ...m, rules });
    for (const r of rules) resolved.push({ rule: r, path: groundPrefix(r.head.ref.terms) });
  }
  const outQueries: Record<string, CheckedQuery> = {};
  for (const [name, body] of Object.entries(queries)) {
    const env: ModuleEnv = { pkg: ['data'], ruleNames: new Set(), imports: new Map(), regoVersion: options.queryRegoVersion };
    outQueries[name] = new Resolver(env, funcs, errors, counter, true, typeErrors).resolveQuery(body);
  }
  bail(errors);
  checkWithTargets(resolved, [...resolved.flatMap(({ rule }) => ruleBodies(rule)), ...Object.values(outQueries).map((q) => q.body)], errors);
  bail(errors);

  // pass 2: safety and reordering
  const arity = (name: string): number | undefined => {
    if (name.startsWith('data.')) {
      const a = funcArity.get(name);
      return a !== undefined && a >= 0 ? a : undefined;
    }
    return builtinArity(name);
  };
  const safety = new Safety({ arity }, errors);
  // what a negated expression evaluates before it is negated (check-negation.ts): calls before safety, refs after
  const fresh = (at: Term): Var => ({ type: 'var', name: `$${counter.n++}`, location: at.location });
  const safeBody = (b: Body, bound: Set<string>, head: Term[] = []): Body =>
    hoistNegatedRefs(safety.body(hoistNegatedCalls(b, fresh), bound, head).body, fresh);
  const safeRule = (r: Rule): Rule => {
    const bound = new Set<string>();
    for (const a of r.head.args ?? []) forEachVar(a, (v) => bound.add(v.name));
    const head: Term[] = [...r.head.ref.terms.slice(1)];
    if (r.head.key) head.push(r.head.key);
    if (r.head.value) head.push(r.head.value);
    return { ...r, body: safeBody(r.body, bound, head), else: r.else && safeRule(r.else) };
  };
  for (const m of outModules) m.rules = m.rules.map(safeRule);
  for (const q of Object.values(outQueries)) q.body = safeBody(q.body, new Set());
  bail(errors);

  // whole-policy checks
  const finalRules = outModules.flatMap((m) => m.rules.map((rule) => ({ rule, path: groundPrefix(rule.head.ref.terms) })));
  const groups = groupRules(finalRules, []);
  checkRecursion(groups, errors);
  bail(errors);
  bail(typeErrors);

  // annotations: fill in the document path they apply to
  const annotations: Annotation[] = [];
  for (const m of outModules) {
    for (const a of m.packageAnnotations) {
      a.path = ['data', ...m.package.path].join('.');
      annotations.push(a);
    }
    for (const r of m.rules) {
      for (const a of r.annotations) {
        a.path = groundPrefix(r.head.ref.terms).join('.');
        annotations.push(a);
      }
    }
  }

  return { modules: outModules, groups, queries: outQueries, annotations };
}

function importMap(m: Module, errors: RegoError[]): Map<string, Term[]> {
  const out = new Map<string, Term[]>();
  for (const imp of m.imports) {
    const terms = imp.path.terms;
    const root = terms[0].type === 'var' ? terms[0].name : '';
    if (root !== 'data' && root !== 'input') continue; // future.keywords / rego.v1: nothing to resolve
    const last = terms[terms.length - 1];
    const name = imp.alias ?? (terms.length === 1 ? root : last.type === 'string' ? last.value : '');
    if (name === 'input' && terms.length === 1) continue;
    if (out.has(name)) errors.push(regoError('rego_compile_error', `import must not shadow import ${name}`, imp.location));
    out.set(name, terms);
  }
  return out;
}

function bail(errors: RegoError[]): void {
  if (errors.length > 0) throw new RegoCompileError(dedupe(errors));
}

function dedupe(errors: RegoError[]): RegoError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.code}|${e.message}|${e.location.file}:${e.location.row}:${e.location.col}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
