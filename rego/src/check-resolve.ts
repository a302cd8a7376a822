/*
 * Name resolution and renaming (first checker pass).
 *
 * - Vars that name rules of the package or imports become full refs (`data.pkg.p`, `input.x`).
 * - Vars declared with `some`, `:=`, `some .. in`, `every` get fresh names (`$<N>`: `$` cannot occur in source
 *   names, so no clash with user vars) so that shadowing
 *   disappears; vars local to a comprehension or `every` body that are not captured from the enclosing body
 *   also get fresh names when their name is already used. Wildcards `_` become `$<N>`.
 * - Calls are resolved to user functions (`data.pkg.f`) or builtins, and checked for existence and arity.
 * A closure (comprehension, `every` body) captures a var iff the enclosing body uses that name directly,
 * which is OPA's rule.
 */
import type { Body, Expr, Ref, Rule, Term, Var, With } from './ast';
import { arityError, builtinArity, isDeprecatedBuiltin } from './check-builtins';
import { checkBuiltinTypes } from './check-types';
import { declaredIn, forEachVar, forEachVarExpr, needsExtraction } from './check-walk';
import { type RegoError, regoError } from './errors';

export interface ModuleEnv {
  /** `['data', 'a', 'b']` */
  pkg: string[];
  /** First path segment of every rule in the package (all modules). */
  ruleNames: Set<string>;
  /** Import alias → resolved ref terms. */
  imports: Map<string, Term[]>;
  /** The module's Rego version: v1 refuses the builtins OPA deprecated (v0 code still calls them). */
  regoVersion?: 0 | 1;
}

export interface FuncTable {
  /** Arity of the user function at `data.x.f`, undefined if no such function; -2 if a non-function rule. */
  functionArity(path: string): number | undefined;
  /** The Rego function (`data.lib.result.new`) standing in for a builtin a product adds to OPA (`result.new`). */
  builtinAlias?(name: string): string | undefined;
}

/** Calls the parser generates for operators: always builtins, never shadowed by rules. */
const OPERATORS = new Set(['plus', 'minus', 'mul', 'div', 'rem', 'and', 'or', 'equal', 'neq', 'lt', 'lte', 'gt', 'gte', 'internal.member_2', 'internal.member_3']);

class Scope {
  readonly names = new Map<string, string>();
  constructor(readonly parent?: Scope) {}
  lookup(name: string): string | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const n = s.names.get(name);
      if (n !== undefined) return n;
    }
    return undefined;
  }
}

export class Resolver {
  /** Names used so far in the current rule, to keep renamed locals unique. */
  private used = new Set<string>();

  constructor(
    private readonly env: ModuleEnv,
    private readonly funcs: FuncTable,
    private readonly errors: RegoError[],
    private readonly counter: { n: number },
    /** Query mode: root-level declared vars keep their names (they are reported as bindings). */
    private readonly queryMode = false,
    /** Type errors (undefined functions, arity) go here: OPA reports them in a later stage. */
    private readonly typeErrors: RegoError[] = errors,
  ) {}

  private fresh(): string {
    return `$${this.counter.n++}`;
  }

  private isGlobal(name: string): boolean {
    return name === 'input' || name === 'data' || this.env.ruleNames.has(name) || this.env.imports.has(name);
  }

  /** Global var → ref terms (`p` → data.pkg.p); undefined for non-globals. */
  private globalTerms(v: Var): Term[] | undefined {
    if (v.name === 'input' || v.name === 'data') return [v];
    const imp = this.env.imports.get(v.name);
    if (imp) return imp.map((t) => ({ ...t, location: v.location }));
    if (this.env.ruleNames.has(v.name)) {
      return [
        { type: 'var', name: 'data', location: v.location },
        ...this.env.pkg.slice(1).map((s): Term => ({ type: 'string', value: s, location: v.location })),
        { type: 'string', value: v.name, location: v.location },
      ];
    }
    return undefined;
  }

  // ------------------------------------------------------------ rules

