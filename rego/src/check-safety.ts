/*
 * Safety (second checker pass, on resolved and renamed bodies): reorder each body so that every var is bound
 * before it is read, as OPA does, and report the vars that nothing can bind (`var x is unsafe`).
 *
 * An expression can be placed once every var it reads is bound, given the vars it binds itself:
 * - ref operands iterate (`xs[i]` binds i once xs is known), in any expression, call arguments included;
 * - `a = b` binds the unbound side's pattern vars when the other side is known (element-wise for arrays/objects);
 * - `a := b`, `some x in xs` bind their patterns; a call with one extra argument binds the output argument;
 * - `not` binds nothing (except iteration vars used only inside that negation); `every` binds nothing.
 * Passes keep OPA's order: scan the body in order, appending what is safe, and repeat until nothing changes.
 */
import type { Body, Expr, Term, Var } from './ast';
import { forEachVar, forEachVarExpr } from './check-walk';
import { type RegoError, regoError } from './errors';

export interface SafetyEnv {
  /** Arity of a call target (`count`, `data.pkg.f`), undefined if unknown. */
  arity(fnName: string): number | undefined;
}

const GLOBALS = new Set(['data', 'input']);

function fnName(t: Term & { type: 'call' }): string {
  return t.fn.terms.map((x) => (x.type === 'var' ? x.name : x.type === 'string' ? x.value : '?')).join('.');
}

export class Safety {
  constructor(private readonly env: SafetyEnv, private readonly errors: RegoError[]) {}

  /**
   * Reorder `body` given the vars bound before it; returns the new body and the vars bound after it.
   * `headTerms` (rule head key/value/ref operands) must be bound by the end.
   */
  body(body: Body, bound: Set<string>, headTerms: Term[] = []): { body: Body; bound: Set<string> } {
    const direct = new Set<string>();
    for (const e of body) forEachVarExpr(e, (v) => direct.add(v.name), true);
    const safe = new Set(bound);
    for (const g of GLOBALS) safe.add(g);
    const remaining = body.slice();
    const out: Body = [];
    let progress = true;
    while (remaining.length > 0 && progress) {
      progress = false;
      for (let i = 0; i < remaining.length; i++) {
        const e = remaining[i];
        const needs = this.needs(e, direct);
        const outs = this.outputs(e, safe);
        let ok = true;
        for (const v of needs) if (!safe.has(v) && !outs.has(v)) { ok = false; break; }
        if (!ok) continue;
        for (const v of outs) safe.add(v);
        out.push(this.closures(e, safe));
        remaining.splice(i, 1);
        i--;
        progress = true;
      }
    }
    // report what could not be placed, once per var (OPA reports each unsafe var); generated vars (wildcards)
    // mean nothing to the user, so for them OPA names the expression instead, if no named var is unsafe
    const reported = new Set<string>();
    const genExprs: Expr[] = [];
    let named = false;
    for (const e of remaining) {
      this.forEachNeededVar(e, direct, (v) => {
        if (safe.has(v.name) || reported.has(v.name)) return;
        reported.add(v.name);
        if ((v.orig ?? v.name).startsWith('$') || v.orig === '_') {
          if (!genExprs.includes(e)) genExprs.push(e);
        } else {
          named = true;
          this.unsafe(v);
        }
      });
      out.push(e);
    }
    if (genExprs.length > 0 && !named) {
      for (const e of genExprs) this.errors.push(regoError('rego_unsafe_var_error', 'expression is unsafe', e.location));
    }
    for (const t of headTerms) {
      forEachVar(t, (v) => {
        if (safe.has(v.name) || reported.has(v.name)) return;
        reported.add(v.name);
        this.unsafe(v);
      }, true);
    }
    return { body: out, bound: safe };
  }

  private unsafe(v: Var): void {
    const name = v.orig ?? v.name;
    if (name.startsWith('$') || name === '_') return void this.errors.push(regoError('rego_unsafe_var_error', `var _ is unsafe`, v.location));
    this.errors.push(regoError('rego_unsafe_var_error', `var ${name} is unsafe`, v.location));
  }

