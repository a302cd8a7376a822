/* Small traversal helpers over terms and bodies shared by the checker passes. */
import type { Body, Expr, Term, Var } from './ast';

/** Visit every var in `t`. Comprehension contents are visited unless `skipClosures`. */
export function forEachVar(t: Term, cb: (v: Var) => void, skipClosures = false): void {
  switch (t.type) {
    case 'var': cb(t); return;
    case 'ref': t.terms.forEach((x) => forEachVar(x, cb, skipClosures)); return;
    case 'call': t.fn.terms.slice(1).forEach((x) => forEachVar(x, cb, skipClosures)); t.args.forEach((x) => forEachVar(x, cb, skipClosures)); return;
    case 'array': case 'set': t.items.forEach((x) => forEachVar(x, cb, skipClosures)); return;
    case 'object': t.items.forEach(([k, v]) => { forEachVar(k, cb, skipClosures); forEachVar(v, cb, skipClosures); }); return;
    case 'arraycompr': case 'setcompr':
      if (skipClosures) return;
      forEachVar(t.term, cb); forEachVarBody(t.body, cb); return;
    case 'objectcompr':
      if (skipClosures) return;
      forEachVar(t.key, cb); forEachVar(t.value, cb); forEachVarBody(t.body, cb); return;
    default: return;
  }
}

export function forEachVarExpr(e: Expr, cb: (v: Var) => void, skipClosures = false): void {
  switch (e.kind) {
    case 'term': forEachVar(e.term, cb, skipClosures); break;
    case 'unify': case 'assign': forEachVar(e.lhs, cb, skipClosures); forEachVar(e.rhs, cb, skipClosures); break;
    case 'some': e.vars.forEach(cb); break;
    case 'somein': if (e.key) forEachVar(e.key, cb, skipClosures); forEachVar(e.value, cb, skipClosures); forEachVar(e.domain, cb, skipClosures); break;
    case 'every':
      forEachVar(e.domain, cb, skipClosures);
      if (!skipClosures) { if (e.key) forEachVar(e.key, cb); forEachVar(e.value, cb); forEachVarBody(e.body, cb); }
      break;
  }
  // `with` targets name documents or functions, never local vars; a one-term ref value is a function name
  for (const w of e.with) {
    if (w.value.type === 'ref' && w.value.terms.length === 1) continue;
    forEachVar(w.value, cb, skipClosures);
  }
}

export function forEachVarBody(b: Body, cb: (v: Var) => void): void {
  for (const e of b) forEachVarExpr(e, cb);
}

/** Vars of a term as a set of names. */
export function varsOf(t: Term, skipClosures = false): Set<string> {
  const s = new Set<string>();
  forEachVar(t, (v) => s.add(v.name), skipClosures);
  return s;
}

/** The terms directly inside an expression (for walking). */
export function exprTerms(e: Expr): Term[] {
  const out: Term[] = [];
  switch (e.kind) {
    case 'term': out.push(e.term); break;
    case 'unify': case 'assign': out.push(e.lhs, e.rhs); break;
    case 'some': out.push(...e.vars); break;
    case 'somein': if (e.key) out.push(e.key); out.push(e.value, e.domain); break;
    case 'every': out.push(e.domain); break;
  }
  for (const w of e.with) out.push(w.target, w.value);
  return out;
}

/** Visit every term node (pre-order), including inside closures; used for dependency and call scans. */
export function forEachTerm(t: Term, cb: (t: Term) => void): void {
  cb(t);
  switch (t.type) {
    case 'ref': t.terms.forEach((x) => forEachTerm(x, cb)); return;
    case 'call': t.fn.terms.slice(1).forEach((x) => forEachTerm(x, cb)); t.args.forEach((x) => forEachTerm(x, cb)); return;
    case 'array': case 'set': t.items.forEach((x) => forEachTerm(x, cb)); return;
    case 'object': t.items.forEach(([k, v]) => { forEachTerm(k, cb); forEachTerm(v, cb); }); return;
    case 'arraycompr': case 'setcompr': forEachTerm(t.term, cb); forEachTermBody(t.body, cb); return;
    case 'objectcompr': forEachTerm(t.key, cb); forEachTerm(t.value, cb); forEachTermBody(t.body, cb); return;
    default: return;
  }
}

export function forEachTermBody(b: Body, cb: (t: Term) => void): void {
  for (const e of b) {
    for (const t of exprTerms(e)) forEachTerm(t, cb);
    if (e.kind === 'every') {
      if (e.key) forEachTerm(e.key, cb);
      forEachTerm(e.value, cb);
      forEachTermBody(e.body, cb);
    }
  }
}

/** Does a head term contain anything to evaluate (a ref, call or comprehension)? */
export function needsExtraction(t: Term, isGlobal: (name: string) => boolean): boolean {
  const rec = (x: Term): boolean => needsExtraction(x, isGlobal);
  switch (t.type) {
    case 'ref': case 'call': case 'arraycompr': case 'setcompr': case 'objectcompr': return true;
    case 'array': case 'set': return t.items.some(rec);
    case 'object': return t.items.some(([k, v]) => rec(k) || rec(v));
    case 'var': return isGlobal(t.name); // a rule name or import becomes a ref
    default: return false;
  }
}

/** Is `name` declared (`some`, `:=`, `some .. in`) at the top level of `body`? */
export function declaredIn(body: Body, name: string): boolean {
  for (const e of body) {
    let found = false;
    const hit = (v: Var): void => {
      if (v.name === name) found = true;
    };
    if (e.kind === 'some') e.vars.forEach(hit);
    else if (e.kind === 'assign') forEachVar(e.lhs, hit, true);
    else if (e.kind === 'somein') {
      if (e.key) forEachVar(e.key, hit, true);
      forEachVar(e.value, hit, true);
    }
    if (found) return true;
  }
  return false;
}