  resolveRule(rule: Rule, args?: Term[]): Rule {
    this.used = new Set();
    const root = new Scope();
    let head = rule.head;
    // function args are bound by the caller: direct vars of the root scope
    const newArgs = args?.map((a) => this.declarePattern(a, root));
    // refs, calls and comprehensions in the head move into the body (OPA's rewriteExprTermsInHead)
    const moved: Expr[] = [];
    const extract = (t: Term | undefined): Term | undefined => {
      if (t === undefined || !needsExtraction(t, (n) => this.isGlobal(n) && root.lookup(n) === undefined && !declaredIn(rule.body, n))) return t;
      const v: Var = { type: 'var', name: `$${this.counter.n++}`, location: t.location };
      moved.push({ kind: 'unify', lhs: v, rhs: t, negated: false, with: [], location: t.location });
      return v;
    };
    head = {
      ...head,
      ref: { ...head.ref, terms: [head.ref.terms[0], ...head.ref.terms.slice(1).map((t) => extract(t)!)] },
      key: extract(head.key),
      value: extract(head.value),
    };
    const headTerms: Term[] = [...head.ref.terms.slice(1)];
    if (head.key) headTerms.push(head.key);
    if (head.value) headTerms.push(head.value);
    const body = this.processBody([...rule.body, ...moved], root, headTerms, true);
    const ref0 = head.ref.terms[0] as Var;
    const ref: Ref = {
      type: 'ref',
      location: head.ref.location,
      terms: [
        { type: 'var', name: 'data', location: ref0.location },
        ...this.env.pkg.slice(1).map((s): Term => ({ type: 'string', value: s, location: ref0.location })),
        { type: 'string', value: ref0.name, location: ref0.location },
        ...head.ref.terms.slice(1).map((t) => (t.type === 'string' ? t : this.term(t, root))),
      ],
    };
    const out: Rule = {
      ...rule,
      head: {
        ...head,
        ref,
        args: newArgs,
        key: head.key && this.term(head.key, root),
        value: head.value && this.term(head.value, root),
      },
      body,
      else: rule.else && this.resolveRule(rule.else, args),
    };
    return out;
  }

  resolveQuery(body: Body): { body: Body; bindings: [string, string][] } {
    this.used = new Set();
    const root = new Scope();
    const out = this.processBody(body, root, [], true);
    const bindings: [string, string][] = [];
    const seen = new Set<string>();
    forEachVarExprs(body, (v) => {
      if (v.name === '_' || seen.has(v.name) || this.isGlobal(v.name)) return;
      seen.add(v.name);
      const local = root.names.get(v.name);
      if (local !== undefined) bindings.push([v.name, local]);
    });
    return { body: out, bindings };
  }

  /** Declare the vars of a function-arg pattern in `scope`; returns the rewritten pattern. */
  private declarePattern(t: Term, scope: Scope): Term {
    forEachVar(t, (v) => {
      if (v.name !== '_' && !scope.names.has(v.name)) this.bind(scope, v.name, false);
    });
    return this.term(t, scope);
  }

  private bind(scope: Scope, name: string, declared: boolean): string {
    let n = name;
    if (declared && !(this.queryMode && scope.parent === undefined)) n = this.fresh();
    else if (this.used.has(name)) n = this.fresh();
    this.used.add(n);
    scope.names.set(name, n);
    return n;
  }

  // ------------------------------------------------------------ bodies