  /** Vars of `e` owned by this body (closure contents included: captured vars must be bound first). */
  private needs(e: Expr, direct: Set<string>): Set<string> {
    const s = new Set<string>();
    this.forEachNeededVar(e, direct, (v) => s.add(v.name));
    return s;
  }

  private forEachNeededVar(e: Expr, direct: Set<string>, cb: (v: Var) => void): void {
    forEachVarExpr(e, (v) => {
      if (direct.has(v.name)) cb(v);
    });
  }

  /** After placing `e`, check and reorder the bodies of its closures with the vars now bound. */
  private closures(e: Expr, bound: Set<string>): Expr {
    const term = (t: Term): Term => this.closureTerm(t, bound);
    const withs = e.with.map((w) => ({ ...w, value: term(w.value) }));
    switch (e.kind) {
      case 'term': return { ...e, term: term(e.term), with: withs };
      case 'unify': case 'assign': return { ...e, lhs: term(e.lhs), rhs: term(e.rhs), with: withs };
      case 'somein': return { ...e, domain: term(e.domain), with: withs };
      case 'some': return e;
      case 'every': {
        const inner = new Set(bound);
        if (e.key) forEachVar(e.key, (v) => inner.add(v.name));
        forEachVar(e.value, (v) => inner.add(v.name));
        return { ...e, domain: term(e.domain), body: this.body(e.body, inner).body, with: withs };
      }
    }
  }

  private closureTerm(t: Term, bound: Set<string>): Term {
    const rec = (x: Term): Term => this.closureTerm(x, bound);
    switch (t.type) {
      case 'ref': return { ...t, terms: t.terms.map(rec) };
      case 'call': return { ...t, args: t.args.map(rec) };
      case 'array': return { ...t, items: t.items.map(rec) };
      case 'set': return { ...t, items: t.items.map(rec) };
      case 'object': return { ...t, items: t.items.map(([k, v]): [Term, Term] => [rec(k), rec(v)]) };
      case 'arraycompr': case 'setcompr': {
        const r = this.body(t.body, bound, [t.term]);
        return { ...t, body: r.body, term: this.closureTerm(t.term, r.bound) };
      }
      case 'objectcompr': {
        const r = this.body(t.body, bound, [t.key, t.value]);
        return { ...t, body: r.body, key: this.closureTerm(t.key, r.bound), value: this.closureTerm(t.value, r.bound) };
      }
      default: return t;
    }
  }

  // ------------------------------------------------------------ output vars

  private outputs(e: Expr, safe: Set<string>): Set<string> {
    const out = new Set<string>();
    switch (e.kind) {
      case 'some':
        break;
      case 'every':
        this.refOutputs(e.domain, safe, out);
        break;
      case 'somein':
        this.refOutputs(e.domain, safe, out);
        if (e.key) patternVars(e.key, out);
        patternVars(e.value, out);
        break;
      case 'assign':
        this.refOutputs(e.rhs, safe, out);
        patternVars(e.lhs, out);
        break;
      case 'unify':
        this.refOutputs(e.lhs, safe, out);
        this.refOutputs(e.rhs, safe, out);
        this.unifyOutputs(e.lhs, e.rhs, safe, out);
        break;
      case 'term':
        this.termOutputs(e.term, safe, out);
        break;
    }
    // A negation binds nothing, so every var in it must be bound outside it, `_` included (OPA:
    // `not xs[_]` is `var _ is unsafe`; a call's unbound output argument `not f(x, y)` is unsafe too).
    if (e.negated) return new Set();
    return out;
  }