  private processBody(body: Body, scope: Scope, extra: Term[], isRoot: boolean): Body {
    // 1. declarations of this body. As in OPA, a name can be declared (`some`, `:=`, `some .. in`) only once
    //    per body and not after it was used: the message names what came first.
    const declared = new Set<string>();
    type Occ = 'seen' | 'assigned' | 'declared' | 'arg';
    const occ = new Map<string, Occ>();
    if (isRoot) for (const name of scope.names.keys()) occ.set(name, 'arg');
    const what: Record<Occ, (n: string) => string> = {
      seen: (n) => `var ${n} referenced above`,
      assigned: (n) => `var ${n} assigned above`,
      declared: (n) => `var ${n} declared above`,
      arg: (n) => `arg ${n} redeclared`,
    };
    for (const e of body) {
      const names: Var[] = [];
      if (e.kind === 'some') names.push(...e.vars);
      else if (e.kind === 'assign') forEachVar(e.lhs, (v) => names.push(v), true);
      else if (e.kind === 'somein') {
        if (e.key) forEachVar(e.key, (v) => names.push(v), true);
        forEachVar(e.value, (v) => names.push(v), true);
      }
      for (const v of names) {
        if (v.name === '_') continue;
        if (e.kind === 'assign' && (v.name === 'input' || v.name === 'data')) {
          this.errors.push(regoError('rego_compile_error', `variables must not shadow ${v.name} (use a different variable name)`, v.location));
          continue;
        }
        const prev = occ.get(v.name);
        if (prev !== undefined) {
          this.errors.push(regoError('rego_compile_error', what[prev](v.name), v.location));
          continue;
        }
        occ.set(v.name, e.kind === 'assign' ? 'assigned' : 'declared');
        declared.add(v.name);
      }
      if (e.kind !== 'some') {
        forEachVarExpr(e, (v) => {
          if (v.name !== '_' && !occ.has(v.name)) occ.set(v.name, 'seen');
        }, true);
      }
    }
    // 2. direct, undeclared vars of this body (closures excluded): captured from outer scopes or new here
    const direct = (v: Var): void => {
      if (v.name === '_' || declared.has(v.name) || scope.names.has(v.name)) return;
      if (scope.lookup(v.name) !== undefined || this.isGlobal(v.name)) return;
      this.bind(scope, v.name, false);
    };
    for (const e of body) {
      forEachVarExpr({ ...e, with: [] } as Expr, direct, true);
      for (const w of e.with) {
        const v = w.value;
        const head = v.type === 'ref' ? v.terms[0] : v;
        if (head.type === 'var' && !this.isGlobal(head.name) && scope.lookup(head.name) === undefined && builtinArity(refName(v)) !== undefined) continue;
        forEachVar(v, direct, true);
      }
    }
    for (const t of extra) forEachVar(t, direct, true);
    // 3. rewrite
    const out: Body = [];
    for (const e of body) {
      const r = this.expr(e, scope);
      if (r) out.push(r);
    }
    // `some x` that nothing uses is an error in OPA (`declared var x unused`)
    const used = new Set<string>();
    for (const e of out) forEachVarExpr(e, (v) => used.add(v.name));
    for (const t of extra) forEachVar(t, (v) => used.add(v.name));
    for (const e of body) {
      if (e.kind !== 'some') continue;
      for (const v of e.vars) {
        const n = scope.names.get(v.name);
        if (v.name !== '_' && n !== undefined && !used.has(n) && !used.has(v.name)) {
          this.errors.push(regoError('rego_compile_error', `declared var ${v.name} unused`, v.location));
        }
      }
    }
    if (out.length === 0 && body.length > 0) {
      const loc = body[0].location;
      out.push({ kind: 'term', term: { type: 'boolean', value: true, location: loc }, negated: false, with: [], location: loc });
    }
    return out;
  }

  private expr(e: Expr, scope: Scope): Expr | undefined {
    const withs: With[] = e.with.map((w) => this.withMod(w, scope));
    switch (e.kind) {
      case 'some':
        for (const v of e.vars) if (v.name !== '_') this.bind(scope, v.name, true);
        return undefined; // the declaration's effect is the renaming
      case 'term':
        return { ...e, term: this.term(e.term, scope), with: withs };
      case 'unify':
        return { ...e, lhs: this.term(e.lhs, scope), rhs: this.term(e.rhs, scope), with: withs };
      case 'assign': {
        // declarations take effect from here on: a closure earlier in the body does not capture them
        const rhs = this.term(e.rhs, scope);
        this.declareVars(e.lhs, scope);
        return { ...e, lhs: this.term(e.lhs, scope), rhs, with: withs };
      }
      case 'somein': {
        const domain = this.term(e.domain, scope);
        if (e.key) this.declareVars(e.key, scope);
        this.declareVars(e.value, scope);
        return { ...e, key: e.key && this.term(e.key, scope), value: this.term(e.value, scope), domain, with: withs };
      }
      case 'every': {
        const inner = new Scope(scope);
        const key = e.key && this.declarePatternFresh(e.key, inner);
        const value = this.declarePatternFresh(e.value, inner);
        const body = this.processBody(e.body, inner, [], false);
        return { ...e, key, value, domain: this.term(e.domain, scope), body, with: withs };
      }
    }
  }

  private declareVars(t: Term, scope: Scope): void {
    forEachVar(t, (v) => {
      if (v.name !== '_' && !scope.names.has(v.name)) this.bind(scope, v.name, true);
    }, true);
  }

  private declarePatternFresh(t: Term, scope: Scope): Term {
    forEachVar(t, (v) => {
      if (v.name !== '_') this.bind(scope, v.name, true);
    });
    return this.term(t, scope);
  }

  private withMod(w: With, scope: Scope): With {
    // target: `input...`, `data...` or a function (builtin name or rule); value: any term, or a function name
    const target = this.ref(w.target, scope);
    const th = target.terms[0];
    const targetName = refName(target);
    const isDoc = th.type === 'var' && (th.name === 'input' || th.name === 'data');
    if (!isDoc && builtinArity(targetName) === undefined) {
      this.errors.push(regoError('rego_compile_error', 'with keyword target must reference existing input, data, or a function', w.target.location));
    }
    let value: Term;
    const v = w.value;
    if (v.type === 'var' && scope.lookup(v.name) === undefined && !this.isGlobal(v.name) && builtinArity(v.name) !== undefined) {
      value = { type: 'ref', terms: [v], location: v.location }; // function value (a builtin), see check.ts
    } else if (v.type === 'ref' && v.terms[0].type === 'var' && scope.lookup(v.terms[0].name) === undefined && !this.isGlobal(v.terms[0].name) &&
      builtinArity(v.terms.map((t) => (t.type === 'var' ? t.name : t.type === 'string' ? t.value : '?')).join('.')) !== undefined) {
      const name = v.terms.map((t) => (t.type === 'var' ? t.name : (t as { value: string }).value)).join('.');
      value = { type: 'ref', terms: [{ type: 'var', name, location: v.location }], location: v.location };
    } else {
      value = this.term(v, scope);
    }
    return { ...w, target, value };
  }

  // ------------------------------------------------------------ terms

  private ref(r: Ref, scope: Scope): Ref {
    const t = this.term(r, scope);
    if (t.type === 'ref') return t;
    return { type: 'ref', terms: [t], location: r.location };
  }

  term(t: Term, scope: Scope): Term {
    switch (t.type) {
      case 'null': case 'boolean': case 'number': case 'string':
        return t;
      case 'var': {
        if (t.name === '_') return { type: 'var', name: `$${this.counter.n++}`, orig: '_', location: t.location };
        const local = scope.lookup(t.name);
        if (local !== undefined) return local === t.name ? t : { ...t, name: local, orig: t.name };
        const g = this.globalTerms(t);
        if (g) return g.length === 1 ? g[0] : { type: 'ref', terms: g, location: t.location };
        return t;
      }
      case 'ref': {
        const rest = t.terms.slice(1).map((x) => this.term(x, scope));
        const head = t.terms[0];
        let headTerms: Term[];
        if (head.type === 'var' && head.name !== '_') {
          const local = scope.lookup(head.name);
          if (local !== undefined) headTerms = [local === head.name ? head : { ...head, name: local, orig: head.name }];
          else headTerms = this.globalTerms(head) ?? [head];
        } else {
          headTerms = [this.term(head, scope)];
        }
        if (headTerms.length === 1 && headTerms[0].type === 'ref') headTerms = (headTerms[0] as Ref).terms;
        return { type: 'ref', terms: [...headTerms, ...rest], location: t.location };
      }
      case 'call':
        return this.call(t, scope);
      case 'array':
        return { ...t, items: t.items.map((x) => this.term(x, scope)) };
      case 'set':
        return { ...t, items: t.items.map((x) => this.term(x, scope)) };
      case 'object':
        return { ...t, items: t.items.map(([k, v]): [Term, Term] => [this.term(k, scope), this.term(v, scope)]) };
      case 'arraycompr':
      case 'setcompr': {
        const inner = new Scope(scope);
        const body = this.processBody(t.body, inner, [t.term], false);
        return { ...t, term: this.term(t.term, inner), body };
      }
      case 'objectcompr': {
        const inner = new Scope(scope);
        const body = this.processBody(t.body, inner, [t.key, t.value], false);
        return { ...t, key: this.term(t.key, inner), value: this.term(t.value, inner), body };
      }
    }
  }