  private termOutputs(t: Term, safe: Set<string>, out: Set<string>): void {
    if (t.type === 'call') {
      const arity = this.env.arity(fnName(t));
      if (arity !== undefined && arity >= 0 && t.args.length === arity + 1) {
        t.args.slice(0, -1).forEach((a) => this.refOutputs(a, safe, out));
        const all = new Set([...safe, ...out]);
        if (t.args.slice(0, -1).every((a) => allBound(a, all))) {
          const last = t.args[t.args.length - 1];
          this.refOutputs(last, safe, out);
          patternVars(last, out);
        }
        return;
      }
    }
    this.refOutputs(t, safe, out);
  }

  /** Vars in ref operands that iteration binds, once the ref's head is known. */
  private refOutputs(t: Term, safe: Set<string>, out: Set<string>): void {
    switch (t.type) {
      case 'ref': {
        const head = t.terms[0];
        if (head.type === 'var') {
          if (!safe.has(head.name) && !out.has(head.name)) return;
        } else {
          this.refOutputs(head, safe, out);
        }
        for (const op of t.terms.slice(1)) {
          if (op.type === 'var') {
            if (!safe.has(op.name)) out.add(op.name);
          } else if (op.type === 'array' || op.type === 'object') {
            // `xs[[1, x]]`: iteration unifies the key with a pattern
            const pv = new Set<string>();
            patternVars(op, pv);
            for (const v of pv) if (!safe.has(v)) out.add(v);
            this.refOutputs(op, safe, out);
          } else this.refOutputs(op, safe, out);
        }
        return;
      }
      case 'call':
        t.args.forEach((a) => this.refOutputs(a, safe, out));
        return;
      case 'array': case 'set':
        t.items.forEach((a) => this.refOutputs(a, safe, out));
        return;
      case 'object':
        t.items.forEach(([k, v]) => { this.refOutputs(k, safe, out); this.refOutputs(v, safe, out); });
        return;
      default:
        return;
    }
  }

  private unifyOutputs(a: Term, b: Term, safe: Set<string>, out: Set<string>): void {
    for (let round = 0; round < 4; round++) {
      const before = out.size;
      this.unifyStep(a, b, safe, out);
      if (out.size === before) break;
    }
  }

  private unifyStep(a: Term, b: Term, safe: Set<string>, out: Set<string>): void {
    const known = (t: Term): boolean => allBound(t, new Set([...safe, ...out]));
    if (a.type === 'array' && b.type === 'array' && a.items.length === b.items.length) {
      a.items.forEach((x, i) => this.unifyStep(x, b.items[i], safe, out));
      return;
    }
    if (a.type === 'object' && b.type === 'object') {
      for (const [ka, va] of a.items) {
        const m = b.items.find(([kb]) => sameKey(ka, kb));
        if (m) this.unifyStep(va, m[1], safe, out);
      }
      return;
    }
    if (isPattern(a) && known(b)) patternVars(a, out);
    if (isPattern(b) && known(a)) patternVars(b, out);
  }
}

/** Vars of a pattern (var, array, object values/keys, set items), not inside refs, calls or closures. */
function patternVars(t: Term, out: Set<string>): void {
  switch (t.type) {
    case 'var': out.add(t.name); return;
    case 'array': case 'set': t.items.forEach((x) => patternVars(x, out)); return;
    case 'object': t.items.forEach(([, v]) => patternVars(v, out)); return;
    default: return;
  }
}

function isPattern(t: Term): boolean {
  return t.type === 'var' || t.type === 'array' || t.type === 'object';
}

/** Closure contents are left out: captured vars are the `needs` check's business. */
function allBound(t: Term, safe: Set<string>): boolean {
  let ok = true;
  forEachVar(t, (v) => {
    if (!safe.has(v.name)) ok = false;
  }, true);
  return ok;
}

/** Keys that pair two object patterns, as OPA's unifier looks them up: equal terms (a scalar, or the same var). */
function sameKey(a: Term, b: Term): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'var') return a.name === (b as typeof a).name;
  if (a.type === 'string' || a.type === 'boolean') return a.value === (b as typeof a).value;
  if (a.type === 'number') return a.value === (b as typeof a).value;
  return a.type === 'null';
}