  private call(t: Term & { type: 'call' }, scope: Scope): Term {
    const args = t.args.map((a) => this.term(a, scope));
    const head = t.fn.terms[0] as Var;
    const names = t.fn.terms.map((x) => (x.type === 'var' ? x.name : x.type === 'string' ? x.value : '?'));
    let fnTerms: Term[] | undefined;
    if (!OPERATORS.has(head.name) || t.fn.terms.length > 1) {
      if (scope.lookup(head.name) !== undefined) {
        this.typeErrors.push(regoError('rego_type_error', `undefined function ${names.join('.')}`, t.location));
        return { ...t, args };
      }
      const g = head.name === 'data' ? [head] : this.globalTerms(head);
      if (g && head.name !== 'input') fnTerms = [...g, ...t.fn.terms.slice(1)];
      const alias = g ? undefined : this.funcs.builtinAlias?.(names.join('.'));
      if (alias) fnTerms = alias.split('.').map((seg, i): Term => (i === 0 ? { type: 'var', name: seg, location: t.fn.location } : { type: 'string', value: seg, location: t.fn.location }));
    }
    if (fnTerms && fnTerms[0].type === 'var' && fnTerms[0].name === 'data') {
      const path = fnTerms.map((x) => (x.type === 'var' ? x.name : x.type === 'string' ? x.value : '?')).join('.');
      const arity = this.funcs.functionArity(path);
      // `f()` of a rule without arguments is that rule's value (OPA: a zero-argument "function" is a rule).
      if (arity === -2 && args.length === 0) return { type: 'ref', terms: fnTerms, location: t.location };
      if (arity === undefined || arity === -2) {
        this.typeErrors.push(regoError('rego_type_error', `undefined function ${path}`, t.location));
      } else if (args.length !== arity && args.length !== arity + 1) {
        this.typeErrors.push(arityError(path, arity, args, t.location));
      }
      return { ...t, fn: { type: 'ref', terms: fnTerms, location: t.fn.location }, args };
    }
    const name = names.join('.');
    const arity = builtinArity(name);
    if (arity === undefined) {
      this.typeErrors.push(regoError('rego_type_error', `undefined function ${name}`, t.location));
    } else if (this.env.regoVersion !== 0 && isDeprecatedBuiltin(name)) {
      this.typeErrors.push(regoError('rego_type_error', `deprecated built-in function calls in expression: ${name}`, t.location));
    } else if (arity >= 0 && args.length !== arity && args.length !== arity + 1) {
      this.typeErrors.push(arityError(name, arity, args, t.location));
    } else {
      const typeErr = checkBuiltinTypes(name, args, t.location);
      if (typeErr) this.typeErrors.push(typeErr);
    }
    return { ...t, args };
  }
}

function refName(t: Term): string {
  if (t.type === 'var') return t.name;
  if (t.type !== 'ref') return '';
  return t.terms.map((x) => (x.type === 'var' ? x.name : x.type === 'string' ? x.value : '?')).join('.');
}

function forEachVarExprs(body: Body, cb: (v: Var) => void): void {
  for (const e of body) forEachVarExpr(e, cb, true);
}
